// Package outbound makes the HTTP clients Vigil uses to send to addresses
// that organisations type in: webhooks and learning record stores. Such an
// address could name this machine or a cloud's metadata service, so the
// clients refuse to connect to loopback, unspecified, link-local and
// multicast addresses whatever a name resolves to (unless a test allows
// loopback), use no proxy, never follow redirects and bound every wait.
package outbound

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// Options shape a client.
type Options struct {
	// Timeout bounds a whole request, answer included.
	Timeout time.Duration
	// Receiver names what is sent to, for the refusal: "the webhook".
	Receiver string
	// Redirect is what the client does with a redirect; nil keeps the
	// redirect answer itself (http.ErrUseLastResponse).
	Redirect func(*http.Request, []*http.Request) error
	// AllowLoopback lets a test send to a server on this machine.
	AllowLoopback bool
}

// dialTimeout bounds connecting and the TLS handshake.
const dialTimeout = 10 * time.Second

// Client returns a client as the package describes.
func Client(o Options) *http.Client {
	dialer := &net.Dialer{Timeout: dialTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		if o.AllowLoopback {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || refused(ip) {
			return fmt.Errorf("%s's address leads to %s, which Vigil does not send to", o.Receiver, host)
		}
		return nil
	}}
	redirect := o.Redirect
	if redirect == nil {
		redirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return &http.Client{
		Timeout: o.Timeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   dialTimeout,
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       time.Minute,
		},
		CheckRedirect: redirect,
	}
}

func refused(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast()
}

// IsLoopbackHost says a host, as written in an address, names this machine.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}
