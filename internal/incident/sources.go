package incident

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

var (
	_ hazard.ConfirmedIncidents = (*Incidents)(nil)
	_ evidence.Source           = (*Incidents)(nil)
)

// ConfirmedIncidents offers the hazard log the incidents known to have
// happened, for it to suggest hazards from. The hazard log checks its own
// readers' permission; the titles it gets are the organisation's own.
func (s *Incidents) ConfirmedIncidents(ctx context.Context, scope vigil.Scope) ([]hazard.ConfirmedIncident, error) {
	all, err := s.where(ctx, `WHERE org_id = $1 AND status IN ($2, $3, $4) ORDER BY created_at DESC LIMIT 200`,
		scope.OrgID, string(Contained), string(Resolved), string(Closed))
	if err != nil {
		return nil, err
	}
	out := make([]hazard.ConfirmedIncident, len(all))
	for i, inc := range all {
		out[i] = hazard.ConfirmedIncident{ID: inc.ID, Title: inc.Code() + " " + inc.Title, AssetIDs: inc.AssetIDs, Path: "/monitoring/incidents/" + inc.ID}
	}
	return out, nil
}

// incidentWindow is how far back the response figures look.
const incidentWindow = 365 * 24 * time.Hour

// Evidence says what the incidents show for D1.b: that incidents are run
// with a continuity plan, and how many of their steps were done.
func (s *Incidents) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	var opened, running, tasks, done int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ($3, $4) THEN 0 ELSE 1 END), 0) FROM incidents WHERE org_id = $1 AND created_at >= $2`,
		scope.OrgID, now.Add(-incidentWindow), string(Closed), string(FalseAlarm)).Scan(&opened, &running)
	if err != nil {
		return nil, fmt.Errorf("count incidents: %w", err)
	}
	err = s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN done_at IS NULL THEN 0 ELSE 1 END), 0) FROM incident_tasks t
		JOIN incidents i ON i.id = t.incident_id AND i.org_id = t.org_id WHERE t.org_id = $1 AND i.created_at >= $2`, scope.OrgID, now.Add(-incidentWindow)).Scan(&tasks, &done)
	if err != nil {
		return nil, fmt.Errorf("count incident tasks: %w", err)
	}
	summary := fmt.Sprintf("No security incidents were opened in Vigil in the last year. %d playbooks, each with security and clinical steps, are ready.", len(Playbooks))
	if opened > 0 {
		summary = fmt.Sprintf("%d security incidents were opened in the last year, %d still running; each carried a clinical continuity plan from the care map, and %d of their %d response steps are done.",
			opened, running, done, tasks)
	}
	reviews, err := s.reviewEvidence(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	return append([]evidence.Item{{Outcome: "D1.b", Summary: summary, Link: "/monitoring/incidents", At: now}}, reviews...), nil
}

// Measures are the incident figures for the board.
func (s *Incidents) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	var running int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM incidents WHERE org_id = $1 AND status NOT IN ($2, $3)`, scope.OrgID, string(Closed), string(FalseAlarm)).Scan(&running); err != nil {
		return nil, fmt.Errorf("count running incidents: %w", err)
	}
	reviews, err := s.reviewMeasures(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	return append([]evidence.Measure{{Key: "incidents.running", Label: "Security incidents running", Value: float64(running), Unit: "incidents",
		Better: evidence.LowerIsBetter, Link: "/monitoring/incidents"}}, reviews...), nil
}
