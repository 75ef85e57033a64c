package email

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// Link wrappers and redirectors carry the real destination inside the link. Vigil decodes
// that destination from the link itself and never follows anything.
const (
	wrapSafeLinks  = "Microsoft Safe Links"
	wrapProofpoint = "Proofpoint URL Defense"
	wrapMimecast   = "Mimecast URL Protect"
	wrapRedirect   = "redirect" // a search engine's click tracker or another site's redirect
	wrapCarried    = "carried"  // a destination in another site's parameters, only claimed
)

// maxUnwrap is how many layers of wrapping are removed: mail forwarded between organisations
// can be wrapped by each one's gateway, and a redirect can sit inside a wrapper.
const maxUnwrap = 5

// unwrapped is the destination found inside a link.
type unwrapped struct {
	url *url.URL
	// layers names each wrapper removed, outermost first.
	layers []string
	// onlyDomain says the wrapper keeps the destination on its own servers and reveals only
	// its domain (Mimecast): url then holds just that domain.
	onlyDomain bool
	// carried is a destination named in a parameter of a site that is not a known
	// redirector: url stays that site, because its server decides where the reader goes.
	carried *url.URL
}

// unwrapLink removes wrappers and redirectors until the link is plain.
func unwrapLink(u *url.URL) unwrapped {
	out := unwrapped{url: u}
	for range maxUnwrap {
		inner, kind, onlyDomain := unwrapOnce(out.url)
		if inner == nil {
			break
		}
		if kind == wrapCarried {
			out.carried = inner
			break
		}
		out.url, out.onlyDomain = inner, onlyDomain
		out.layers = append(out.layers, kind)
		if onlyDomain {
			break
		}
	}
	return out
}

// unwrapOnce removes one layer, naming the kind of wrapper.
func unwrapOnce(u *url.URL) (inner *url.URL, kind string, onlyDomain bool) {
	host := strings.ToLower(u.Hostname())
	q := u.Query()
	switch {
	case isSafeLinksHost(host):
		return absoluteLink(q.Get("url")), wrapSafeLinks, false
	case host == "urldefense.proofpoint.com" || host == "urldefense.com" || strings.HasSuffix(host, ".urldefense.com"):
		return proofpoint(u), wrapProofpoint, false
	case strings.Contains(host, "mimecast") && strings.HasPrefix(u.Path, "/s/"):
		d := strings.ToLower(strings.TrimSpace(q.Get("domain")))
		if d == "" || strings.ContainsAny(d, "/@:") {
			return nil, "", false
		}
		return &url.URL{Scheme: "https", Host: d, Path: "/"}, wrapMimecast, true
	}
	if target, known := redirectTarget(host, u); target != nil {
		if known {
			return target, wrapRedirect, false
		}
		return target, wrapCarried, false
	}
	return nil, "", false
}

// proofpoint decodes the three URL Defense formats:
//
//	v1: /v1/url?u=<percent-encoded URL>&k=…
//	v2: /v2/url?u=https-3A__example.com_path&d=… ("-XX" is a hex byte, "_" a slash)
//	v3: /v3/__https://example.com/p*th__;Iw!!…  (each "*" stands for characters kept,
//	    base64url encoded, between ";" and "!!"; "**" and a letter stand for a run of them)
func proofpoint(u *url.URL) *url.URL {
	switch {
	case strings.HasPrefix(u.Path, "/v1/"):
		return absoluteLink(u.Query().Get("u"))
	case strings.HasPrefix(u.Path, "/v2/"):
		s := strings.ReplaceAll(u.Query().Get("u"), "_", "/")
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '-' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
				i += 2
				continue
			}
			b.WriteByte(s[i])
		}
		return absoluteLink(b.String())
	case strings.HasPrefix(u.EscapedPath(), "/v3/__"):
		return proofpointV3(u)
	}
	return nil
}

// proofpointRuns maps the letter after "**" to the length of the run it stands for.
const proofpointRuns = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func proofpointV3(u *url.URL) *url.URL {
	raw := u.String()
	start := strings.Index(raw, "/v3/__")
	if start < 0 {
		return nil
	}
	body := raw[start+len("/v3/__"):]
	end := strings.Index(body, "__;")
	if end < 0 {
		return nil
	}
	encoded, rest := body[:end], body[end+3:]
	kept, _, _ := strings.Cut(rest, "!")
	decoded, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(kept, "="))
	if err != nil {
		decoded = nil
	}
	if unescaped, err := url.PathUnescape(encoded); err == nil {
		encoded = unescaped
	}
	chars := []rune(string(decoded))
	var b strings.Builder
	next := 0
	for i := 0; i < len(encoded); i++ {
		if encoded[i] != '*' {
			b.WriteByte(encoded[i])
			continue
		}
		n := 1
		if i+2 < len(encoded) && encoded[i+1] == '*' {
			if k := strings.IndexByte(proofpointRuns, encoded[i+2]); k >= 0 {
				n = k + 2
				i += 2
			}
		}
		for ; n > 0 && next < len(chars); n-- {
			b.WriteRune(chars[next])
			next++
		}
	}
	return absoluteLink(b.String())
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// knownRedirectors are click trackers and redirect pages whose destination is a named query
// parameter: search engines, social networks and chat services.
var knownRedirectors = []struct {
	host  string // the host, or a domain whose subdomains count too
	path  string // the path prefix, "" for any
	param string
}{
	{"google.", "/url", "q"}, {"google.", "/url", "url"},
	{"bing.com", "/ck/a", "u"},
	{"duckduckgo.com", "/l/", "uddg"},
	{"l.facebook.com", "/l.php", "u"}, {"lm.facebook.com", "/l.php", "u"},
	{"l.instagram.com", "/", "u"},
	{"linkedin.com", "/redir/redirect", "url"},
	{"youtube.com", "/redirect", "q"},
	{"slack-redir.net", "/link", "url"},
	{"t.umblr.com", "/redirect", "z"},
	{"away.vk.com", "/away.php", "to"},
	{"steamcommunity.com", "/linkfilter/", "url"},
}

// redirectParams are query parameters that carry a destination in ordinary redirect pages
// and mailer links.
var redirectParams = []string{"url", "u", "q", "redirect", "redirect_url", "redirecturl", "target", "dest",
	"destination", "link", "goto", "to", "out", "r", "rurl", "return", "returnurl", "next", "continue", "adurl", "uddg"}

// redirectTarget finds a destination carried in a link: the named parameter of a known
// redirector, Google AMP's /amp/s/ form, Yahoo's /RU=…/ path (known: the redirector sends the
// reader there), or any parameter in redirectParams whose value is itself a web address after
// percent or base64 decoding (not known: only the site's claim).
func redirectTarget(host string, u *url.URL) (target *url.URL, known bool) {
	q := u.Query()
	path := strings.ToLower(u.Path)
	for _, r := range knownRedirectors {
		if !hostMatches(host, r.host) || !strings.HasPrefix(path, r.path) {
			continue
		}
		v := q.Get(r.param)
		if r.param == "u" && strings.HasPrefix(v, "a1") { // Bing: "a1" then base64url
			v = decodeBase64Link(v[2:])
		}
		if t := absoluteLink(v); t != nil {
			return t, true
		}
	}
	if hostMatches(host, "google.") && strings.HasPrefix(u.Path, "/amp/s/") {
		rest := strings.TrimPrefix(u.EscapedPath(), "/amp/s/")
		if u.RawQuery != "" {
			rest += "?" + u.RawQuery
		}
		return absoluteLink("https://" + rest), true
	}
	if strings.HasSuffix(host, "search.yahoo.com") {
		if i := strings.Index(u.Path, "/RU="); i >= 0 {
			v, _, _ := strings.Cut(u.Path[i+4:], "/R")
			return absoluteLink(v), true
		}
	}
	for _, name := range redirectParams {
		for key, values := range q {
			if !strings.EqualFold(key, name) || len(values) == 0 {
				continue
			}
			v := values[0]
			if t := absoluteLink(v); t != nil && !strings.EqualFold(t.Hostname(), host) {
				return t, false
			}
			if t := absoluteLink(decodeBase64Link(v)); t != nil && !strings.EqualFold(t.Hostname(), host) {
				return t, false
			}
		}
	}
	return nil, false
}

// hostMatches reports whether host is pattern, below it, or — for a pattern ending in a dot
// such as "google." — any of that name's country domains.
func hostMatches(host, pattern string) bool {
	if strings.HasSuffix(pattern, ".") {
		return strings.HasPrefix(registrableDomain(host), pattern)
	}
	return host == pattern || strings.HasSuffix(host, "."+pattern)
}

// absoluteLink returns s as a web address with a host, undoing up to two layers of percent
// encoding, or nil when it is not one.
func absoluteLink(s string) *url.URL {
	s = strings.TrimSpace(s)
	for range 3 {
		lower := strings.ToLower(s)
		if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") ||
			strings.HasPrefix(lower, `http:\\`) || strings.HasPrefix(lower, `https:\\`) {
			p, err := parseLink(s)
			if err != nil || p.url == nil || p.url.Host == "" {
				return nil
			}
			return p.url
		}
		d, err := url.QueryUnescape(s)
		if err != nil || d == s {
			return nil
		}
		s = d
	}
	return nil
}

// decodeBase64Link decodes a base64 value (either alphabet, padded or not); "" when it is not
// base64 text.
func decodeBase64Link(s string) string {
	if len(s) < 12 || len(s) > 4096 {
		return ""
	}
	s = strings.TrimRight(s, "=")
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return string(b)
		}
	}
	return ""
}
