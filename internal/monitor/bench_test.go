package monitor_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/loadtest"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// The benchmarks never fail on time; the figures and the commands that
// produced them are in docs/performance-alerts.md:
//
//	go test -run '^$' -bench Ingest -benchtime 20x ./internal/monitor/
//	VIGIL_TEST_POSTGRES=… go test -run '^$' -bench . -benchtime 20x ./internal/monitor/

const (
	benchBatch   = 1000 // alerts in one POST
	benchSenders = 4    // POSTs in flight at once
)

// wazuhBatches makes n batches of Wazuh alerts, each alert with its own id,
// about half on servers of the demo care map, decoded as the API decodes them.
func wazuhBatches(b *testing.B, n int) [][]alert.Alert {
	b.Helper()
	out := make([][]alert.Alert, n)
	for i := range out {
		_, err := format.Read(context.Background(), bytes.NewReader(alerttest.Batch(alert.Wazuh, "1764450000", i*benchBatch, benchBatch)), format.Options{Format: alert.Wazuh, Received: time.Now()},
			func(a alert.Alert) error { out[i] = append(out[i], a); return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkIngest stores batches of 1,000 alerts from several senders at
// once through the queue and the batch writer, with dedup and asset
// correlation, and reports alerts stored per second.
func BenchmarkIngest(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			db := e.Open(b)
			f := newBenchFixture(b, db)
			batches := wazuhBatches(b, b.N*benchSenders)
			b.ResetTimer()
			start, cpu := time.Now(), loadtest.CPUTime()
			var wg sync.WaitGroup
			errs := make(chan error, benchSenders)
			// waits[i] is how long batch i took from its POST to its answer, when
			// its alerts are committed and visible.
			waits := make([]time.Duration, len(batches))
			for s := range benchSenders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := s; i < len(batches); i += benchSenders {
						sent := time.Now()
						got, err := f.mon.Ingest(context.Background(), f.wazuh, "Wazuh manager", batches[i])
						if err != nil || got.Accepted != benchBatch {
							errs <- fmt.Errorf("batch %d: %+v %v", i, got, err)
							return
						}
						waits[i] = time.Since(sent)
					}
				}()
			}
			wg.Wait()
			report(b, len(batches)*benchBatch, start, cpu, "alerts/s")
			slices.Sort(waits)
			b.ReportMetric(float64(waits[len(waits)*99/100].Milliseconds()), "p99-visible-ms")
			select {
			case err := <-errs:
				b.Fatal(err)
			default:
			}
		})
	}
}

// BenchmarkRawInsert is the database's own batched insert rate for the same
// rows into a table with no key but its primary key and no correlation: the
// ceiling BenchmarkIngest is measured against.
func BenchmarkRawInsert(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			db := e.Open(b)
			ctx := context.Background()
			if _, err := db.Exec(ctx, `CREATE TABLE raw_alerts AS SELECT * FROM alerts WHERE 1 = 0`); err != nil {
				b.Fatal(err)
			}
			batches := wazuhBatches(b, b.N*benchSenders)
			cols := 26
			b.ResetTimer()
			start, cpu := time.Now(), loadtest.CPUTime()
			for _, batch := range batches {
				err := db.Tx(ctx, func(tx *store.Tx) error {
					// Each engine's fastest batched insert: one prepared row many
					// times for SQLite, many rows a statement for PostgreSQL.
					rows := len(batch)
					if tx.Dialect == store.SQLite {
						rows = 1
					}
					query := `INSERT INTO raw_alerts (id, org_id, source_id, dedup_key, format, tool, source_ref, received_at, occurred_at, severity,
						severity_raw, rule_id, rule_name, category, techniques, observables, title, raw, asset_id, matched_by, clinical_risk, priority, group_key,
						status, triaged_by, incident_id) VALUES ` + store.Placeholders(1, rows, cols)
					stmt, err := tx.Prepare(ctx, query)
					if err != nil {
						return err
					}
					defer stmt.Close()
					args := make([]any, 0, rows*cols)
					for i, a := range batch {
						args = append(args, store.NewID(), "o", "s", a.DedupKey, string(a.Source.Format), a.Source.Tool, a.SourceID, a.Received, a.Occurred,
							int(a.Severity), a.SeverityRaw, a.RuleID, a.RuleName, a.Category, "[]", "[]", a.Title, a.Raw, "", "", 0, 0, "", "new", "", "")
						if len(args) == rows*cols || i == len(batch)-1 {
							if _, err := stmt.ExecContext(ctx, args...); err != nil {
								return err
							}
							args = args[:0]
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			report(b, len(batches)*benchBatch, start, cpu, "rows/s")
		})
	}
}

type benchFixture struct{ fixture }

func newBenchFixture(b *testing.B, db *store.DB) benchFixture {
	f := newFixture(b, db, monitor.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.mon.Run(ctx); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
	return benchFixture{f}
}

// report gives the rate by the wall clock and this process's CPU per row.
func report(b *testing.B, rows int, start time.Time, cpuStart time.Duration, unit string) {
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), unit)
	b.ReportMetric(float64((loadtest.CPUTime()-cpuStart).Microseconds())/float64(rows), "cpu-µs/row")
}
