package lrs_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/lrs"
)

// BenchmarkSubmit is the cost a learning record store adds to the quiz
// submit: the attempt's six statements written with it, against none when
// the organisation sends nowhere. SQLite on disk.
func BenchmarkSubmit(b *testing.B) {
	for _, sending := range []bool{false, true} {
		name := "sending=off"
		if sending {
			name = "sending=on"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b, storetest.SQLite(b))
			if sending {
				if _, err := f.lrs.Save(context.Background(), f.admin, lrs.Change{Endpoint: f.store.Endpoint(), Key: f.store.Key, Secret: f.store.Secret, Enabled: true}); err != nil {
					b.Fatal(err)
				}
			}
			answers := f.answers(b, phishing)
			b.ResetTimer()
			for b.Loop() {
				if _, err := f.training.Submit(context.Background(), f.nurse, phishing, answers, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFlush sends queued statements to a store over HTTPS on this
// machine, in batches of lrs.MaxBatch, and reports statements a second.
func BenchmarkFlush(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	ctx := context.Background()
	if _, err := f.lrs.Save(ctx, f.admin, lrs.Change{Endpoint: f.store.Endpoint(), Key: f.store.Key, Secret: f.store.Secret, Enabled: true}); err != nil {
		b.Fatal(err)
	}
	answers := f.answers(b, phishing)
	const attempts = 50 // 300 statements, six requests
	sent := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		for range attempts {
			if _, err := f.training.Submit(ctx, f.nurse, phishing, answers, ""); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		n, err := f.lrs.Flush(ctx)
		if err != nil || n != attempts*6 {
			b.Fatalf("sent %d (%v), want %d", n, err, attempts*6)
		}
		sent += n
	}
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "statements/s")
}
