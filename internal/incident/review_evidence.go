package incident

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// reviewEvidence says what the post-incident reviews show for D2: D2.a, the
// share of serious incidents closed in the last year whose review a named
// person signed off; D2.b, the actions those reviews set and how many are
// done or overdue. Both say plainly when there is nothing to show.
func (s *Incidents) reviewEvidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	since := now.Add(-incidentWindow)
	var closed, signed int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.signed_off_at IS NULL THEN 0 ELSE 1 END), 0)
		FROM incidents i LEFT JOIN incident_reviews r ON r.org_id = i.org_id AND r.incident_id = i.id
		WHERE i.org_id = $1 AND i.status = $2 AND i.severity >= $3 AND i.closed_at >= $4`,
		scope.OrgID, string(Closed), int(alert.High), since).Scan(&closed, &signed)
	if err != nil {
		return nil, fmt.Errorf("count reviewed incidents: %w", err)
	}
	a := "No serious (high or critical) incident was closed in Vigil in the last year, so there is no post-incident review to show."
	if closed > 0 {
		a = fmt.Sprintf("%d of the %d serious (high or critical) incidents closed in the last year have a post-incident review signed off by a named person (%d%%).",
			signed, closed, signed*100/closed)
	}
	actions, err := s.actionCounts(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	b := "No post-incident review has set actions yet."
	if actions.total > 0 {
		b = fmt.Sprintf("Post-incident reviews in the last year set %d actions, each with an owner and a due date: %d done, %d still open, %d of them overdue.",
			actions.total, actions.done, actions.total-actions.done, actions.overdue)
	}
	link := "/monitoring/incidents"
	return []evidence.Item{
		{Outcome: "D2.a", Summary: a, Link: link, At: now, LinkNeeds: vigil.ReadAlerts},
		{Outcome: "D2.b", Summary: b, Link: link, At: now, LinkNeeds: vigil.ReadAlerts},
	}, nil
}

type actionCounts struct{ total, done, overdue int }

// actionCounts counts the actions of reviews written in the last year. An
// action is overdue from the day after its due date.
func (s *Incidents) actionCounts(ctx context.Context, scope vigil.Scope, now time.Time) (actionCounts, error) {
	var c actionCounts
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.done_at IS NULL THEN 0 ELSE 1 END), 0),
		COALESCE(SUM(CASE WHEN a.done_at IS NULL AND a.due_on < $3 THEN 1 ELSE 0 END), 0)
		FROM incident_review_actions a JOIN incident_reviews r ON r.org_id = a.org_id AND r.incident_id = a.incident_id
		WHERE a.org_id = $1 AND r.created_at >= $2`, scope.OrgID, now.Add(-incidentWindow), today).Scan(&c.total, &c.done, &c.overdue)
	if err != nil {
		return actionCounts{}, fmt.Errorf("count review actions: %w", err)
	}
	return c, nil
}

// reviewMeasures is the board's figure: review actions open past their date.
func (s *Incidents) reviewMeasures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	c, err := s.actionCounts(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	return []evidence.Measure{{Key: "incidents.review_actions_overdue", Label: "Post-incident review actions overdue", Value: float64(c.overdue),
		Unit: "actions", Better: evidence.LowerIsBetter, Link: "/monitoring/incidents", LinkNeeds: vigil.ReadAlerts}}, nil
}
