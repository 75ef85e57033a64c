package monitor

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The alerts offer the self-assessment evidence for C1.a (what is watched,
// and which sources went silent) and C1.d (how fast alerts are looked at),
// and the board the same figures.
var _ evidence.Source = (*Monitor)(nil)

// triageWindow is how far back the time to triage looks.
const triageWindow = 30 * 24 * time.Hour

// Detection is the organisation's detection figures at one moment.
type Detection struct {
	Sources, Watched, Silent int
	Alerts                   int           // received in the window
	Triaged                  int           // of those, looked at by an analyst
	Waiting                  int           // still untriaged, of any age
	MedianTimeToTriage       time.Duration // zero when none was triaged
}

// Detection works out the figures at now.
func (m *Monitor) Detection(ctx context.Context, scope vigil.Scope, now time.Time) (Detection, error) {
	var d Detection
	sources, err := m.Sources(ctx, scope)
	if err != nil {
		return d, err
	}
	for _, s := range sources {
		if s.Name == HealthSource {
			continue
		}
		d.Sources++
		if s.Expected > 0 {
			d.Watched++
		}
		if s.Silent(now) {
			d.Silent++
		}
	}
	since := now.Add(-triageWindow)
	if err := m.db.QueryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE org_id = $1 AND received_at >= $2`, scope.OrgID, since).Scan(&d.Alerts); err != nil {
		return d, fmt.Errorf("count alerts: %w", err)
	}
	if err := m.db.QueryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE org_id = $1 AND status = $2`, scope.OrgID, string(Untriaged)).Scan(&d.Waiting); err != nil {
		return d, fmt.Errorf("count untriaged alerts: %w", err)
	}
	rows, err := m.db.Query(ctx, `SELECT received_at, triaged_at FROM alerts WHERE org_id = $1 AND triaged_at >= $2 ORDER BY triaged_at DESC LIMIT 10000`, scope.OrgID, since)
	if err != nil {
		return d, fmt.Errorf("read triage times: %w", err)
	}
	defer rows.Close()
	var waits []time.Duration
	for rows.Next() {
		var received, triaged time.Time
		if err := rows.Scan(&received, &triaged); err != nil {
			return d, err
		}
		waits = append(waits, max(triaged.Sub(received), 0))
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	d.Triaged = len(waits)
	if len(waits) > 0 {
		slices.Sort(waits)
		d.MedianTimeToTriage = waits[len(waits)/2]
	}
	return d, nil
}

// Evidence says what the alerts show for C1.a and C1.d.
func (m *Monitor) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	d, err := m.Detection(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	coverage := "No detection tool sends alerts to Vigil yet."
	if d.Sources > 0 {
		coverage = fmt.Sprintf("%d detection tools send alerts to Vigil; %d are watched for silence and %d are silent now.", d.Sources, d.Watched, d.Silent)
	}
	triage := fmt.Sprintf("No alerts were triaged in the last %d days; %d wait to be looked at.", int(triageWindow.Hours()/24), d.Waiting)
	if d.Triaged > 0 {
		triage = fmt.Sprintf("In the last %d days %d alerts arrived and %d were triaged, with a median of %s from arrival to triage; %d wait to be looked at. Alerts are ranked by the clinical harm of the asset they name.",
			int(triageWindow.Hours()/24), d.Alerts, d.Triaged, durationWords(d.MedianTimeToTriage), d.Waiting)
	}
	return []evidence.Item{
		{Outcome: "C1.a", Summary: coverage, Link: "/monitoring/sources", At: now},
		{Outcome: "C1.d", Summary: triage, Link: "/monitoring", At: now},
	}, nil
}

// Measures are the detection figures for the board.
func (m *Monitor) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	d, err := m.Detection(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	out := []evidence.Measure{
		{Key: "alerts.silent-sources", Label: "Detection tools silent for longer than expected", Value: float64(d.Silent), Unit: "sources", Better: evidence.LowerIsBetter, Link: "/monitoring/sources"},
		{Key: "alerts.waiting", Label: "Security alerts not yet looked at", Value: float64(d.Waiting), Unit: "alerts", Better: evidence.LowerIsBetter, Link: "/monitoring"},
	}
	if d.Triaged > 0 {
		out = append(out, evidence.Measure{Key: "alerts.time-to-triage", Label: "Median time from alert to triage", Value: d.MedianTimeToTriage.Hours(),
			Unit: "hours", Better: evidence.LowerIsBetter, Link: "/monitoring"})
	}
	return out, nil
}

func durationWords(d time.Duration) string {
	if d < time.Hour {
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return fmt.Sprintf("%.1f hours", d.Hours())
}
