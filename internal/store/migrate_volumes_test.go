package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
)

// TestAlertVolumesAreBackfilledFromTheAlertsHeld: upgrading to the daily
// alert volumes counts the alerts already held, by UTC day, source and band.
func TestAlertVolumesAreBackfilledFromTheAlertsHeld(t *testing.T) {
	ctx := context.Background()
	const volumes = 23
	upgradeEachEngine(t, volumes, func(t *testing.T, db *store.DB) {
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		created := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		exec(`INSERT INTO organisations (id, code, name, type, created_at) VALUES ('o1', 'RXX', 'Trust', 'acute-trust', $1)`, created)
		exec(`INSERT INTO alert_sources (id, org_id, name, expected_minutes, alerts_total, created_at) VALUES ('s1', 'o1', 'Wazuh', 0, 0, $1)`, created)
		for i, a := range []struct {
			received time.Time
			priority int
			asset    string
		}{
			{time.Date(2026, 11, 28, 0, 0, 1, 0, time.UTC), 20, "epr"},
			{time.Date(2026, 11, 28, 23, 59, 59, 0, time.UTC), 16, ""},
			{time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), 2, "prt"},
			{time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), 9, ""}, // Vigil stores times in UTC
		} {
			exec(`INSERT INTO alerts (id, org_id, source_id, dedup_key, format, tool, source_ref, received_at, occurred_at, severity, severity_raw,
				rule_id, rule_name, category, techniques, observables, title, asset_id, matched_by, clinical_risk, priority, group_key, status, triaged_by, incident_id)
				VALUES ($1, 'o1', 's1', $1, 'generic', 'Wazuh', '', $2, $2, 3, 'high', '', '', '', '[]', '[]', 'An alert', $3, '', 0, $4, '', 'new', '', '')`,
				fmt.Sprintf("a%d", i), a.received, a.asset, a.priority)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		rows, err := db.Query(ctx, `SELECT day, band, alerts, matched FROM alert_volumes WHERE org_id = 'o1' AND source_id = 's1' ORDER BY day, band`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var day, band string
			var alerts, matched int
			if err := rows.Scan(&day, &band, &alerts, &matched); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %s %d/%d", day, band, alerts, matched))
		}
		if want := "2026-11-28 low 1/1; 2026-11-28 patients-at-risk 2/1; 2026-11-29 high 1/0"; strings.Join(got, "; ") != want {
			t.Errorf("volumes after the upgrade:\n%s\nwant\n%s", strings.Join(got, "; "), want)
		}
	})
}
