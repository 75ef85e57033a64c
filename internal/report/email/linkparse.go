package email

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// specialSchemes are the schemes a browser parses with the WHATWG rules for web addresses:
// backslashes count as slashes, and the slashes after the colon may be missing or doubled.
var specialSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "ws": true, "wss": true}

// parsedLink is a link as a browser would follow it.
type parsedLink struct {
	url *url.URL
	// disguised says the written link hid its shape from simple readers: tabs or line breaks
	// inside the scheme or host, backslashes for slashes, a host written in percent escapes
	// or as a number. Browsers ignore all of these; filters that read links literally do not.
	disguised string
}

var errNoHost = errors.New("no host")

// parseLink reads a link the way a browser does (the WHATWG URL standard), rather than the
// way Go's strict parser does: browsers follow links that Go rejects, and a link dropped here
// would be a lure the analyst never sees. It strips leading and trailing control characters
// and spaces, removes tabs and line breaks anywhere, treats backslashes as slashes, escapes
// characters that a browser escapes, keeps a stray % as it is, and decodes the host.
func parseLink(raw string) (parsedLink, error) {
	var p parsedLink
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
		p.disguised = "it has tabs or line breaks inside it"
	}
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !validScheme(s[:colon]) {
		u, err := url.Parse(escapeLoosely(s))
		p.url = u
		return p, err
	}
	scheme := strings.ToLower(s[:colon])
	rest := s[colon+1:]
	if !specialSchemes[scheme] {
		u, err := url.Parse(scheme + ":" + escapeLoosely(rest))
		p.url = u
		return p, err
	}

	// Special schemes: any run of slashes and backslashes starts the authority.
	trimmed := strings.TrimLeft(rest, `/\`)
	if strings.Contains(rest[:len(rest)-len(trimmed)], `\`) {
		p.disguised = "it uses backslashes where a web address has slashes"
	}
	end := strings.IndexAny(trimmed, `/\?#`)
	if end < 0 {
		end = len(trimmed)
	}
	authority, tail := trimmed[:end], trimmed[end:]
	if i := strings.IndexAny(tail, "?#"); i >= 0 {
		if strings.Contains(tail[:i], `\`) {
			tail = strings.ReplaceAll(tail[:i], `\`, "/") + tail[i:]
		}
	} else {
		tail = strings.ReplaceAll(tail, `\`, "/")
	}

	userinfo, hostport := "", authority
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		userinfo, hostport = authority[:at], authority[at+1:]
	}
	host, port := splitHostPort(hostport)
	decoded, err := url.PathUnescape(host)
	if err == nil && decoded != host {
		p.disguised = "its web address is written in code (percent escapes)"
		host = decoded
	}
	host = strings.ToLower(host)
	if host == "" {
		return p, errNoHost
	}
	if strings.ContainsAny(host, " <>^|%\"") {
		return p, errors.New("forbidden character in host")
	}
	if ip, ok := numericIPv4(host); ok && ip != host {
		p.disguised = "its web address is a computer address written as a number"
		host = ip
	}

	var b strings.Builder
	b.WriteString(scheme + "://")
	if userinfo != "" {
		b.WriteString(escapeUserinfo(userinfo) + "@")
	}
	b.WriteString(host)
	if port != "" {
		b.WriteString(":" + port)
	}
	b.WriteString(escapeLoosely(tail))
	u, err := url.Parse(b.String())
	if err != nil {
		return p, err
	}
	p.url = u
	return p, nil
}

func validScheme(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// splitHostPort separates a port the way a browser does, keeping IPv6 brackets.
func splitHostPort(hostport string) (host, port string) {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.IndexByte(hostport, ']'); i >= 0 {
			host, rest := hostport[:i+1], hostport[i+1:]
			return host, strings.TrimPrefix(rest, ":")
		}
		return hostport, ""
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		if _, err := strconv.Atoi(hostport[i+1:]); err == nil || i == len(hostport)-1 {
			return hostport[:i], hostport[i+1:]
		}
	}
	return hostport, ""
}

// escapeLoosely percent-encodes the characters a browser encodes in a path or query (spaces,
// quotes, angle brackets, non-ASCII bytes) and a % that does not start an escape, so that Go's
// parser accepts what a browser accepts.
func escapeLoosely(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])):
			b.WriteString("%25")
		case c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^':
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeUserinfo percent-encodes everything in a user-info part that Go's parser refuses.
func escapeUserinfo(s string) string {
	name, pass, hasPass := strings.Cut(s, ":")
	out := url.PathEscape(unescapeOrKeep(name))
	if hasPass {
		out += ":" + url.PathEscape(unescapeOrKeep(pass))
	}
	return out
}

func unescapeOrKeep(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// numericIPv4 reads a host written the ways a browser accepts an IPv4 address: dotted, as
// one decimal number (3232235777), in hex (0xC0A80101) or octal parts (0300.0250.1.1). It
// returns the dotted form. A name whose last label is not a number is not an address.
func numericIPv4(host string) (string, bool) {
	parts := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(parts) > 4 || !looksNumeric(parts[len(parts)-1]) {
		return "", false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return "", false
		}
		nums[i] = n
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return "", false
	}
	ip := last
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return "", false
		}
		ip += n << (8 * (3 - i))
	}
	return strconv.FormatUint(ip>>24, 10) + "." + strconv.FormatUint(ip>>16&255, 10) + "." +
		strconv.FormatUint(ip>>8&255, 10) + "." + strconv.FormatUint(ip&255, 10), true
}

func looksNumeric(label string) bool {
	if label == "" {
		return false
	}
	if strings.HasPrefix(label, "0x") || strings.HasPrefix(label, "0X") {
		return true
	}
	for i := 0; i < len(label); i++ {
		if label[i] < '0' || label[i] > '9' {
			return false
		}
	}
	return true
}

func ipv4Number(p string) (uint64, bool) {
	base := 10
	switch {
	case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
		base, p = 16, p[2:]
		if p == "" {
			return 0, true
		}
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	n, err := strconv.ParseUint(p, base, 32)
	return n, err == nil
}
