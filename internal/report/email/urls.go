package email

import (
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/jhillyerd/enmime/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/idna"
	"mvdan.cc/xurls/v2"
)

// The xurls expressions are large; they are compiled once, on first use, and never changed.
var (
	strictURLs  = sync.OnceValue(xurls.Strict)
	relaxedURLs = sync.OnceValue(xurls.Relaxed)
)

// linkSchemes are the schemes whose links are listed. Links with dangerousSchemes are not
// destinations but actions, and are reported as such.
var (
	linkSchemes      = map[string]bool{"http": true, "https": true, "ftp": true}
	dangerousSchemes = map[string]bool{"javascript": true, "vbscript": true, "data": true, "file": true, "ms-msdt": true, "search-ms": true}
)

// links collects the distinct links of one message.
type links struct {
	a       *Analysis
	index   map[string]int // URL → position in a.URLs
	dropped int
}

// readURLs lists the links in the text body, the HTML body and text-like attachments, after
// transfer and HTML decoding, with wrappers removed, and the links and QR codes of PDFs and
// pictures. It returns the words read from PDFs.
func readURLs(m *message, a *Analysis) string {
	l := &links{a: a, index: map[string]int{}}
	l.fromText(m.text, "text")
	l.fromHTML(m.html, "html")
	walkParts(m.root, func(p *enmime.Part) {
		if isBodyPart(p) || p.ContentType == "message/rfc822" {
			return
		}
		source := "attachment:" + partName(p)
		switch kind := sniff(p.Content); {
		case kind == typeHTML || kind == typeSVG:
			l.fromHTML(string(p.Content), source)
		case kind == typeText:
			l.fromText(string(p.Content), source)
		}
	})
	words := readDocuments(m, a, l)
	if l.dropped > 0 {
		a.warn("The message has more than %d different links; %d were not analysed.", MaxURLs, l.dropped)
	}
	return words
}

// fromText adds every URL written out in plain text.
func (l *links) fromText(text, source string) {
	eachURL(limitText(text), func(start, end int) {
		l.add(text[start:end], source, "")
	})
}

// eachURL calls fn with the position of every URL with an authority (scheme://…) in text. The
// xurls expression is slow over long text, so it is only run over the words around each "://":
// a URL cannot contain white space, so no match is lost.
func eachURL(text string, fn func(start, end int)) {
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "://")
		if j < 0 {
			return
		}
		j += i
		start := i + strings.LastIndexAny(text[i:j], " \t\r\n") + 1
		end := strings.IndexAny(text[j:], " \t\r\n")
		if end < 0 {
			end = len(text)
		} else {
			end += j
		}
		for _, m := range strictURLs().FindAllStringIndex(text[start:end], -1) {
			fn(start+m[0], start+m[1])
		}
		i = end
	}
}

// fromHTML adds the targets of links, forms, images and frames, and URLs written in the text
// outside links (including script text, where HTML attachments keep their redirects). It tokenises rather
// than builds a tree, so that no nesting depth can stop it.
func (l *links) fromHTML(doc, source string) {
	if doc == "" {
		return
	}
	z := html.NewTokenizer(strings.NewReader(limitText(doc)))
	var anchorHref string
	var anchorText strings.Builder
	inAnchor := false
	endAnchor := func() {
		if inAnchor {
			l.add(anchorHref, source, strings.Join(strings.Fields(anchorText.String()), " "))
		}
		inAnchor = false
		anchorText.Reset()
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			endAnchor()
			return
		case html.TextToken:
			text := string(z.Text())
			if !inAnchor {
				l.fromText(text, source)
			} else if anchorText.Len() < 1000 {
				// A link's words are what the reader is shown, not where it goes; they are
				// compared with the destination instead of listed.
				anchorText.WriteString(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, attrs := startTag(z, linkTags)
			switch name {
			case "a", "area":
				endAnchor() // an anchor cannot contain another
				if href := attrs["href"]; href != "" {
					anchorHref, inAnchor = href, name == "a"
					if !inAnchor {
						l.add(href, source, attrs["alt"])
					}
				}
			case "form":
				l.add(attrs["action"], source, "")
			case "object":
				l.add(attrs["data"], source, "")
			case "meta":
				// <meta http-equiv="refresh" content="0; url=https://…"> redirects on opening.
				if strings.EqualFold(attrs["http-equiv"], "refresh") {
					_, target, _ := strings.Cut(attrs["content"], "=")
					l.add(strings.Trim(target, `'" `), source, "")
				}
			default: // img, iframe, script and the other elements that load a src
				l.add(attrs["src"], source, "")
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" {
				endAnchor()
			}
		}
	}
}

// linkTags are the elements whose attributes can lead out of the message.
var linkTags = map[string]bool{"a": true, "area": true, "form": true, "img": true, "iframe": true,
	"frame": true, "embed": true, "script": true, "source": true, "video": true, "audio": true,
	"object": true, "meta": true}

// startTag reads the name of the tag the tokenizer is on and, for the elements in wanted, its
// attributes (the first of each name wins, as in a browser). Building a full token for every
// tag of a long newsletter would cost more than the rest of the analysis.
func startTag(z *html.Tokenizer, wanted map[string]bool) (name string, attrs map[string]string) {
	n, more := z.TagName()
	name = string(n)
	if !more || !wanted[name] {
		return name, nil
	}
	attrs = map[string]string{}
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		if _, seen := attrs[string(k)]; !seen {
			attrs[string(k)] = strings.TrimSpace(string(v))
		}
	}
	return name, attrs
}

// add records one link, with the words of the anchor that showed it when there was one.
func (l *links) add(raw, source, text string) {
	raw = trimLiteralEscapes(strings.TrimSpace(raw))
	if raw == "" || strings.HasPrefix(raw, "#") {
		return
	}
	p, err := parseLink(raw)
	if err != nil || p.url == nil {
		if looksLikeWebLink(raw) {
			l.a.add(CodeUnreadableLink, "%s", shorten(defang(raw), 200))
		}
		return
	}
	u := p.url
	scheme := strings.ToLower(u.Scheme)
	if dangerousSchemes[scheme] {
		l.a.add(CodeUnusualScheme, "A %s link: %s", scheme, defangAction(raw))
		return
	}
	if !linkSchemes[scheme] || u.Host == "" {
		return // mailto:, tel:, cid: and relative links lead nowhere outside the message
	}
	if p.disguised != "" {
		l.a.add(CodeDisguisedLink, "%s: %s.", shorten(defang(raw), 200), p.disguised)
	}
	if u.User != nil {
		l.a.add(CodeHiddenUserInfo, "%s looks like it goes to %s but goes to %s.",
			defang(u.String()), u.User.Username(), defangHost(u.Hostname()))
	}
	found := URL{}
	w := unwrapLink(u)
	if len(w.layers) > 0 {
		found.Wrapper, found.WrappedBy, found.OnlyDomain = raw, w.layers, w.onlyDomain
		u = w.url
		if u.User != nil {
			l.a.add(CodeHiddenUserInfo, "%s looks like it goes to %s but goes to %s.",
				defang(u.String()), u.User.Username(), defangHost(u.Hostname()))
		}
	}
	if !l.describe(&found, u, found.Wrapper == "" && p.disguised == "" && !strings.ContainsAny(raw, " \\"), raw) {
		return
	}
	if text != "" {
		checkLinkText(l.a, text, found)
	}
	l.keep(found, source, text)

	// A destination carried by a site that is not a known redirector is only that site's
	// claim: its server may send the reader anywhere. Both are listed and judged.
	if w.carried != nil {
		carried := URL{Wrapper: raw, WrappedBy: append(slices.Clip(w.layers), wrapRedirect)}
		inner := unwrapLink(w.carried)
		if len(inner.layers) > 0 {
			carried.WrappedBy = append(carried.WrappedBy, inner.layers...)
		}
		if l.describe(&carried, inner.url, false, "") {
			l.keep(carried, source, "")
		}
	}
}

// describe fills in where a link goes. keepRaw keeps the link exactly as written rather than
// a re-encoding of it. It reports false for a link with no host.
func (l *links) describe(found *URL, u *url.URL, keepRaw bool, raw string) bool {
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "" {
		return false
	}
	if ascii, err := idna.ToASCII(host); err == nil {
		host = ascii
	}
	if uni, err := idna.ToUnicode(host); err == nil && uni != host {
		found.UnicodeHost = uni
	}
	found.URL = u.String()
	if keepRaw {
		found.URL = raw
	}
	found.URL = shorten(found.URL, MaxURLLength)
	found.Host, found.Domain = host, registrableDomain(host)
	found.Defanged = defang(found.URL)
	return true
}

// keep lists a link once, however many times and places it was found.
func (l *links) keep(found URL, source, text string) {
	text = shorten(text, MaxFieldLength)
	if i, ok := l.index[found.URL]; ok {
		existing := &l.a.URLs[i]
		if !slices.Contains(existing.Sources, source) {
			existing.Sources = append(existing.Sources, source)
		}
		if existing.Text == "" {
			existing.Text = text
		}
		return
	}
	if len(l.a.URLs) >= MaxURLs {
		l.dropped++
		return
	}
	found.Text, found.Sources = text, []string{source}
	l.index[found.URL] = len(l.a.URLs)
	l.a.URLs = append(l.a.URLs, found)
}

// trimLiteralEscapes drops escape sequences written out as text at the end of a link, as in
// "https://evil.example/x\n" copied from a script: they are not part of the address.
func trimLiteralEscapes(s string) string {
	for {
		switch {
		case strings.HasSuffix(s, `\n`), strings.HasSuffix(s, `\r`), strings.HasSuffix(s, `\t`):
			s = s[:len(s)-2]
		case strings.HasSuffix(s, `\`):
			s = s[:len(s)-1]
		default:
			return s
		}
	}
}

// looksLikeWebLink reports whether a link that could not be read was meant to be a web
// address, rather than a template placeholder or a fragment.
func looksLikeWebLink(raw string) bool {
	lower := strings.ToLower(strings.TrimSpace(raw))
	return strings.HasPrefix(lower, "http:") || strings.HasPrefix(lower, "https:") || strings.HasPrefix(lower, "//")
}

func isSafeLinksHost(host string) bool {
	host = strings.ToLower(host)
	return strings.HasSuffix(host, ".safelinks.protection.outlook.com") ||
		strings.HasSuffix(host, ".safelinks.protection.office365.us")
}

// limitText cuts text to maxScanBytes.
func limitText(s string) string {
	if len(s) > maxScanBytes {
		return s[:maxScanBytes]
	}
	return s
}
