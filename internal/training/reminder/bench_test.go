package reminder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// benchStaff is the size of the trust in the benchmarks: a large acute
// trust has several thousand staff with accounts.
const benchStaff = 3000

// BenchmarkLargeTrust works out a week's reminders, and ranks the most
// failed quiz questions, for a trust of benchStaff people with a year of
// quiz attempts each (one per required lesson, a third failed on the
// first question and then passed).
func BenchmarkLargeTrust(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine.Name, func(b *testing.B) {
			db := engine.Open(b)
			f := newBenchTrust(b, db)
			ctx := context.Background()
			b.Run("queue", func(b *testing.B) {
				emails := 0
				for b.Loop() {
					if _, err := db.Exec(ctx, `DELETE FROM training_reminders`); err != nil {
						b.Fatal(err)
					}
					if _, err := db.Exec(ctx, `DELETE FROM training_reminder_weeks`); err != nil {
						b.Fatal(err)
					}
					n, err := f.reminders.Queue(ctx)
					if err != nil {
						b.Fatal(err)
					}
					emails = n
				}
				b.ReportMetric(float64(emails), "emails")
			})
			b.Run("most-failed", func(b *testing.B) {
				for b.Loop() {
					qs, err := f.training.MostFailed(ctx, f.trust.System("bench"), 10)
					if err != nil || len(qs) == 0 {
						b.Fatalf("%d questions, %v", len(qs), err)
					}
				}
			})
		})
	}
}

func newBenchTrust(b *testing.B, db *store.DB) *fixture {
	b.Helper()
	ctx := context.Background()
	f := newFixture(b, db)
	sc := f.trust.System("bench")
	lib, err := f.training.Library(ctx, sc)
	if err != nil {
		b.Fatal(err)
	}
	needs, err := f.training.Needs(ctx, sc)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := needs.For(string(org.NurseMidwife))
	people := make([]string, benchStaff)
	for i := range people {
		u, err := f.orgs.CreateUser(ctx, sc, org.PersonDetails{Email: fmt.Sprintf("person%d@rxx.example", i), Name: fmt.Sprintf("Person %d", i),
			JobRole: string(org.NurseMidwife), Roles: []string{"staff"}})
		if err != nil {
			b.Fatal(err)
		}
		people[i] = u.ID
	}
	// The attempts are written straight into the table: marking 30,000
	// quizzes one by one would take longer than the benchmark itself.
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for i, id := range people {
			for j, lessonID := range c.Required {
				l, _ := lib.Lesson(lessonID)
				answers := make([]int, len(l.Quiz))
				for k, q := range l.Quiz {
					answers[k] = q.Right()
				}
				at := f.now.AddDate(0, -1-(i+j)%13, 0)
				if (i+j)%3 == 0 {
					wrong := append([]int(nil), answers...)
					wrong[0] = (wrong[0] + 1) % len(l.Quiz[0].Options)
					if err := insertAttempt(ctx, tx, f.trust.ID, id, l.ID, l.Version, wrong, false, at.Add(-time.Hour)); err != nil {
						return err
					}
				}
				if err := insertAttempt(ctx, tx, f.trust.ID, id, l.ID, l.Version, answers, true, at); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func insertAttempt(ctx context.Context, tx *store.Tx, orgID, userID, lessonID string, version int, answers []int, passed bool, at time.Time) error {
	chosen, _ := json.Marshal(answers)
	correct := len(answers)
	if !passed {
		correct--
	}
	_, err := tx.Exec(ctx, `INSERT INTO training_attempts (id, org_id, user_id, lesson_id, lesson_version, answers, correct, questions, passed, finished_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, store.NewID(), orgID, userID, lessonID, version, string(chosen), correct, len(answers), passed, at.UTC())
	return err
}
