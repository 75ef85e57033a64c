package email

import (
	"strings"
	"sync"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// safeViewPolicy keeps the shape of a message — paragraphs, lists, tables, emphasis — and
// nothing that can act: no attributes at all, so no links, images, styles, event handlers or
// forms. It is built once, on first use, and only read afterwards.
var safeViewPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike",
		"ul", "ol", "li", "blockquote", "pre", "code", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "sub", "sup", "small")
	return p
})

// hiddenElements hold content a reader never sees.
var hiddenElements = map[string]bool{"script": true, "style": true, "title": true, "template": true,
	"noscript": true, "noframes": true, "noembed": true, "iframe": true, "object": true, "xml": true}

// rewrittenTags are the elements whose attributes the safe view describes.
var rewrittenTags = map[string]bool{"a": true, "area": true, "img": true, "form": true, "input": true}

// blockElements start a new line in the text view.
var blockElements = map[string]bool{"p": true, "br": true, "div": true, "li": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "table": true,
	"blockquote": true, "pre": true, "hr": true, "ul": true, "ol": true}

// safeView makes the body safe for an analyst to read. Links are not followed, images are not
// loaded, and every address is defanged. The HTML is rewritten first — each link replaced by
// its words and its defanged destination, each image by a note — and then sanitised.
func safeView(m *message, a *Analysis) SafeView {
	var v SafeView
	text := DefangText(limitText(m.text))
	if m.html != "" {
		rewritten, fromHTML := rewriteHTML(limitText(m.html))
		v.HTML = safeViewPolicy().Sanitize(rewritten)
		if strings.TrimSpace(text) == "" {
			text = fromHTML // already defanged
		}
	}
	v.Text = tidyText(text)
	if len(v.Text) > MaxSafeViewBytes {
		v.Text, v.Truncated = shorten(v.Text, MaxSafeViewBytes), true
	}
	if len(v.HTML) > MaxSafeViewBytes {
		// Cut, then sanitise again so that the cut cannot leave a broken tag behind.
		v.HTML, v.Truncated = safeViewPolicy().Sanitize(shorten(v.HTML, MaxSafeViewBytes)), true
	}
	if v.Truncated {
		a.warn("The body is longer than %s; the safe view shows the start of it.", sizeText(MaxSafeViewBytes))
	}
	return v
}

// rewriteHTML replaces links, images and forms with text saying where they lead, defangs
// every address written in the text, and drops hidden content. It returns the rewritten HTML,
// still to be sanitised, and the same content as plain text.
func rewriteHTML(doc string) (rewritten, text string) {
	var out, plain strings.Builder
	write := func(s string) {
		out.WriteString(html.EscapeString(s))
		plain.WriteString(s)
	}
	z := html.NewTokenizer(strings.NewReader(doc))
	hidden := "" // the hidden element being skipped
	anchor := "" // the destination of the open link
	closeAnchor := func() {
		if anchor != "" {
			write(" [link: " + anchor + "]")
			anchor = ""
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			closeAnchor()
			return out.String(), plain.String()
		}
		if hidden != "" {
			if name, _ := z.TagName(); tt == html.EndTagToken && string(name) == hidden {
				hidden = ""
			}
			continue
		}
		switch tt {
		case html.TextToken:
			write(DefangText(string(z.Text())))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, attrs := startTag(z, rewrittenTags)
			switch {
			case hiddenElements[name]:
				if tt == html.StartTagToken {
					hidden = name
				}
			case name == "a":
				closeAnchor()
				anchor = describeLink(attrs["href"])
			case name == "area":
				if d := describeLink(attrs["href"]); d != "" {
					write(" [link: " + d + "]")
				}
			case name == "img":
				write(describeImage(attrs["src"], attrs["alt"]))
			case name == "form":
				if d := describeLink(attrs["action"]); d != "" {
					write(" [form sending to: " + d + "] ")
				}
			case name == "input" && strings.EqualFold(attrs["type"], "password"):
				write(" [password box] ")
			default:
				if blockElements[name] {
					plain.WriteString("\n")
				}
				out.WriteString("<" + name + ">")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "a" {
				closeAnchor()
				continue
			}
			if blockElements[string(name)] {
				plain.WriteString("\n")
			}
			out.WriteString("</" + string(name) + ">")
		}
	}
}

// describeLink writes where a link leads, defanged, with Safe Links removed.
func describeLink(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	if p, err := parseLink(href); err == nil && p.url != nil {
		if dangerousSchemes[strings.ToLower(p.url.Scheme)] {
			return defangAction(href)
		}
		if w := unwrapLink(p.url); len(w.layers) > 0 {
			href = w.url.String()
		}
	}
	return shorten(defang(href), 300)
}

func describeImage(src, alt string) string {
	switch {
	case strings.HasPrefix(strings.ToLower(src), "cid:"):
		return "[picture attached to the message" + altText(alt) + "]"
	case src == "":
		return ""
	}
	return "[picture from " + describeLink(src) + altText(alt) + "]"
}

func altText(alt string) string {
	if alt == "" {
		return ""
	}
	return `: "` + shorten(alt, 100) + `"`
}

// tidyText removes control characters, which can rewrite a terminal, and collapses runs of
// blank lines.
func tidyText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\r' || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			blank++
			if blank > 1 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
