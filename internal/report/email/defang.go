package email

import "strings"

// defang rewrites a URL so that no program turns it back into a link: hxxps://evil[.]example/x.
// Every scheme in it is rewritten, including those of URLs carried in its query, and the dots
// of its host are bracketed.
func defang(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return defangHost(raw)
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	out := scheme + "://" + defangHost(rest[:end]) + rest[end:]

	var b strings.Builder
	for {
		j := strings.Index(out, "://")
		if j < 0 {
			b.WriteString(out)
			return b.String()
		}
		b.WriteString(defangScheme(out[:j]))
		b.WriteString("://")
		out = out[j+3:]
	}
}

// defangAction shows a link that runs something (javascript:, data:, file:) so that it cannot
// be pasted back into a browser as it is, and no longer than an analyst needs.
func defangAction(raw string) string {
	scheme, rest, _ := strings.Cut(raw, ":")
	return scheme + "[:]" + shorten(rest, 60)
}

// defangScheme rewrites a web scheme at the end of s: "…https" becomes "…hxxps".
func defangScheme(s string) string {
	lower := strings.ToLower(s)
	for _, scheme := range []string{"https", "http", "ftp"} {
		if strings.HasSuffix(lower, scheme) {
			at := len(s) - len(scheme)
			if scheme == "ftp" {
				return s[:at+1] + "x" + s[at+2:]
			}
			return s[:at+1] + "xx" + s[at+3:]
		}
	}
	return s
}

// defangHost brackets the dots of a host name. Dots already bracketed stay as they are, so
// that defanging twice does no harm.
func defangHost(host string) string {
	return strings.ReplaceAll(strings.ReplaceAll(host, "[.]", "."), ".", "[.]")
}

// DefangText rewrites every URL written in text so that no program turns it back into a
// link. Use it on any text from a message shown outside the safe view, such as link words.
func DefangText(text string) string {
	var b strings.Builder
	last := 0
	eachURL(text, func(start, end int) {
		b.WriteString(text[last:start])
		b.WriteString(defang(text[start:end]))
		last = end
	})
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// DefangDomain brackets the dots of a domain name, so that text naming a
// lure's domain (a warning to staff) never becomes a link: evil[.]example.
func DefangDomain(domain string) string { return defangHost(strings.TrimSuffix(domain, ".")) }
