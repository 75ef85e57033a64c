package monitor_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// withHost is the trust's current map with host added to an asset's host names.
func withHost(t *testing.T, f fixture, assetID, host string) *caremap.Map {
	t.Helper()
	st, err := f.maps.Current(context.Background(), f.trust.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	c := st.Map.Contents.Clone()
	i := slices.IndexFunc(c.Assets, func(a caremap.Asset) bool { return a.ID == assetID })
	c.Assets[i].Identifiers.Hostnames = append(c.Assets[i].Identifiers.Hostnames, host)
	m, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestUploadedCareMapMatchesWaitingAlerts: alerts from a host the care map did
// not know wait unmatched; uploading a map that names the host (whichever way
// it is uploaded, all go through the store) matches them, re-ranked and
// audited, and leaves another organisation's alerts from a host of the same
// name alone.
func TestUploadedCareMapMatchesWaitingAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.maps.OnReplace(f.mon.RematchAfterMapChange)
		f.run(t)
		ctx := context.Background()
		body := generic("p1", "high", "Print spooler exploit", "prt-07") + generic("p2", "medium", "Print spooler crash", "prt-07.riverside.nhs.uk")
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body)); err != nil {
			t.Fatal(err)
		}
		gpTool := vigil.TokenScope(f.practice.Org(), "t-gp", "GP Defender", "u-gp", []vigil.Permission{vigil.WriteAlerts})
		if _, err := f.mon.Ingest(ctx, gpTool, "GP Defender", read(t, generic("g1", "high", "Practice printer", "prt-07"))); err != nil {
			t.Fatal(err)
		}
		if alertByTitle(t, f, "Print spooler exploit").Matched() {
			t.Fatal("matched before the map named the host")
		}

		res, err := f.maps.Replace(ctx, f.trust.System("test upload"), withHost(t, f, "printing", "prt-07"), mapstore.Change{})
		if err != nil || res.Followup != nil {
			t.Fatalf("upload: %v, afterwards: %v", err, res.Followup)
		}
		for _, title := range []string{"Print spooler exploit", "Print spooler crash"} {
			a := alertByTitle(t, f, title)
			if a.AssetID != "printing" || a.MatchedBy == "" || a.Priority != monitor.Priority(a.Severity, true, a.ClinicalRisk) {
				t.Errorf("%q after the upload: asset %q by %q, priority %d", title, a.AssetID, a.MatchedBy, a.Priority)
			}
		}
		gpAlerts, err := f.mon.Latest(ctx, f.practice, 0)
		if err != nil || len(gpAlerts) != 1 || gpAlerts[0].Matched() {
			t.Errorf("the practice's alert: %+v, %v", gpAlerts, err)
		}
		var audited int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'alert' AND summary LIKE '%Matched 2 earlier alerts to the new care map%'`, f.trust.ID).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("audit records of the matching: %d (%v)", audited, err)
		}
	})
}

// TestRematchRecentIsBounded: only alerts received since the window's start are
// matched again.
func TestRematchRecentIsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, generic("q1", "high", "Odd login", "lab-pc-12"))); err != nil {
			t.Fatal(err)
		}
		// Quiet: the store's listener is not registered here; the calls below do its work.
		if _, err := f.maps.Replace(ctx, f.trust.System("test"), withHost(t, f, "printing", "lab-pc-12"), mapstore.Change{Quiet: true}); err != nil {
			t.Fatal(err)
		}
		received := alertByTitle(t, f, "Odd login").Received
		if n, err := f.mon.RematchRecent(ctx, f.trust.System("test"), received.Add(time.Second), 2); err != nil || n != 0 {
			t.Errorf("an alert older than the window: matched %d, %v", n, err)
		}
		if n, err := f.mon.RematchRecent(ctx, f.trust.System("test"), received.Add(-time.Second), 2); err != nil || n != 1 {
			t.Errorf("an alert inside the window: matched %d, %v", n, err)
		}
		if a := alertByTitle(t, f, "Odd login"); a.AssetID != "printing" {
			t.Errorf("matched to %q", a.AssetID)
		}
	})
}
