package content_test

import (
	"testing"

	"github.com/vigil-health/vigil/content"
)

// Benchmarks run with -bench only; figures are in docs/performance-content.md.

// BenchmarkLoad reads and checks every built-in file, as start-up does.
func BenchmarkLoad(b *testing.B) {
	v := vocabulary()
	for b.Loop() {
		if _, err := content.Load(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch answers a typical question from the Cyber help page.
func BenchmarkSearch(b *testing.B) {
	answers := load(b).Answers
	for b.Loop() {
		if len(answers.Search("Can I send a patient photo on WhatsApp?")) == 0 {
			b.Fatal("no answer")
		}
	}
}

// BenchmarkRenderScreen fills an organisation's contacts into one screen,
// which a lesson page does on every request.
func BenchmarkRenderScreen(b *testing.B) {
	l, ok := load(b).Lessons.Lesson("when-systems-go-down")
	if !ok {
		b.Fatal("no lesson")
	}
	s := l.Screens[len(l.Screens)-1]
	b.SetBytes(int64(len(s.Body.HTML(full))))
	for b.Loop() {
		s.Body.HTML(full)
	}
}
