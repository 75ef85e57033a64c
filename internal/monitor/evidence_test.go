package monitor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestDetectionFiguresAndTheNationalView: what the self-assessment, the
// board and the national centre read after alerts arrive and one is triaged.
func TestDetectionFiguresAndTheNationalView(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		body := generic("e1", "critical", "Ransomware on the record server", "epr-app-01") + generic("e2", "low", "Port scan", "fw-edge-01")
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body)); err != nil {
			t.Fatal(err)
		}
		q, err := f.mon.Queue(ctx, f.analyst, 0)
		if err != nil || len(q) != 2 {
			t.Fatalf("queue %d %v", len(q), err)
		}
		if _, err := f.mon.Judge(ctx, f.analyst, q[1].Lead.ID, monitor.Triaged); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		d, err := f.mon.Detection(ctx, f.analyst, now)
		if err != nil {
			t.Fatal(err)
		}
		if d.Sources != 1 || d.Alerts != 2 || d.Triaged != 1 || d.Waiting != 1 {
			t.Errorf("detection figures %+v", d)
		}
		items, err := f.mon.Evidence(ctx, f.analyst, now)
		if err != nil || len(items) != 2 || items[1].Outcome != "C1.d" || !strings.Contains(items[1].Summary, "2 alerts arrived and 1 were triaged") {
			t.Errorf("evidence %+v %v", items, err)
		}

		if _, err := f.mon.National(ctx, f.analyst, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust analyst read the national view: %v", err)
		}
		national, err := f.mon.National(ctx, f.centre, now)
		if err != nil || len(national) != 1 {
			t.Fatalf("national view %+v %v", national, err)
		}
		if n := national[0]; n.OrgID != f.trust.ID || n.LastDay != 2 || n.Waiting != 1 || n.PatientRisk != 1 || n.Sources != 1 {
			t.Errorf("the trust in the national view: %+v", n)
		}
	})
}
