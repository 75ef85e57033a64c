package incident

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// ActionDraft is a new action for a review.
type ActionDraft struct {
	Summary string
	OwnerID string    // any active person of the organisation
	Due     time.Time // the day it is due by
}

func (s *Incidents) reviewActions(ctx context.Context, orgID, id string) ([]ReviewAction, error) {
	rows, err := s.db.Query(ctx, `SELECT id, summary, owner_id, owner_name, due_on, done_at, done_by FROM incident_review_actions
		WHERE org_id = $1 AND incident_id = $2 ORDER BY due_on, created_at, id`, orgID, id)
	if err != nil {
		return nil, fmt.Errorf("read review actions: %w", err)
	}
	defer rows.Close()
	var out []ReviewAction
	for rows.Next() {
		var a ReviewAction
		var done sql.NullTime
		if err := rows.Scan(&a.ID, &a.Summary, &a.OwnerID, &a.OwnerName, &a.Due, &done, &a.DoneBy); err != nil {
			return nil, fmt.Errorf("read review action: %w", err)
		}
		a.Due = a.Due.UTC()
		if done.Valid {
			a.DoneAt = done.Time.UTC()
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// People lists the active people of the organisation, by name, for an
// action owner to be chosen from.
func (s *Incidents) People(ctx context.Context, scope vigil.Scope) ([]org.Holder, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.orgs.Holders(ctx, scope, vigil.Roles...)
}

// Owners lists the active people of the organisation who may run incidents.
func (s *Incidents) Owners(ctx context.Context, scope vigil.Scope) ([]org.Holder, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.orgs.Holders(ctx, scope, vigil.SecurityAnalyst, vigil.OrgAdmin)
}

// AddReviewAction adds an action, with its owner and due date, to the
// incident's review.
func (s *Incidents) AddReviewAction(ctx context.Context, scope vigil.Scope, id string, d ActionDraft) (ReviewAction, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return ReviewAction{}, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return ReviewAction{}, err
	}
	if _, err := s.review(ctx, s.db, scope.OrgID, id); err != nil {
		return ReviewAction{}, err
	}
	problems := map[string]string{}
	d.Summary = strings.TrimSpace(d.Summary)
	switch n := utf8.RuneCountInString(d.Summary); {
	case n == 0:
		problems["action"] = "Enter what is to be done"
	case n > MaxActionText:
		problems["action"] = fmt.Sprintf("Keep the action to %d characters or fewer", MaxActionText)
	}
	var owner org.User
	if d.OwnerID == "" {
		problems["owner"] = "Choose who will do it"
	} else {
		var problem string
		if owner, problem, err = s.person(ctx, scope, d.OwnerID); err != nil {
			return ReviewAction{}, err
		}
		if problem != "" {
			problems["owner"] = problem
		}
	}
	if d.Due.IsZero() {
		problems["due"] = "Enter the date it is due by"
	}
	if len(problems) > 0 {
		return ReviewAction{}, vigil.InvalidFields("Check the action.", problems)
	}
	a := ReviewAction{ID: store.NewID(), Summary: d.Summary, OwnerID: owner.ID, OwnerName: owner.Name,
		Due: time.Date(d.Due.Year(), d.Due.Month(), d.Due.Day(), 0, 0, 0, 0, time.UTC)}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM incident_review_actions WHERE org_id = $1 AND incident_id = $2`, scope.OrgID, id).Scan(&n); err != nil {
			return fmt.Errorf("count review actions: %w", err)
		}
		if n >= MaxReviewActions {
			return vigil.InvalidFields("This review has as many actions as it can hold.", map[string]string{"action": fmt.Sprintf("A review holds at most %d actions", MaxReviewActions)})
		}
		if _, err := tx.Exec(ctx, `INSERT INTO incident_review_actions (id, org_id, incident_id, summary, owner_id, owner_name, due_on, done_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8)`, a.ID, scope.OrgID, id, a.Summary, a.OwnerID, a.OwnerName, a.Due, s.clock()); err != nil {
			return fmt.Errorf("add review action: %w", err)
		}
		summary := fmt.Sprintf("Review action for %s, due %s: %s", a.OwnerName, a.Due.Format("2 January 2006"), a.Summary)
		if err := addEvent(ctx, tx, scope, id, Reviewed, summary); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "incident-review-action", EntityID: a.ID,
			Summary: inc.Code() + ": " + summary, After: map[string]any{"owner": a.OwnerName, "due": a.Due.Format(time.DateOnly)}})
	})
	if err != nil {
		return ReviewAction{}, err
	}
	return a, nil
}

// CompleteReviewAction marks one of the review's actions done.
func (s *Incidents) CompleteReviewAction(ctx context.Context, scope vigil.Scope, id, actionID string) error {
	return s.markDone(ctx, scope, id, actionID, checklist{table: "incident_review_actions", noun: "action",
		entityType: "incident-review-action", event: Reviewed, timeline: "Review action done: ", audit: " review action done: "})
}
