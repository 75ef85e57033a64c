package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/loadtest"
)

// The training load tool signs learners in with their own sessions and
// walks a lesson and its quiz; every request it makes is answered as a
// learner's would be, and each quiz it sends is recorded.
func TestTrainingLoadWalksLessonsAndQuizzes(t *testing.T) {
	a := apptest.Start(t)
	ctx := context.Background()
	var before int
	if err := a.DB.QueryRow(ctx, `SELECT count(*) FROM training_attempts`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	l := loadtest.Training{URL: a.URL, Accounts: []loadtest.Account{{Email: apptest.Nurse, Password: a.Passwords[apptest.Nurse]}},
		Learners: 3, Duration: 2 * time.Second, Lesson: "when-systems-go-down"}
	res, err := l.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, first := res.Failed(); n > 0 {
		t.Fatalf("%d requests failed: %s", n, first)
	}
	screens, submits := res.Kinds[loadtest.KindScreen], res.Kinds[loadtest.KindSubmit]
	if screens.Sent == 0 || submits.Sent == 0 || len(screens.Latencies) != screens.Sent {
		t.Errorf("screens %d, submits %d", screens.Sent, submits.Sent)
	}
	var after int
	if err := a.DB.QueryRow(ctx, `SELECT count(*) FROM training_attempts`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	// A quiz in flight when the time ran out may be recorded without being
	// counted: at most one per learner.
	if got := after - before; got < submits.Sent || got > submits.Sent+l.Learners {
		t.Errorf("%d attempts recorded for %d quizzes sent", got, submits.Sent)
	}
	bad := loadtest.Training{URL: a.URL, Accounts: []loadtest.Account{{Email: apptest.Nurse, Password: "wrong"}}, Learners: 1, Duration: time.Second, Lesson: "when-systems-go-down"}
	if _, err := bad.Run(ctx); err == nil {
		t.Error("a wrong password was not reported")
	}
	if _, err := loadtest.ParseAccount("no-password"); err == nil {
		t.Error("an account without a password was accepted")
	}
}
