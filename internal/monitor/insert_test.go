package monitor_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// A batch larger than one insert statement, with an alert sent twice in it,
// is stored once however often and however many at a time it is retried:
// the writers' dedup holds across statements and across transactions.
func TestARetriedBatchIsStoredOnceByEveryWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		var body strings.Builder
		for i := range 150 {
			id := fmt.Sprintf("b%03d", i)
			if i == 149 {
				id = "b007" // the source sent this one twice in the batch
			}
			body.WriteString(generic(id, "high", "Repeated logon failures "+id, []string{"tie-01", "prt-07"}[i%2]))
		}
		first, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body.String()))
		if err != nil {
			t.Fatal(err)
		}
		if first != (monitor.Stored{Accepted: 149, Duplicates: 1}) {
			t.Fatalf("first send: %+v, want 149 accepted and 1 duplicate", first)
		}

		const retries = 4
		batches := make([][]alert.Alert, retries)
		for i := range batches {
			batches[i] = read(t, body.String())
		}
		got := make([]monitor.Stored, retries)
		errs := make([]error, retries)
		var wg sync.WaitGroup
		for i := range batches {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", batches[i])
			}()
		}
		wg.Wait()
		for i := range got {
			if errs[i] != nil || got[i] != (monitor.Stored{Duplicates: 150}) {
				t.Errorf("retry %d: %+v %v, want all 150 duplicates", i, got[i], errs[i])
			}
		}

		var rows, keys, matched int
		if err := db.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT dedup_key), COUNT(CASE WHEN asset_id = 'epr-integration' THEN 1 END) FROM alerts WHERE org_id = $1`,
			f.trust.ID).Scan(&rows, &keys, &matched); err != nil {
			t.Fatal(err)
		}
		if rows != 149 || keys != 149 || matched != 75 {
			t.Errorf("stored %d alerts with %d keys, %d on the lab interface; want 149, 149 and 75", rows, keys, matched)
		}
		var raw []byte
		var title, tech, obs string
		if err := db.QueryRow(ctx, `SELECT raw, title, techniques, observables FROM alerts WHERE org_id = $1 AND dedup_key = $2`,
			f.trust.ID, alert.EventKey("b148")).Scan(&raw, &title, &tech, &obs); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), `"id":"b148"`) || title != "Repeated logon failures b148" || tech != "[]" || !strings.Contains(obs, "tie-01") {
			t.Errorf("last alert stored as raw %s, title %q, techniques %s, observables %s", raw, title, tech, obs)
		}
		sources, err := f.mon.Sources(ctx, f.analyst)
		if err != nil || len(sources) != 1 || sources[0].Total != 149 {
			t.Errorf("sources: %+v %v, want one with 149 alerts", sources, err)
		}
	})
}

// Two batches of the same new alerts in opposite orders, stored by two
// writers at once, lock the same keys in opposite orders: PostgreSQL breaks
// the deadlock by undoing one transaction, and the writer runs it again
// rather than failing its senders.
func TestBatchesRepeatingEachOtherInAnotherOrderAreBothStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{BatchRows: 1}) // one batch a transaction
		f.run(t)
		ctx := context.Background()
		for round := range 5 {
			var forward, backward strings.Builder
			for i := range 1000 {
				forward.WriteString(generic(fmt.Sprintf("r%d-%04d", round, i), "low", "Port scan", "prt-07"))
				backward.WriteString(generic(fmt.Sprintf("r%d-%04d", round, 999-i), "low", "Port scan", "prt-07"))
			}
			batches := [][]alert.Alert{read(t, forward.String()), read(t, backward.String())}
			got := make([]monitor.Stored, len(batches))
			errs := make([]error, len(batches))
			var wg sync.WaitGroup
			for i := range batches {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i], errs[i] = f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", batches[i])
				}()
			}
			wg.Wait()
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("round %d: %v; %v", round, errs[0], errs[1])
			}
			if got[0].Accepted+got[1].Accepted != 1000 || got[0].Duplicates+got[1].Duplicates != 1000 {
				t.Fatalf("round %d: %+v and %+v, want 1,000 accepted and 1,000 duplicates between them", round, got[0], got[1])
			}
		}
		var rows int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE org_id = $1`, f.trust.ID).Scan(&rows); err != nil || rows != 5000 {
			t.Errorf("stored %d alerts (%v), want 5,000", rows, err)
		}
	})
}
