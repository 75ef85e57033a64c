package natsbus_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// BenchmarkJetStream sends batches of 1,000 alerts from four senders through
// the stream and reports two rates: alerts a second published (the POSTs
// answered), and alerts a second stored by one worker, end to end. Figures
// and the command are in docs/performance-alerts.md:
//
//	go test -run '^$' -bench JetStream -benchtime 20x ./internal/monitor/natsbus/
func BenchmarkJetStream(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			bus, _ := connect(b)
			f := newFixture(b, e.Open(b))
			f.mon.UseBus(bus)
			const size, senders = 1000, 4
			total := b.N * senders * size
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for s := range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range b.N {
						if _, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", alerts((s*b.N+i)*size, size)); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			published := time.Since(start)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- bus.Work(ctx, f.mon, monitor.DefaultBatchRows, monitor.DefaultBatchWait) }()
			for f.stored(b) < total {
				time.Sleep(20 * time.Millisecond)
			}
			stored := time.Since(start)
			cancel()
			<-done
			b.ReportMetric(float64(total)/published.Seconds(), "published/s")
			b.ReportMetric(float64(total)/(stored-published).Seconds(), "stored/s")
		})
	}
}

// BenchmarkJetStreamLive runs one worker while four senders publish 20,000
// alerts a second between them (the rate for JetStream), as in
// production, and reports alerts a second stored and the 99th percentile of
// receive to visible: from the start of a batch's POST until a count of the
// stored alerts first covers it (the sources' running totals, committed with
// the alerts, so that polling does not itself slow the writer). Senders that outpace the worker would only
// measure the backlog they build, hence the fixed rate. The count is polled every 10 ms and the
// stream is taken in order, so a batch is taken as visible once as many
// alerts are stored as were answered up to and including it; senders
// interleave, so this is close, not exact, to within one batch a sender.
//
//	go test -run '^$' -bench JetStreamLive -benchtime 20x ./internal/monitor/natsbus/
func BenchmarkJetStreamLive(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			bus, _ := connect(b)
			f := newFixture(b, e.Open(b))
			f.mon.UseBus(bus)
			const size, senders, rate = 1000, 4, 20000
			total := b.N * senders * size
			every := time.Duration(float64(time.Second) * size * senders / rate)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- bus.Work(ctx, f.mon, monitor.DefaultBatchRows, monitor.DefaultBatchWait) }()
			type batch struct{ sent, answered time.Time }
			var (
				mu      sync.Mutex
				batches []batch
				wg      sync.WaitGroup
			)
			b.ResetTimer()
			start := time.Now()
			for s := range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each sender starts a quarter of a period after the last.
					next := start.Add(time.Duration(s) * every / senders)
					for i := range b.N {
						time.Sleep(time.Until(next))
						next = next.Add(every)
						sent := time.Now()
						if _, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", alerts((s*b.N+i)*size, size)); err != nil {
							b.Error(err)
							return
						}
						mu.Lock()
						batches = append(batches, batch{sent, time.Now()})
						mu.Unlock()
					}
				}()
			}
			type seen struct {
				at     time.Time
				stored int
			}
			var polls []seen
			for {
				n := f.counted(b)
				polls = append(polls, seen{time.Now(), n})
				if n >= total {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			stored := time.Since(start)
			wg.Wait()
			cancel()
			<-done
			slices.SortFunc(batches, func(x, y batch) int { return x.answered.Compare(y.answered) })
			waits := make([]time.Duration, len(batches))
			for i, bt := range batches {
				covered := (i + 1) * size
				p := slices.IndexFunc(polls, func(s seen) bool { return s.stored >= covered })
				waits[i] = polls[p].at.Sub(bt.sent)
			}
			slices.Sort(waits)
			b.ReportMetric(float64(total)/stored.Seconds(), "stored/s")
			b.ReportMetric(float64(waits[len(waits)*99/100].Milliseconds()), "p99-visible-ms")
		})
	}
}

// counted is the organisation's alerts as its sources' running totals say:
// one short read, where counting the alerts themselves scans the table.
func (f fixture) counted(b *testing.B) int {
	b.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), `SELECT COALESCE(SUM(alerts_total), 0) FROM alert_sources WHERE org_id = $1`, f.orgID).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
