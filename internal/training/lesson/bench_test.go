package lesson_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Benchmarks run with -bench only; figures are in docs/performance-content.md.

// BenchmarkParse reads the longest built-in lesson.
func BenchmarkParse(b *testing.B) {
	lessons, err := content.Sub(content.LessonsDir)
	if err != nil {
		b.Fatal(err)
	}
	data, err := fs.ReadFile(lessons, "spotting-phishing.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := lesson.Parse("spotting-phishing.md", data, []string{"doctor"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseHostile times files of the largest size allowed, made of
// what makes a Markdown parser or a checker slow. Each is refused or read
// in bounded time because of the limits on size and nesting.
func BenchmarkParseHostile(b *testing.B) {
	head := "---\nid: x\n---\n## A\n\n"
	room := lesson.MaxFileBytes - len(head)
	for _, tt := range []struct{ name, unit string }{
		{"unclosed-brackets", "["},
		{"brackets-on-lines", "[\n"},
		{"nested-lists", strings.Repeat("> - ", 24) + "x\n"},
		{"indented-lists", "- a\n  "},
		{"emphasis", "*a **b "},
		{"placeholders", "{{ig_email}} "},
		{"unknown-placeholders", "{{nope}}\n"},
		{"html", "<b>x</b>\n"},
		{"headings", "## h\n"},
	} {
		data := []byte(head + strings.Repeat(tt.unit, room/len(tt.unit)))
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				_, _ = lesson.Parse("x.md", data, []string{"doctor"})
			}
		})
	}
}
