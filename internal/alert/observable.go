package alert

import (
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Kind is what sort of thing an observable names.
type Kind string

const (
	Hostname  Kind = "hostname"   // lower case, without a trailing dot
	IP        Kind = "ip"         // canonical text; IPv4-mapped IPv6 becomes IPv4
	AgentName Kind = "agent-name" // the detection agent's name for the machine, lower case
	AgentID   Kind = "agent-id"   // the detection agent's id, as given
	User      Kind = "user"       // a user name, as given (DOMAIN\name, name@domain, name)
	FileHash  Kind = "file-hash"  // MD5, SHA-1, SHA-256 or SHA-512 in lower-case hex
	URL       Kind = "url"        // as given
)

// Observable is one thing an alert names that may be an asset in the care map
// (a host, an address, an agent) or evidence about it (a user, a file, a link).
type Observable struct {
	Kind  Kind   `json:"kind"`
	Value string `json:"value"`
	// Field is where in the source record the value was found ("agent.ip",
	// "data.srcip", "dst"), so correlation can tell a target from an attacker.
	Field string `json:"field"`
}

// Observe adds an observable after normalising value for its kind. It reports
// false, adding nothing, when the value is not a valid one of its kind; a value
// the alert already has, or one past MaxObservables, is dropped but reported as
// valid. Decoders of tool formats drop invalid values ("unknown", "-") quietly;
// the generic shape reports them to the sender.
func (a *Alert) Observe(kind Kind, value, field string) bool {
	v, ok := normalise(kind, strings.TrimSpace(value))
	if !ok {
		return false
	}
	if kind == Hostname && mayBeIP(v) {
		if ip, err := netip.ParseAddr(v); err == nil {
			kind, v = IP, canonicalIP(ip, v)
		}
	}
	if len(a.Observables) >= MaxObservables {
		return true
	}
	for _, o := range a.Observables {
		if o.Kind == kind && o.Value == v {
			return true
		}
	}
	if a.Observables == nil {
		a.Observables = make([]Observable, 0, 8)
	}
	a.Observables = append(a.Observables, Observable{Kind: kind, Value: v, Field: field})
	return true
}

// mayBeIP is true for text that could be an IP address, so that host names are
// not parsed as addresses only to fail.
func mayBeIP(s string) bool {
	last := s[len(s)-1]
	return strings.IndexByte(s, ':') >= 0 || s[0] >= '0' && s[0] <= '9' && last >= '0' && last <= '9'
}

// canonicalIP is ip's text, reusing text when it is already written that way.
func canonicalIP(ip netip.Addr, text string) string {
	ip = ip.Unmap().WithZone("")
	var buf [64]byte
	if b := ip.AppendTo(buf[:0]); string(b) == text {
		return text
	}
	return ip.String()
}

func normalise(kind Kind, v string) (string, bool) {
	if v == "" || v == "-" || !utf8.ValidString(v) { // "-" is how logs write "none"
		return "", false
	}
	switch kind {
	case IP:
		ip, err := netip.ParseAddr(v)
		if err != nil {
			return "", false
		}
		return canonicalIP(ip, v), true
	case Hostname, AgentName:
		v = strings.TrimSuffix(v, ".")
		if len(v) == 0 || len(v) > 253 || !hostChars(v) {
			return "", false
		}
		return lower(v), true
	case FileHash:
		switch len(v) {
		case 32, 40, 64, 128:
		default:
			return "", false
		}
		for i := 0; i < len(v); i++ {
			if !isHex(v[i]) {
				return "", false
			}
		}
		return lower(v), true
	case URL:
		return v, len(v) <= maxURLText && printable(v)
	case AgentID, User:
		return v, len(v) <= maxObservableText && printable(v)
	}
	return "", false
}

// hostChars allows what DNS names and Windows computer names use. A value with a
// space or a slash is a sentence or a path, not a host.
func hostChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '.', c == '_', c == ':', c == '%':
		case c >= utf8.RuneSelf: // internationalised names
		default:
			return false
		}
	}
	return true
}

func printable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// lower avoids an allocation for text that is already lower case, which most
// host names are.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}
