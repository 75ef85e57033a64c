package prose

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/contentfile"
)

func TestSectionsSplitAtSecondLevelHeadings(t *testing.T) {
	src := "## What happened\n\nGrace opens an e-mail.\n\n### A detail\n\nStill screen one.\n\n## What to do\n\n1. Stop.\n2. Report it.\n"
	var ps contentfile.Problems
	got := Sections("a.md", []byte(src), 20, &ps)
	if ps.Len() > 0 {
		t.Fatal(ps.List())
	}
	if len(got) != 2 {
		t.Fatalf("got %d sections, want 2", len(got))
	}
	want := []struct {
		title string
		line  int
		html  string
	}{
		{"What happened", 20, "<p>Grace opens an e-mail.</p>\n<h3>A detail</h3>\n<p>Still screen one.</p>\n"},
		{"What to do", 28, "<ol>\n<li>Stop.</li>\n<li>Report it.</li>\n</ol>\n"},
	}
	for i, w := range want {
		if got[i].Title != w.title || got[i].Line != w.line || string(got[i].Body.HTML(Contacts{})) != w.html {
			t.Errorf("section %d = %q at line %d: %q; want %q at line %d: %q", i, got[i].Title, got[i].Line, got[i].Body.HTML(Contacts{}), w.title, w.line, w.html)
		}
	}
}

func TestTextBeforeTheFirstHeadingIsASectionWithoutTitle(t *testing.T) {
	var ps contentfile.Problems
	got := Sections("a.md", []byte("Intro.\n\n## One\n\nText.\n"), 1, &ps)
	if len(got) != 2 || got[0].Title != "" || got[0].Line != 1 || got[1].Title != "One" {
		t.Errorf("got %+v", got)
	}
}

// What content may not do, each reported at its own line in the file.
func TestCompileRefusesWhatContentMayNotUse(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		says      string
	}{
		{"raw HTML block", "Hello.\n\n<div>hi</div>\n", 12, "HTML cannot be used"},
		{"inline HTML", "Hello <b>there</b>.\n", 10, "HTML cannot be used"},
		{"a picture", "Look:\n\n![a ward](ward.png)\n", 12, "pictures cannot be used"},
		{"a script link", "[click](javascript:alert(1))\n", 10, "must start with https://, mailto:, tel: or /"},
		{"a plain http link", "See [this](http://example.com).\n", 10, "must start with https://"},
		{"a protocol-relative link", "See [this](//evil.example/x).\n", 10, "must start with https://"},
		{"a placeholder in an address", "[call](https://x.example/{{service_desk_phone}})\n", 10, "cannot be part of a link's address"},
		{"a placeholder in link text", "One.\n\n[{{ig_email}}](/report)\n", 12, "cannot go inside a link or code"},
		{"a placeholder in code", "Type `{{organisation}}`.\n", 10, "cannot go inside a link or code"},
		{"an unknown placeholder", "Hi.\nCall {{servicedesk}}.\n", 11, "unknown placeholder {{servicedesk}}"},
		{"a heading in an answer", "## Heading\n\nText.\n", 10, "a heading with ## cannot be used here"},
		{"a top-level heading", "# Title\n\nText.\n", 10, "a heading with a single #"},
		{"lists nested hundreds deep", "Fine.\n" + strings.Repeat("> - ", 30) + "x\n", 11, "nest lists and quotes only a few levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := compile(t, tt.src)
			for _, p := range problems {
				if p.Line == tt.line && strings.Contains(p.Message, tt.says) {
					return
				}
			}
			t.Errorf("problems = %v, want line %d saying %q", problems, tt.line, tt.says)
		})
	}
}

func TestLinksThatContentMayUse(t *testing.T) {
	text, problems := compile(t, "[Report it](/report), [NCSC](https://www.ncsc.gov.uk), [mail](mailto:a@b.example), [call](tel:111).\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	html := string(text.HTML(Contacts{}))
	for _, want := range []string{`href="/report"`, `href="https://www.ncsc.gov.uk"`, `href="mailto:a@b.example"`, `href="tel:111"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML %s lacks %s", html, want)
		}
	}
}

func TestTextIsEscaped(t *testing.T) {
	text, _ := compile(t, "Fish & chips are < 5 \"pounds\".\n")
	if got := string(text.HTML(Contacts{})); got != "<p>Fish &amp; chips are &lt; 5 &quot;pounds&quot;.</p>\n" {
		t.Errorf("HTML = %q", got)
	}
}

func TestPlainHasWordsNotMarkup(t *testing.T) {
	text, _ := compile(t, "Use the **yellow bar**\nor [go here](/report).\n\n- one\n- two\n")
	if got := text.Plain(Contacts{}); got != "Use the yellow bar or go here. one two" {
		t.Errorf("Plain = %q", got)
	}
}
