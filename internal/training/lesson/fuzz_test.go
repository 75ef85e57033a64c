package lesson_test

import (
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzParse feeds the lesson parser anything, seeded with the built-in
// lessons. It must never panic, must answer only with an Invalid
// *vigil.Error, and a lesson it accepts must keep its promises.
func FuzzParse(f *testing.F) {
	lessons, err := content.Sub(content.LessonsDir)
	if err != nil {
		f.Fatal(err)
	}
	names, _ := fs.Glob(lessons, "*.md")
	for _, n := range names {
		data, err := fs.ReadFile(lessons, n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	roles := []string{"nurse-midwife", "doctor", "it-digital"}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := lesson.Parse("fuzz.md", data, roles)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			return
		}
		if len(l.Quiz) < lesson.MinQuestions || len(l.Quiz) > lesson.MaxQuestions {
			t.Fatalf("accepted %d questions", len(l.Quiz))
		}
		for _, q := range l.Quiz {
			if q.Right() < 0 {
				t.Fatal("accepted a question with no right answer")
			}
		}
		for _, s := range l.Screens {
			html := string(s.Body.HTML(prose.Contacts{ServiceDeskPhone: "0300 555 0142"}))
			if strings.Contains(html, "{{") || strings.Contains(html, "<script") || !utf8.ValidString(html) {
				t.Fatalf("unsafe screen HTML: %s", html)
			}
		}
	})
}
