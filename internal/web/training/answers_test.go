package training

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/training/lesson"
)

func quiz() lesson.Lesson {
	two := lesson.Question{Options: []lesson.Option{{Text: "a", Correct: true}, {Text: "b"}}}
	three := lesson.Question{Options: []lesson.Option{{Text: "a"}, {Text: "b"}, {Text: "c", Correct: true}}}
	return lesson.Lesson{ID: "x", Quiz: []lesson.Question{two, three, two}}
}

func TestParseAnswers(t *testing.T) {
	for in, ok := range map[string]bool{"": true, "0": true, "1,2": true, "1,2,0": true, "2": false, "0,3": false, "0,1,1,1": false, "a": false, "0,,1": false, "-1": false} {
		got, valid := parseAnswers(in, quiz())
		if valid != ok || (ok && formatAnswers(got) != in) {
			t.Errorf("%q: %v %v, want ok %v", in, got, valid, ok)
		}
	}
}

// FuzzParseAnswers: answers come from the address, so anything may arrive.
// What is accepted is within the quiz and says the same when written back.
func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{"", "0,2,1", "9", "1,", strings.Repeat("0,", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := quiz()
		got, ok := parseAnswers(s, l)
		if !ok {
			return
		}
		if len(got) > len(l.Quiz) {
			t.Fatalf("%q: %d answers for %d questions", s, len(got), len(l.Quiz))
		}
		for i, a := range got {
			if a < 0 || a >= len(l.Quiz[i].Options) {
				t.Fatalf("%q: answer %d is %d", s, i, a)
			}
		}
		again, ok := parseAnswers(formatAnswers(got), l)
		if !ok || formatAnswers(again) != formatAnswers(got) {
			t.Fatalf("%q does not read back", s)
		}
	})
}
