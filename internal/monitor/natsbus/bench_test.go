package natsbus_test

import (
	"context"
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
