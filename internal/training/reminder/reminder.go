// Package reminder sends the weekly training reminder: one plain e-mail to
// each person with required lessons overdue or due soon, and, to managers,
// how many of their team are overdue. It is worked out once a week per
// organisation, kept in an outbox in the database, and sent from there, so
// a restart or a mail relay that is down loses nothing and sends nothing
// twice. Nobody gets more than one a week, and anyone can stop them.
package reminder

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Warnings are the "we've seen this" warnings staff should know of now.
type Warnings interface {
	Warnings(ctx context.Context, scope vigil.Scope, now time.Time) ([]report.Warning, error)
}

// Tactics are the live "latest tactics" bulletins of an organisation.
type Tactics interface {
	CurrentIn(ctx context.Context, scope vigil.Scope) ([]bulletin.Bulletin, error)
}

// Reminders works out, keeps and sends the weekly reminders.
type Reminders struct {
	db        *store.DB
	orgs      *org.Store
	training  *progress.Service
	programme programme.Programme
	warnings  Warnings
	tactics   Tactics
	sender    feedback.Sender // nil: reminders are not e-mailed
	baseURL   string
	clock     func() time.Time
}

// Options are what the reminders need beyond the database.
type Options struct {
	Programme programme.Programme // for the habit of the week
	Warnings  Warnings            // may be nil
	Tactics   Tactics             // may be nil
	// Sender is the mail relay; without one, people can still say they
	// want no reminders, but none are worked out or sent.
	Sender  feedback.Sender
	BaseURL string // how people reach Vigil, for the links
	Clock   func() time.Time
}

// New returns the reminders on db.
func New(db *store.DB, orgs *org.Store, training *progress.Service, o Options) *Reminders {
	return &Reminders{db: db, orgs: orgs, training: training, programme: o.Programme, warnings: o.Warnings, tactics: o.Tactics,
		sender: o.Sender, baseURL: o.BaseURL, clock: o.Clock}
}

// Sends says reminders go out by e-mail here.
func (r *Reminders) Sends() bool { return r.sender != nil }

// london is the time zone weeks turn over in.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// StartHour is the hour (UK time) on Monday from which the week's
// reminders are worked out: after the night shift has handed over.
const StartHour = 8

// Week names the UK week t falls in, such as 2026-W48, and says whether
// its reminders may be worked out yet.
func Week(t time.Time) (name string, started bool) {
	local := t.In(london)
	y, w := local.ISOWeek()
	started = local.Weekday() != time.Monday || local.Hour() >= StartHour
	return fmt.Sprintf("%d-W%02d", y, w), started
}

// Stopped says whether the signed-in person asked for no reminder e-mails.
func (r *Reminders) Stopped(ctx context.Context, scope vigil.Scope) (bool, error) {
	return r.stopped(ctx, scope.OrgID, scope.Person())
}

func (r *Reminders) stopped(ctx context.Context, orgID, userID string) (bool, error) {
	var n int
	if err := r.db.QueryRow(ctx, `SELECT COUNT(*) FROM training_reminder_stops WHERE org_id = $1 AND user_id = $2`,
		orgID, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("read reminder choice: %w", err)
	}
	return n > 0, nil
}

// Choose records whether the signed-in person wants the weekly reminder.
func (r *Reminders) Choose(ctx context.Context, scope vigil.Scope, want bool) error {
	person := scope.Person()
	if person == "" || scope.TokenID != "" {
		return vigil.Errorf(vigil.Forbidden, "Only a signed-in person can choose their own reminders.")
	}
	return r.db.Tx(ctx, func(tx *store.Tx) error {
		q, args, summary := `DELETE FROM training_reminder_stops WHERE org_id = $1 AND user_id = $2`,
			[]any{scope.OrgID, person}, "Asked for the weekly training reminder e-mail"
		if !want {
			q, args, summary = `INSERT INTO training_reminder_stops (org_id, user_id, stopped_at) VALUES ($1, $2, $3)
				ON CONFLICT (org_id, user_id) DO NOTHING`, append(args, r.clock().UTC()), "Stopped the weekly training reminder e-mail"
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("record reminder choice: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "training-reminders", EntityID: person,
			Summary: summary, After: map[string]bool{"weekly_email": want}})
	})
}
