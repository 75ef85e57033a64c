// Package lessontest answers lessons' quizzes for other packages' tests.
package lessontest

import (
	"testing"

	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Answers picks the right option of every question of the lesson, or a
// wrong one for the questions listed in wrong (from 0).
func Answers(t testing.TB, lessons lesson.Library, lessonID string, wrong ...int) []int {
	t.Helper()
	l, ok := lessons.Lesson(lessonID)
	if !ok {
		t.Fatalf("no lesson %s", lessonID)
	}
	out := make([]int, len(l.Quiz))
	for i, q := range l.Quiz {
		out[i] = q.Right()
		for _, w := range wrong {
			if w == i {
				out[i] = (q.Right() + 1) % len(q.Options)
			}
		}
	}
	return out
}
