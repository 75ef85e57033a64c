package progress_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestMostFailedQuestions: the question staff get wrong most often comes
// first, with the wrong answer they pick; questions too rarely answered,
// or never got wrong, are left out; another organisation's answers never
// count; and only those who read coverage may see it.
func TestMostFailedQuestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		submit := func(sc vigil.Scope, lessonID string, times int, wrong ...int) {
			for range times {
				if _, err := f.training.Submit(ctx, sc, lessonID, f.answers(t, lessonID, wrong...), ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Question 2 of the phishing lesson: wrong 4 times in 6; question 3: once in 6.
		submit(f.nurse, "spotting-phishing", 3, 1)
		submit(f.nurse2, "spotting-phishing", 1, 1, 2)
		submit(f.nurse2, "spotting-phishing", 2)
		// Wrong every time, but only 4 answers: too few to rank.
		submit(f.nurse, "passwords-and-mfa", 4, 0)
		// The practice gets question 1 wrong often: none of the trust's business.
		submit(f.gpNurse, "spotting-phishing", 6, 0)

		got, err := f.training.MostFailed(ctx, f.analyst, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d questions ranked, want 2: %+v", len(got), got)
		}
		first := got[0]
		if first.Lesson.ID != "spotting-phishing" || first.Number != 2 || first.Answers != 6 || first.Wrong != 4 || first.WrongPercent() != 66 {
			t.Errorf("worst question: %s question %d, %d of %d wrong (%d%%)", first.Lesson.ID, first.Number, first.Wrong, first.Answers, first.WrongPercent())
		}
		q := first.Question
		if want := q.Options[(q.Right()+1)%len(q.Options)]; first.Likeliest != want || first.Chosen != 4 {
			t.Errorf("the wrong answer chosen most is %q (%d times), want %q (4)", first.Likeliest.Text, first.Chosen, want.Text)
		}
		if got[1].Number != 3 || got[1].Wrong != 1 {
			t.Errorf("second question: %d with %d wrong, want 3 with 1", got[1].Number, got[1].Wrong)
		}

		practice, err := f.training.MostFailed(ctx, f.practice, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(practice) != 1 || practice[0].Number != 1 || practice[0].Answers != 6 {
			t.Errorf("the practice sees %+v, want only its own question 1, answered 6 times", practice)
		}
		if _, err := f.training.MostFailed(ctx, f.nurse, 10); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse reading the most failed questions: %v, want forbidden", err)
		}
	})
}
