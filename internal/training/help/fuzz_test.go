package help_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzParse feeds the answer parser anything, seeded with the built-in
// answers, and searches the built-in answers with the same bytes as a query.
func FuzzParse(f *testing.F) {
	answers, err := content.Sub(content.HelpDir)
	if err != nil {
		f.Fatal(err)
	}
	names, _ := fs.Glob(answers, "*.md")
	for _, n := range names {
		data, err := fs.ReadFile(answers, n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	links := help.Links{Lessons: []string{"spotting-phishing", "passwords-and-mfa"}, ReportKinds: []string{"email", "clicked"}}
	builtIn, err := help.Load(answers, help.Links{Lessons: lessonIDs(f), ReportKinds: []string{
		"email", "clicked", "call-or-text", "access", "lost-device", "unknown-device", "odd-behaviour", "other"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		builtIn.Search(string(data))
		a, err := help.Parse("fuzz.md", data, links)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			return
		}
		if html := string(a.Body.HTML(prose.Contacts{})); strings.Contains(html, "{{") || strings.Contains(html, "<script") {
			t.Fatalf("unsafe answer HTML: %s", html)
		}
	})
}

func lessonIDs(f *testing.F) []string {
	lessons, err := content.Sub(content.LessonsDir)
	if err != nil {
		f.Fatal(err)
	}
	names, _ := fs.Glob(lessons, "*.md")
	for i, n := range names {
		names[i] = strings.TrimSuffix(n, ".md")
	}
	return names
}
