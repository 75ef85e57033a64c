package findings_test

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// BenchmarkEvaluateAfterStart: a national centre has shared a full 250,000-record npm
// export (about 1 in 250 records about one of juice-shop's packages); the demo trust
// runs juice-shop on its electronic patient record. "cold" is the first evaluation of a
// freshly started service, "warm" every one after. heap-MB is what the started service
// holds after its first evaluation.
func BenchmarkEvaluateAfterStart(b *testing.B) {
	juice, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		b.Fatal(err)
	}
	inv, err := sbom.Read("juice-shop.cdx.json", bytes.NewReader(juice))
	if err != nil {
		b.Fatal(err)
	}
	real := synth.NPMPackages(inv)
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			db := e.Open(b)
			f := newFixture(b, db)
			if _, err := f.svc.Attach(ctx, f.analyst, "epr", "juice-shop.cdx.json", juice); err != nil {
				b.Fatal(err)
			}
			as := readSynth(b, synth.Options{Records: importRecords, Seed: 1, Real: real})
			if _, err := f.svc.ImportAdvisories(ctx, f.central, "all.zip", as, nil); err != nil {
				b.Fatal(err)
			}
			as = nil
			started := func() *findings.Service { return findings.New(db, f.orgs, mapstore.New(db), store.Now) }
			b.Run("cold", func(b *testing.B) {
				var open int
				for b.Loop() {
					res, err := started().Evaluate(ctx, f.analyst)
					if err != nil {
						b.Fatal(err)
					}
					open = res.Open
				}
				b.ReportMetric(float64(open), "findings")
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				svc := started()
				if _, err := svc.Evaluate(ctx, f.analyst); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(svc)
				b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
			})
			b.Run("warm", func(b *testing.B) {
				svc := started()
				if _, err := svc.Evaluate(ctx, f.analyst); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for b.Loop() {
					if _, err := svc.Evaluate(ctx, f.analyst); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
