package monitor

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// OrgActivity is one organisation's alert figures for the national centre.
type OrgActivity struct {
	OrgID       string
	LastDay     int // alerts received in the last 24 hours
	LastWeek    int // in the last 7 days
	Waiting     int // not yet looked at, of any age
	PatientRisk int // not yet looked at and in the "Patients at risk" band
	Sources     int
	Silent      int
}

// National is every organisation's alert figures at now, for the national
// centre: volumes, what waits, and which sources are silent. Organisations
// that have never had an alert or a source are left out.
func (m *Monitor) National(ctx context.Context, scope vigil.Scope, now time.Time) ([]OrgActivity, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	byOrg := map[string]*OrgActivity{}
	get := func(id string) *OrgActivity {
		if a, ok := byOrg[id]; ok {
			return a
		}
		a := &OrgActivity{OrgID: id}
		byOrg[id] = a
		return a
	}
	rows, err := m.db.Query(ctx, `SELECT org_id,
		COALESCE(SUM(CASE WHEN received_at >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN received_at >= $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = $3 AND priority >= $4 THEN 1 ELSE 0 END), 0)
		FROM alerts GROUP BY org_id`, now.Add(-24*time.Hour), now.Add(-7*24*time.Hour), string(Untriaged), patientRisk)
	if err != nil {
		return nil, fmt.Errorf("count alerts by organisation: %w", err)
	}
	for rows.Next() {
		var id string
		var day, week, waiting, risk int
		if err := rows.Scan(&id, &day, &week, &waiting, &risk); err != nil {
			rows.Close()
			return nil, err
		}
		a := get(id)
		a.LastDay, a.LastWeek, a.Waiting, a.PatientRisk = day, week, waiting, risk
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	srows, err := m.db.Query(ctx, `SELECT org_id, `+sourceColumns+` FROM alert_sources WHERE name <> $1`, HealthSource)
	if err != nil {
		return nil, fmt.Errorf("list sources by organisation: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id string
		s, err := scanSource(scanWith{srows, &id})
		if err != nil {
			return nil, err
		}
		a := get(id)
		a.Sources++
		if s.Silent(now) {
			a.Silent++
		}
	}
	if err := srows.Err(); err != nil {
		return nil, err
	}
	out := make([]OrgActivity, 0, len(byOrg))
	for _, a := range byOrg {
		out = append(out, *a)
	}
	return out, nil
}

// patientRisk is the lowest priority of the "Patients at risk" band.
const patientRisk = 15
