package web

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"/admin/people?q=ann":  "/admin/people?q=ann",
		"/":                    "/",
		"":                     "",
		"https://evil.example": "",
		"//evil.example":       "",
		"/\\evil.example":      "",
		"/\t/evil.example":     "",
		"/\n/evil.example":     "",
		"/a\\b":                "",
		"evil.example":         "",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "//x", "/\t/x", "/ok?a=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" {
			return
		}
		// What passes must stay on this site however a browser reads it.
		cleaned := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, got)
		if !strings.HasPrefix(cleaned, "/") || strings.HasPrefix(cleaned, "//") || strings.ContainsRune(cleaned, '\\') {
			t.Fatalf("safeNext let %q through", next)
		}
	})
}

func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	proxy := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	cases := []struct {
		remote, forwarded string
		trusted           []netip.Prefix
		want              string
	}{
		{"192.0.2.7:5555", "", nil, "192.0.2.7"},
		{"192.0.2.7:5555", "203.0.113.9", nil, "192.0.2.7"},                  // not a proxy: the header is ignored
		{"10.1.2.3:5555", "203.0.113.9", proxy, "203.0.113.9"},               // the proxy says who it was
		{"10.1.2.3:5555", "198.51.100.1, 203.0.113.9", proxy, "203.0.113.9"}, // the client may forge the left part
		{"10.1.2.3:5555", "203.0.113.9, 10.4.4.4", proxy, "203.0.113.9"},     // proxies in a chain are skipped
		{"[2001:db8::1]:443", "", nil, "2001:db8::1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/sign-in", nil)
		r.RemoteAddr = c.remote
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		h := &Shell{Deps: Deps{TrustedProxies: c.trusted}}
		if got := h.clientIP(r); got != c.want {
			t.Errorf("%s via %q: got %s, want %s", c.remote, c.forwarded, got, c.want)
		}
	}
}
