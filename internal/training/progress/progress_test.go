package progress_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

const phishing = "spotting-phishing" // required for every job role; four questions

// A nurse fails the quiz, is told kindly why for each answer, retries and
// passes; the lesson is then done and due again a year later.
func TestFailThenPassAQuiz(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		plan, err := f.training.MyPlan(ctx, f.nurse)
		if err != nil {
			t.Fatal(err)
		}
		a := assignment(t, plan, phishing)
		if a.Status != progress.NotStarted || !a.Required || !a.DueAt.Equal(plan.Person.CreatedAt.AddDate(0, 0, progress.NewStarterDays)) {
			t.Errorf("before: %s, want not started, due %d days after joining", brief(a), progress.NewStarterDays)
		}
		if plan.PassMark != progress.DefaultPassMark {
			t.Errorf("pass mark %d", plan.PassMark)
		}

		r, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing, 1), "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Passed || r.Correct != 3 || r.Questions != 4 || r.Percent != 75 {
			t.Errorf("3 of 4 at an 80%% pass mark: %+v", r)
		}
		if fb := r.Feedback[1]; fb.Correct || fb.Chosen.Explanation == "" || fb.Right.Text == fb.Chosen.Text || !fb.Right.Correct {
			t.Errorf("feedback on the wrong answer: %+v", fb)
		}
		plan, _ = f.training.MyPlan(ctx, f.nurse)
		if a := assignment(t, plan, phishing); a.Status != progress.InProgress || a.Attempts != 1 || a.LastPercent != 75 {
			t.Errorf("after a fail: %+v", brief(a))
		}

		f.now = f.now.Add(time.Minute)
		r, err = f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), "")
		if err != nil || !r.Passed || r.Percent != 100 {
			t.Fatalf("retry: %+v, %v", r, err)
		}
		plan, _ = f.training.MyPlan(ctx, f.nurse)
		a = assignment(t, plan, phishing)
		if a.Status != progress.Done || !a.DueAt.Equal(f.now.AddDate(1, 0, 0)) || a.Attempts != 0 {
			t.Errorf("after the pass: %+v, want done and due again in 12 months", brief(a))
		}
		if len(plan.Finished()) != 1 || len(plan.ToDo()) != len(plan.Required)-1 {
			t.Errorf("finished %d, to do %d of %d", len(plan.Finished()), len(plan.ToDo()), len(plan.Required))
		}
		var audited int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'training-attempt'`, f.nurse.OrgID).Scan(&audited); err != nil || audited != 2 {
			t.Errorf("audit records: %d, %v; want 2", audited, err)
		}
	})
}

// Completions expire after the curriculum's refresh period, with a
// reminder before the due date and "overdue" after it.
func TestCompletionsExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		passed := f.now
		if _, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), ""); err != nil {
			t.Fatal(err)
		}
		f.now = passed.AddDate(0, 11, 10)
		plan, _ := f.training.MyPlan(ctx, f.nurse)
		if a := assignment(t, plan, phishing); a.Status != progress.Done || !a.DueSoon(f.now) || a.Overdue(f.now) {
			t.Errorf("three weeks before renewal: %+v, want done and due soon", brief(a))
		}
		f.now = passed.AddDate(1, 0, 1)
		plan, _ = f.training.MyPlan(ctx, f.nurse)
		if a := assignment(t, plan, phishing); a.Status != progress.NotStarted || !a.Refresh || !a.Overdue(f.now) {
			t.Errorf("a year and a day on: %+v, want due again and overdue", brief(a))
		}
	})
}

func TestThePassMarkIsTheOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.training.SetPassMark(ctx, f.nurse, 50); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse set the pass mark: %v", err)
		}
		if _, err := f.training.SetPassMark(ctx, f.admin, 30); fields(err)["pass_mark"] == "" {
			t.Errorf("a pass mark of 30%%: %v", err)
		}
		if _, err := f.training.SetPassMark(ctx, f.admin, 75); err != nil {
			t.Fatal(err)
		}
		r, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing, 0), "")
		if err != nil || !r.Passed || r.PassMark != 75 {
			t.Errorf("3 of 4 at 75%%: %+v, %v", r, err)
		}
		// The practice keeps the default.
		r, err = f.training.Submit(ctx, f.gpNurse, phishing, f.answers(t, phishing, 0), "")
		if err != nil || r.Passed || r.PassMark != progress.DefaultPassMark {
			t.Errorf("the practice's pass mark changed: %+v, %v", r, err)
		}
	})
}

func TestEveryQuestionNeedsAnAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		answers := f.answers(t, phishing)
		answers[2] = progress.NoAnswer
		_, err := f.training.Submit(context.Background(), f.nurse, phishing, answers, "")
		if fields(err)["q3"] == "" {
			t.Errorf("err = %v, want question 3 named", err)
		}
		if _, err := f.training.Submit(context.Background(), f.nurse, "no-such-lesson", nil, ""); !vigil.IsNotFound(err) {
			t.Errorf("unknown lesson: %v", err)
		}
		var n int
		_ = db.QueryRow(context.Background(), `SELECT count(*) FROM training_attempts`).Scan(&n)
		if n != 0 {
			t.Errorf("%d attempts stored from refused answers", n)
		}
	})
}

// A quiz finished offline may be sent twice when the phone comes back
// online; its key makes it one attempt. Someone else's key finds nothing.
func TestAQuizSentTwiceIsRecordedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const key = "0b7e6f1c-5a2d-4c1e-9f3a-2d4b6c8e0a1f"
		if _, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), "not-a-uuid"); fields(err)["attempt_id"] == "" {
			t.Errorf("a key that is not a UUID: %v", err)
		}
		first, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), key)
		if err != nil || first.AttemptID != key || !first.Passed {
			t.Fatalf("first: %+v, %v", first.AttemptID, err)
		}
		again, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), key)
		if err != nil || again.AttemptID != key {
			t.Fatalf("again: %v, %v", again.AttemptID, err)
		}
		if _, err := f.training.Submit(ctx, f.nurse2, phishing, f.answers(t, phishing), key); !vigil.IsNotFound(err) {
			t.Errorf("another nurse with the same key: %v", err)
		}
		var n int
		_ = db.QueryRow(ctx, `SELECT count(*) FROM training_attempts`).Scan(&n)
		if n != 1 {
			t.Errorf("%d attempts stored, want 1", n)
		}
	})
}
