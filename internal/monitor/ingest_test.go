package monitor_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestIngestStoresMatchesAndRanks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		body := generic("a1", "medium", "Unusual process on the lab interface", "tie-01") +
			generic("a2", "high", "Print spooler exploit attempt", "prt-07") +
			generic("a3", "high", "Malware on the record server", "EPR-APP-01.riverside.nhs.uk")
		got, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body))
		if err != nil {
			t.Fatal(err)
		}
		if got != (monitor.Stored{Accepted: 3}) {
			t.Fatalf("first batch: %+v, want 3 accepted", got)
		}
		again, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body+generic("a4", "low", "New one", "tie-01")))
		if err != nil {
			t.Fatal(err)
		}
		if again != (monitor.Stored{Accepted: 1, Duplicates: 3}) {
			t.Fatalf("retried batch: %+v, want 1 accepted and 3 duplicates", again)
		}

		queue, err := f.mon.Queue(ctx, f.analyst, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) != 4 {
			t.Fatalf("queue has %d groups, want 4", len(queue))
		}
		byTitle := map[string]monitor.Alert{}
		for _, g := range queue {
			byTitle[g.Lead.Title] = g.Lead
		}
		epr := byTitle["Malware on the record server"]
		if epr.AssetID != "epr" || epr.MatchedBy != "hostname epr-app-01.riverside.nhs.uk" || epr.ClinicalRisk < 4 {
			t.Errorf("record server alert matched %q by %q at risk %d, want epr by its host name at 4 or more", epr.AssetID, epr.MatchedBy, epr.ClinicalRisk)
		}
		if unknown := byTitle["Print spooler exploit attempt"]; unknown.Matched() || unknown.Priority != monitor.Priority(unknown.Severity, false, 0) {
			t.Errorf("an alert on an unknown host: matched %q, priority %d", unknown.AssetID, unknown.Priority)
		}
		for i := 1; i < len(queue); i++ {
			if queue[i].Lead.Priority > queue[i-1].Lead.Priority {
				t.Errorf("queue not ranked: %d after %d", queue[i].Lead.Priority, queue[i-1].Lead.Priority)
			}
		}
		if queue[0].Lead.Title != "Malware on the record server" {
			t.Errorf("first in the queue is %q", queue[0].Lead.Title)
		}
		for _, g := range queue {
			if !g.Latest.Equal(g.Lead.Occurred) || g.First.After(g.Latest) {
				t.Errorf("group of %q: first %v, latest %v, lead occurred %v", g.Lead.Title, g.First, g.Latest, g.Lead.Occurred)
			}
		}

		sources, err := f.mon.Sources(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		if len(sources) != 1 || sources[0].Name != "Wazuh manager" || sources[0].Total != 4 || sources[0].LastSeen.IsZero() {
			t.Errorf("sources: %+v", sources)
		}
		var audited int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'ingest'`, f.trust.ID).Scan(&audited); err != nil || audited != 2 {
			t.Errorf("audit records of ingest: %d (%v), want 2", audited, err)
		}
	})
}

func TestPriorityRule(t *testing.T) {
	// A medium alert on an asset whose loss is a level 5 risk outranks a high
	// one on an asset that harms no service, and an alert nobody can place
	// sits between.
	lims := monitor.Priority(3, true, 5)
	printer := monitor.Priority(4, true, 0)
	unplaced := monitor.Priority(4, false, 0)
	if !(lims > unplaced && unplaced > printer) {
		t.Errorf("priorities: lims %d, unplaced %d, printer %d", lims, unplaced, printer)
	}
}

func TestIngestRefusesWhenTheQueueIsFull(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t), monitor.Options{QueueRows: 2})
	ctx, cancel := context.WithCancel(context.Background())
	// No writer runs: the first batch waits in the queue and fills it.
	waiting := make(chan error, 1)
	go func() {
		_, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, generic("q1", "low", "one", "x")+generic("q2", "low", "two", "x")))
		waiting <- err
	}()
	for f.mon.Queued() < 2 {
		select {
		case err := <-waiting:
			t.Fatalf("first batch returned early: %v", err)
		default:
		}
	}
	_, err := f.mon.Ingest(context.Background(), f.wazuh, "Wazuh manager", read(t, generic("q3", "low", "three", "x")))
	if vigil.CodeOf(err) != vigil.TooMany || vigil.RetryAfterOf(err) <= 0 {
		t.Fatalf("full queue answered %v, want too many with a time to wait", err)
	}
	cancel()
	<-waiting
}

func TestAlertsBelongToTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, generic("t1", "high", "Trust alert", "epr-app-01"))); err != nil {
			t.Fatal(err)
		}
		queue, err := f.mon.Queue(ctx, f.analyst, 0)
		if err != nil || len(queue) != 1 {
			t.Fatalf("trust queue: %v %d", err, len(queue))
		}
		id := queue[0].Lead.ID
		if _, err := f.mon.Alert(ctx, f.practice, id); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice read the trust's alert: %v", err)
		}
		if _, err := f.mon.Judge(ctx, f.practice, id, monitor.Dismissed); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice judged the trust's alert: %v", err)
		}
		if q, err := f.mon.Queue(ctx, f.practice, 0); err != nil || len(q) != 0 {
			t.Errorf("the practice's queue shows %d groups (%v)", len(q), err)
		}
		if _, err := f.mon.Queue(ctx, f.nurse, 0); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse read the alert queue: %v", err)
		}
		if _, err := f.mon.Queue(ctx, f.wazuh, 0); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a sending token read the alert queue: %v", err)
		}
		if _, err := f.mon.Ingest(ctx, f.nurse, "me", read(t, generic("t2", "low", "x", "y"))); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse sent alerts: %v", err)
		}
	})
}
