package reminder

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Where a reminder is in the outbox. Several Vigil nodes may send at once:
// each claims an e-mail by moving its next attempt into the future first.
const (
	statusPending = "pending"
	statusSent    = "sent"
	statusFailed  = "failed"  // given up: tried MaxAttempts times, or can never be sent
	statusStopped = "stopped" // the person asked for none after it was written

	// MaxAttempts is how often a reminder is tried before it is given up.
	MaxAttempts = 6
	claimFor    = 10 * time.Minute
	sendBatch   = 100
)

// Flush sends the reminders that are due and answers how many went. A
// failed one is tried again later, with a growing wait.
func (r *Reminders) Flush(ctx context.Context) (int, error) {
	if r.sender == nil {
		return 0, nil
	}
	now := r.clock()
	sent, err := r.db.EachID(ctx, func(ctx context.Context, id string) (bool, error) { return r.sendOne(ctx, id, now) },
		`SELECT id FROM training_reminders WHERE status = $1 AND next_at <= $2 ORDER BY id LIMIT $3`, statusPending, now.UTC(), sendBatch)
	if err != nil {
		return sent, fmt.Errorf("send training reminders: %w", err)
	}
	return sent, nil
}

type queued struct {
	id, orgID, userID, subject, body string
	attempts                         int
}

func (r *Reminders) sendOne(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := r.db.Exec(ctx, `UPDATE training_reminders SET next_at = $1, attempts = attempts + 1 WHERE id = $2 AND status = $3 AND next_at <= $4`,
		now.Add(claimFor).UTC(), id, statusPending, now.UTC())
	if err != nil {
		return false, fmt.Errorf("claim training reminder: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // another node has it
	}
	q := queued{id: id}
	if err := r.db.QueryRow(ctx, `SELECT org_id, user_id, subject, body, attempts FROM training_reminders WHERE id = $1`, id).
		Scan(&q.orgID, &q.userID, &q.subject, &q.body, &q.attempts); err != nil {
		return false, fmt.Errorf("load training reminder %s: %w", id, err)
	}
	o, err := r.orgs.OrganisationByID(ctx, q.orgID)
	if err != nil {
		return false, fmt.Errorf("load training reminder %s: %w", id, err)
	}
	sc := o.System("Training reminders")
	if stopped, err := r.stopped(ctx, q.orgID, q.userID); err != nil || stopped {
		if err != nil {
			return false, err
		}
		return false, r.finish(ctx, q, statusStopped, "")
	}
	people, err := r.orgs.Contacts(ctx, sc, []string{q.userID})
	if err != nil {
		return false, fmt.Errorf("load training reminder %s: %w", id, err)
	}
	p, ok := people[q.userID]
	if !ok || p.Disabled || p.Email == "" {
		return false, r.finish(ctx, q, statusFailed, "the person has left or has no e-mail address")
	}
	if err := r.sender.Send(ctx, feedback.Message{To: p.Email, Subject: q.subject, Text: q.body}); err != nil {
		return false, r.failed(ctx, q, err, now)
	}
	return true, r.finish(ctx, q, statusSent, "")
}

// finish closes a reminder for good: sent, stopped or given up.
func (r *Reminders) finish(ctx context.Context, q queued, status, why string) error {
	return r.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE training_reminders SET status = $1, sent_at = $2, last_error = $3 WHERE id = $4`,
			status, store.Now(), why, q.id); err != nil {
			return fmt.Errorf("close training reminder: %w", err)
		}
		if status != statusSent {
			return nil
		}
		return audit.Record(ctx, tx, vigil.SystemActor(q.orgID), audit.Change{Action: "notify", EntityType: "training-reminders", EntityID: q.userID,
			Summary: "E-mailed the weekly training reminder: " + q.subject})
	})
}

// failed records a failure: tried again after a wait that grows with each
// attempt, and given up after MaxAttempts or when it can never go.
func (r *Reminders) failed(ctx context.Context, q queued, cause error, now time.Time) error {
	status, next := statusPending, now.Add(time.Duration(q.attempts*q.attempts)*time.Minute)
	if q.attempts >= MaxAttempts || feedback.IsPermanent(cause) {
		status = statusFailed
	}
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	if _, err := r.db.Exec(ctx, `UPDATE training_reminders SET status = $1, next_at = $2, last_error = $3 WHERE id = $4`,
		status, next.UTC(), msg, q.id); err != nil {
		return errors.Join(cause, fmt.Errorf("record training reminder failure: %w", err))
	}
	return fmt.Errorf("training reminder %s: %w", q.id, cause)
}
