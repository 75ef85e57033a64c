package lrs

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/vigil-health/vigil/internal/outbound"
)

// Limits on what an org admin types.
const (
	MaxEndpointChars = 500
	MaxKeyChars      = 200
	MaxSecretChars   = 500
)

// checkChange checks the settings typed in, and answers the endpoint
// without a trailing slash, and what is wrong by field.
func checkChange(ch Change, allowLoopback bool) (string, map[string]string) {
	fields := map[string]string{}
	endpoint, err := CheckEndpoint(ch.Endpoint, allowLoopback)
	if err != nil {
		fields["endpoint"] = err.Error()
	}
	switch {
	case ch.Enabled && ch.Key == "":
		fields["key"] = "Enter the key your learning record store gave you."
	case len(ch.Key) > MaxKeyChars:
		fields["key"] = fmt.Sprintf("The key is longer than %d characters. Check you copied the key and not something else.", MaxKeyChars)
	case strings.Contains(ch.Key, ":"):
		// Basic authentication joins key and secret with a colon.
		fields["key"] = "The key cannot contain a colon (:). Check you copied the key on its own."
	case hasControl(ch.Key):
		fields["key"] = "The key contains a line break or another hidden character. Copy it again."
	}
	switch {
	case len(ch.Secret) > MaxSecretChars:
		fields["secret"] = fmt.Sprintf("The secret is longer than %d characters. Check you copied the secret and not something else.", MaxSecretChars)
	case hasControl(ch.Secret):
		fields["secret"] = "The secret contains a line break or another hidden character. Copy it again."
	}
	if ch.Enabled && ch.Endpoint == "" {
		fields["endpoint"] = "Enter the address of your learning record store, to send results to it."
	}
	return endpoint, fields
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// CheckEndpoint checks the address of a learning record store, such as
// https://lrs.example.nhs.uk/xapi, and answers it without a trailing
// slash. An empty address is allowed (nothing is sent). The error says
// what is wrong in words for the settings page.
func CheckEndpoint(raw string, allowLoopback bool) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	if len(raw) > MaxEndpointChars {
		return "", fmt.Errorf("the address is longer than %d characters", MaxEndpointChars)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("enter a full address that starts with https://, such as https://lrs.example.nhs.uk/xapi")
	}
	if u.User != nil {
		return "", fmt.Errorf("leave the key and secret out of the address: enter them below")
	}
	if u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#") {
		return "", fmt.Errorf("the address cannot have a ? or # part: enter the address the store gives for xAPI")
	}
	loopback := outbound.IsLoopbackHost(u.Hostname())
	switch {
	case u.Scheme == "https" && (!loopback || allowLoopback):
	case u.Scheme == "http" && loopback && allowLoopback:
	case loopback:
		return "", fmt.Errorf("the address is this machine itself: enter the learning record store's own address")
	default:
		return "", fmt.Errorf("the address must start with https:// so that results travel encrypted")
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}
