package prose

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// check walks the parsed document for what content may not use.
func (c *compiler) check(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			c.problem(n, "HTML cannot be used in content: write it in Markdown")
		case *ast.Image:
			c.problem(n, "pictures cannot be used in content: they make the page too heavy for a phone, so say it in words")
		case *ast.Heading:
			if n.Level == 1 {
				c.problem(n, "a heading with a single # cannot be used: the title comes from the title field")
			}
		case *ast.Link:
			c.checkDestination(n, string(n.Destination))
		case *ast.AutoLink:
			c.checkDestination(n, string(n.URL(c.src)))
		}
		return ast.WalkContinue, nil
	})
}

func (c *compiler) checkDestination(n ast.Node, dest string) {
	switch {
	case strings.Contains(dest, "{{"):
		c.problem(n, "a placeholder cannot be part of a link's address")
	case strings.HasPrefix(dest, "https://"), strings.HasPrefix(dest, "mailto:"), strings.HasPrefix(dest, "tel:"):
	case strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//"):
	default:
		c.problem(n, "the link %q must start with https://, mailto:, tel: or / (a page of Vigil)", dest)
	}
}

// checkPlaceholderNames finds every {{…}} in the source, so a misspelt
// name is reported on its own line before it could reach a page.
func (c *compiler) checkPlaceholderNames() {
	for _, m := range placeholderRE.FindAllSubmatchIndex(c.src, -1) {
		n := string(c.src[m[2]:m[3]])
		if _, ok := lookup(n); !ok {
			c.ps.Add(c.file, c.lineAt(m[0]), "unknown placeholder {{%s}}: use one of {{%s}}", n, strings.Join(Placeholders(), "}}, {{"))
		}
	}
}

// MaxLinePrefix is how many characters of indent, quote (>) and list
// markers a line may start with. Real content nests a few levels; a line
// nested hundreds deep costs the Markdown parser time that grows with the
// square of its depth.
const MaxLinePrefix = 100

// checkNesting reports lines that nest too deep, and says whether there were none.
func (c *compiler) checkNesting() bool {
	ok := true
	for i, start := range c.lineStarts {
		n := 0
		for _, b := range c.src[start:] {
			if !strings.ContainsRune(" \t>-*+.)0123456789", rune(b)) {
				break
			}
			n++
		}
		if n > MaxLinePrefix {
			c.ps.Add(c.file, c.firstLine+i, "this line starts with %d characters of indents, quotes or list markers; nest lists and quotes only a few levels deep", n)
			ok = false
		}
	}
	return ok
}

// placeholderLine is the line of the first use of a placeholder.
func (c *compiler) placeholderLine(n string) int {
	if i := bytes.Index(c.src, []byte("{{"+n+"}}")); i >= 0 {
		return c.lineAt(i)
	}
	return c.firstLine
}

func (c *compiler) lineAt(offset int) int {
	i, found := slices.BinarySearch(c.lineStarts, offset)
	if !found {
		i-- // offset is inside the line that starts before it
	}
	return c.firstLine + i
}

// line finds where a node starts: its own lines for a block, the first
// text inside it for an inline, or else the nearest block around it.
func (c *compiler) line(n ast.Node) int {
	for m := n; m != nil; m = m.Parent() {
		if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			return c.lineAt(m.Lines().At(0).Start)
		}
		if raw, ok := m.(*ast.RawHTML); ok && raw.Segments.Len() > 0 {
			return c.lineAt(raw.Segments.At(0).Start)
		}
		if t := firstText(m); t != nil {
			return c.lineAt(t.Segment.Start)
		}
	}
	return c.firstLine
}

func firstText(n ast.Node) *ast.Text {
	var found *ast.Text
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := m.(*ast.Text); ok && entering {
			found = t
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// words is the plain text of a node: its text, with spaces for line
// breaks and between blocks, and code as it is written.
func (c *compiler) words(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if m.Type() == ast.TypeBlock && m != n {
				b.WriteString(" ")
			}
			return ast.WalkContinue, nil
		}
		switch m := m.(type) {
		case *ast.Text:
			b.Write(m.Segment.Value(c.src))
			if m.SoftLineBreak() || m.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.Write(m.Value)
		case *ast.AutoLink:
			b.Write(m.Label(c.src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < m.Lines().Len(); i++ {
				seg := m.Lines().At(i)
				b.Write(seg.Value(c.src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
