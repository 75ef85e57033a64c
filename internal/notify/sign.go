package notify

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/outbound"
)

// The headers of a signed webhook post. The signature is HMAC-SHA256, keyed
// with the webhook's secret, over the timestamp, a full stop and the body
// exactly as sent: "v1=" and the hex digest. A receiver recomputes it,
// compares in constant time, and refuses a timestamp more than a few
// minutes old so that a captured post cannot be replayed later.
const (
	HeaderTimestamp = "X-Vigil-Timestamp" // Unix seconds when this attempt was signed
	HeaderSignature = "X-Vigil-Signature" // v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
	HeaderDelivery  = "X-Vigil-Delivery"  // the delivery's id: the same on every retry, to drop repeats
	signatureScheme = "v1="
	// MaxSignatureHeader bounds what Verify reads of the header.
	MaxSignatureHeader = 512
)

// newSecret makes a webhook's signing secret.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// Sign is the X-Vigil-Signature value for body signed at ts.
func Sign(secret string, ts time.Time, body []byte) string {
	return signatureScheme + hex.EncodeToString(mac(secret, strconv.FormatInt(ts.Unix(), 10), body))
}

func mac(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a signed post as a receiver would: the signature must match
// and the timestamp be within tolerance of now. It is the reference for the
// recipe in the monitoring documentation.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if len(timestamp) > 20 || len(signature) > MaxSignatureHeader {
		return fmt.Errorf("signature headers are too long")
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%s %q is not Unix seconds", HeaderTimestamp, timestamp)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%s is %s away from now, more than %s", HeaderTimestamp, d.Round(time.Second), tolerance)
	}
	digest, ok := strings.CutPrefix(signature, signatureScheme)
	if !ok {
		return fmt.Errorf("%s must start with %q", HeaderSignature, signatureScheme)
	}
	got, err := hex.DecodeString(digest)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%s must be %q and 64 hex digits", HeaderSignature, signatureScheme)
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return fmt.Errorf("%s does not match the body", HeaderSignature)
	}
	return nil
}

// CheckURL checks a webhook address: absolute https with a host, no user
// name or password in it, not too long. Plain http is allowed only to this
// machine and only when allowLoopbackHTTP is set (tests).
func CheckURL(raw string, allowLoopbackHTTP bool) (*url.URL, error) {
	if len(raw) > MaxURL {
		return nil, fmt.Errorf("the address is longer than %d characters", MaxURL)
	}
	if strings.ContainsAny(raw, " \t\r\n") {
		return nil, fmt.Errorf("the address has spaces in it")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the address cannot be read: %v", err)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("the address must be a full one, starting https://")
	}
	if u.User != nil {
		return nil, fmt.Errorf("the address must not carry a user name or password")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !allowLoopbackHTTP || !outbound.IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("the address must start https:// so nobody can read or change what is sent")
		}
	default:
		return nil, fmt.Errorf("the address must start https://")
	}
	if u.Fragment != "" {
		return nil, fmt.Errorf("the address must not have a # part")
	}
	return u, nil
}

// ExampleHost reports whether host is a name set aside for examples and
// documentation (RFC 2606): anything under .example, .invalid or .test, and
// example.com, example.net and example.org with their subdomains. Vigil
// never posts to one: nobody real is there to read it, and the demo's
// webhook points at one so that it shows the feature without sending.
func ExampleHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, tld := range []string{"example", "invalid", "test"} {
		if host == tld || strings.HasSuffix(host, "."+tld) {
			return true
		}
	}
	for _, name := range []string{"example.com", "example.net", "example.org"} {
		if host == name || strings.HasSuffix(host, "."+name) {
			return true
		}
	}
	return false
}
