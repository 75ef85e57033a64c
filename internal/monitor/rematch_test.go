package monitor_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestAddHostToCareMap: an administrator puts an unmatched alert's host on an
// asset; the map gets a new version with its audit record, and the earlier
// alerts from that host (by its short or long name) are matched and re-ranked,
// while other hosts' alerts stay unmatched.
func TestAddHostToCareMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		body := generic("p1", "high", "Print spooler exploit", "prt-07") +
			generic("p2", "medium", "Print spooler crash", "prt-07.riverside.nhs.uk") +
			generic("q1", "high", "Odd login", "lab-pc-12")
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body)); err != nil {
			t.Fatal(err)
		}
		p1, q1 := alertByTitle(t, f, "Print spooler exploit"), alertByTitle(t, f, "Odd login")
		if p1.Matched() || len(p1.HostIdentifiers()) != 1 || p1.HostIdentifiers()[0].Value != "prt-07" {
			t.Fatalf("the printer alert before: matched %q, identifiers %+v", p1.AssetID, p1.HostIdentifiers())
		}
		admin := vigil.PersonScope(f.trust.Ref(), "u-admin", "Tom Reid", "tom@example.nhs.uk", []vigil.Role{vigil.Staff, vigil.OrgAdmin})
		before, err := f.maps.Current(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}

		add := monitor.HostAddition{Identifier: "prt-07", AssetID: "printing", Revision: before.Revision}
		if _, err := f.mon.AddHostToCareMap(ctx, f.analyst, p1.ID, add); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("an analyst without care-map rights changed the map: %v", err)
		}
		practiceAdmin := vigil.PersonScope(vigil.Org{ID: f.practice.OrgID, Code: f.practice.OrgCode}, "u-gpadmin", "Ann Lee", "ann@example.nhs.uk", []vigil.Role{vigil.Staff, vigil.OrgAdmin})
		if _, err := f.mon.AddHostToCareMap(ctx, practiceAdmin, p1.ID, add); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("another organisation's administrator reached the trust's alert: %v", err)
		}
		if _, err := f.mon.AddHostToCareMap(ctx, admin, p1.ID, monitor.HostAddition{Identifier: "10.9.9.9", AssetID: "printing"}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a name the alert does not carry: %v", err)
		}
		if _, err := f.mon.AddHostToCareMap(ctx, admin, p1.ID, monitor.HostAddition{Identifier: "prt-07", AssetID: "printing", Revision: before.Revision + 1}); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("a change made to another version than the current one: %v", err)
		}

		got, err := f.mon.AddHostToCareMap(ctx, admin, p1.ID, add)
		if err != nil {
			t.Fatal(err)
		}
		if got.AssetID != "printing" || !got.MapChanged || got.Revision != before.Revision+1 || got.Rematched != 2 {
			t.Errorf("added: %+v, want printing at version %d with 2 alerts matched", got, before.Revision+1)
		}
		after, err := f.maps.Current(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := after.Map.Asset("printing"); a == nil || !slices.Contains(a.Identifiers.Hostnames, "prt-07") {
			t.Errorf("the printing asset's host names: %+v", a)
		}
		for _, title := range []string{"Print spooler exploit", "Print spooler crash"} {
			a := alertByTitle(t, f, title)
			if a.AssetID != "printing" || a.Priority != monitor.Priority(a.Severity, true, a.ClinicalRisk) || a.MatchedBy == "" {
				t.Errorf("%q after: asset %q by %q, priority %d", title, a.AssetID, a.MatchedBy, a.Priority)
			}
		}
		if a := alertByTitle(t, f, "Odd login"); a.Matched() {
			t.Errorf("another host's alert was matched to %q", a.AssetID)
		}
		var audited int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND entity_type IN ('care-map', 'alert') AND summary LIKE '%prt-07%'`, f.trust.ID).Scan(&audited); err != nil || audited != 2 {
			t.Errorf("audit records: %d (%v), want the map change and the matching", audited, err)
		}
		if _, err := f.mon.AddHostToCareMap(ctx, admin, p1.ID, add); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("adding an alert already matched: %v", err)
		}

		if _, err := f.mon.AddHostToCareMap(ctx, admin, q1.ID, monitor.HostAddition{Identifier: "lab-pc-12", NewKind: caremap.KindEndpoint}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a new asset without a name: %v", err)
		}
		got, err = f.mon.AddHostToCareMap(ctx, admin, q1.ID, monitor.HostAddition{Identifier: "lab-pc-12", NewName: "Pathology lab PCs", NewKind: caremap.KindEndpoint})
		if err != nil {
			t.Fatal(err)
		}
		if got.AssetID != "pathology-lab-pcs" || got.Rematched != 1 || got.Revision != before.Revision+2 {
			t.Errorf("a new asset: %+v", got)
		}
		if a := alertByTitle(t, f, "Odd login"); a.AssetID != "pathology-lab-pcs" || a.Priority != monitor.Priority(a.Severity, true, 0) {
			t.Errorf("the login alert on the new asset: %q priority %d", a.AssetID, a.Priority)
		}
	})
}

func alertByTitle(t *testing.T, f fixture, title string) monitor.Alert {
	t.Helper()
	all, err := f.mon.Latest(context.Background(), f.analyst, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Title == title {
			return a
		}
	}
	t.Fatalf("no alert %q", title)
	return monitor.Alert{}
}
