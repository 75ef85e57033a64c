// Package prose turns the Markdown of lessons and quick answers into safe
// HTML, with an organisation's own phone numbers and addresses filled in.
//
// Content is Markdown (CommonMark) with these rules, checked when it is
// compiled so that an author hears about a problem with its line:
//   - no raw HTML and no pictures: goldmark would drop the HTML anyway,
//     and pictures make a lesson too heavy for a ward phone;
//   - links go to https:, mailto: or tel: addresses, or to a page of
//     Vigil itself ("/report");
//   - placeholders such as {{service_desk_phone}} sit in plain text,
//     not inside a link or code, and name a contact from Placeholders;
//   - lists and quotes nest a few levels, not hundreds (see MaxLinePrefix).
package prose

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/vigil-health/vigil/internal/contentfile"
)

// Text is compiled Markdown: safe HTML, and plain words for search,
// each with the places where contacts are filled in.
type Text struct {
	html  []part
	plain []part
}

// part is literal text or, when placeholder is set, a contact to fill in.
type part struct {
	literal     string
	placeholder string
}

// HTML is the text as HTML with c's contacts filled in. goldmark escapes
// everything that came from the Markdown and the contacts are escaped
// here, so the result is safe to put in a page as it is.
func (t Text) HTML(c Contacts) template.HTML {
	var b strings.Builder
	for _, p := range t.html {
		if p.placeholder != "" {
			b.WriteString(phraseHTML(p.placeholder, c))
			continue
		}
		b.WriteString(p.literal)
	}
	return template.HTML(b.String())
}

// Plain is the text's words without Markdown, with c's contacts filled in.
func (t Text) Plain(c Contacts) string {
	var b strings.Builder
	for _, p := range t.plain {
		if p.placeholder != "" {
			b.WriteString(phrasePlain(p.placeholder, c))
			continue
		}
		b.WriteString(p.literal)
	}
	return b.String()
}

// Section is one part of a document, from a "## " heading to the next.
type Section struct {
	Title string // the heading's words; empty for text before the first heading
	Line  int    // the file line of the heading, or of the section's first text
	Body  Text   // everything under the heading, without the heading itself
}

// Sections compiles Markdown that is cut into parts by "## " headings, as a
// lesson's screens are. firstLine is the file line on which src starts, so
// problems are added to ps with the file's own line numbers.
func Sections(file string, src []byte, firstLine int, ps *contentfile.Problems) []Section {
	c := newCompiler(file, src, firstLine, ps)
	doc := c.parse()
	var out []Section
	var group []ast.Node
	var title string
	line := firstLine
	flush := func() {
		if len(group) > 0 || title != "" {
			out = append(out, Section{Title: title, Line: line, Body: c.render(group)})
		}
		group = nil
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			flush()
			title, line = strings.TrimSpace(c.words(h)), c.line(h)
			continue
		}
		if len(group) == 0 && title == "" {
			line = c.line(n)
		}
		group = append(group, n)
	}
	flush()
	return out
}

// Compile compiles Markdown that is one piece, such as a quick answer. It
// may not have "#" or "##" headings: the page around it supplies those.
func Compile(file string, src []byte, firstLine int, ps *contentfile.Problems) Text {
	c := newCompiler(file, src, firstLine, ps)
	doc := c.parse()
	var nodes []ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			c.problem(h, "a heading with ## cannot be used here; write the text without it")
		}
		nodes = append(nodes, n)
	}
	return c.render(nodes)
}

type compiler struct {
	md         goldmark.Markdown
	file       string
	src        []byte
	firstLine  int
	lineStarts []int // offset of each line's first byte, for finding lines fast
	ps         *contentfile.Problems
}

func newCompiler(file string, src []byte, firstLine int, ps *contentfile.Problems) *compiler {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	// goldmark's defaults are what we want: CommonMark, and raw HTML left out.
	return &compiler{md: goldmark.New(), file: file, src: src, firstLine: firstLine, lineStarts: starts, ps: ps}
}

func (c *compiler) parse() ast.Node {
	c.checkPlaceholderNames()
	if !c.checkNesting() {
		return ast.NewDocument() // parsing such a line would take long, for nothing
	}
	doc := c.md.Parser().Parse(text.NewReader(c.src))
	c.check(doc)
	return doc
}

func (c *compiler) problem(n ast.Node, format string, args ...any) {
	c.ps.Add(c.file, c.line(n), format, args...)
}

// render turns top-level nodes into a Text, cutting the HTML at placeholders.
func (c *compiler) render(nodes []ast.Node) Text {
	doc := ast.NewDocument()
	words := make([]string, 0, len(nodes))
	for _, n := range nodes {
		words = append(words, c.words(n))
		doc.AppendChild(doc, n) // moves n out of the parsed document
	}
	var buf bytes.Buffer
	if err := c.md.Renderer().Render(&buf, c.src, doc); err != nil {
		c.ps.Add(c.file, c.firstLine, "the Markdown cannot be turned into a page: %v", err)
		return Text{}
	}
	return Text{html: c.cut(buf.String(), true), plain: c.cut(strings.Join(words, " "), false)}
}

var placeholderRE = regexp.MustCompile(`\{\{([^{}\n]*)\}\}`)

// cut splits s at placeholders. In HTML a placeholder inside a link or code
// could not be filled in safely, so that is a problem for the author.
func (c *compiler) cut(s string, isHTML bool) []part {
	var links, code tagRanges
	if isHTML {
		links, code = newTagRanges(s, "<a ", "</a>"), newTagRanges(s, "<code", "</code>")
	}
	var out []part
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		n := s[m[2]:m[3]]
		if _, ok := lookup(n); !ok {
			continue // reported with its line by checkPlaceholderNames
		}
		if links.inside(m[0]) || code.inside(m[0]) {
			c.ps.Add(c.file, c.placeholderLine(n), "{{%s}} cannot go inside a link or code: move it into the plain text", n)
			continue
		}
		out = append(out, part{literal: s[last:m[0]]}, part{placeholder: n})
		last = m[1]
	}
	return append(out, part{literal: s[last:]})
}

// tagRanges are where an element opens and closes in rendered HTML, found
// once so that checking many placeholders stays linear in the text.
type tagRanges struct{ opens, closes []int }

func newTagRanges(s, open, closing string) tagRanges {
	return tagRanges{opens: offsets(s, open), closes: offsets(s, closing)}
}

func offsets(s, sub string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + len(sub)
	}
}

// inside says whether the last element opened before pos is still open.
func (r tagRanges) inside(pos int) bool {
	lastBefore := func(list []int) int {
		i, _ := slices.BinarySearch(list, pos)
		if i == 0 {
			return -1
		}
		return list[i-1]
	}
	return lastBefore(r.opens) > lastBefore(r.closes)
}
