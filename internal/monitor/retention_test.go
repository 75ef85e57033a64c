package monitor_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// TestDeleteExpiredAlerts: alerts older than the retention go, except those
// in an incident; each organisation gets one audit record of its own, and
// newer alerts stay.
func TestDeleteExpiredAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		body := generic("old1", "high", "Old one", "prt-07") + generic("old2", "low", "Old two", "prt-07") +
			generic("inc1", "high", "Old but in an incident", "epr-app-01") + generic("new1", "medium", "New one", "prt-07")
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.mon.Ingest(ctx, f.practice, "Practice firewall", read(t, generic("gp1", "low", "Old at the practice", "gp-fw"))); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC)
		old, recent := now.AddDate(0, 0, -40), now.AddDate(0, 0, -5)
		for title, at := range map[string]time.Time{"Old one": old, "Old two": old, "Old at the practice": old, "Old but in an incident": old, "New one": recent} {
			if _, err := db.Exec(ctx, `UPDATE alerts SET received_at = $1 WHERE title = $2`, at, title); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(ctx, `UPDATE alerts SET incident_id = 'inc-1', status = 'incident' WHERE title = 'Old but in an incident'`); err != nil {
			t.Fatal(err)
		}

		n, err := f.mon.DeleteExpired(ctx, 30, now)
		if err != nil || n != 3 {
			t.Fatalf("deleted %d (%v), want the 3 old alerts not in an incident", n, err)
		}
		left, err := f.mon.Latest(ctx, f.analyst, 0)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, a := range left {
			titles = append(titles, a.Title)
		}
		if len(left) != 2 {
			t.Errorf("left %q, want the new one and the one in an incident", titles)
		}
		var audited int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'delete' AND entity_type = 'alert'`, f.trust.ID).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("audit records of the deletion: %d (%v), want 1", audited, err)
		}
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'delete' AND entity_type = 'alert' AND summary LIKE 'Deleted 1 alerts%'`, f.practice.OrgID).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("the practice's own audit record of its deletion: %d (%v), want 1", audited, err)
		}
		if n, err := f.mon.DeleteExpired(ctx, 30, now); err != nil || n != 0 {
			t.Errorf("a second sweep deleted %d (%v)", n, err)
		}
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'delete' AND entity_type = 'alert'`).Scan(&audited); err != nil || audited != 2 {
			t.Errorf("audit records after a sweep that found nothing: %d (%v), want still 2", audited, err)
		}
	})
}
