package findings_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/loadtest"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// importRecords is the size of a full ecosystem export, as osv.dev's npm all.zip.
const importRecords = 250_000

// BenchmarkBulkImport times keeping a full 250,000-record ecosystem export: the first
// time (every record new), and again (every record unchanged). The zip is read before
// the timer starts; findings are not worked out.
func BenchmarkBulkImport(b *testing.B) {
	as := readSynth(b, synth.Options{Records: importRecords, Seed: 1})
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			db := e.Open(b)
			f := newFixture(b, db)
			ctx := context.Background()
			b.Run("new", func(b *testing.B) {
				startCPU := loadtest.CPUTime()
				for b.Loop() {
					b.StopTimer()
					for _, table := range []string{"vuln_advisories", "vuln_advisory_names"} {
						if _, err := db.Exec(ctx, `DELETE FROM `+table); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					res, err := f.svc.KeepAdvisories(ctx, f.central, as)
					if err != nil {
						b.Fatal(err)
					}
					if res.New != len(as) {
						b.Fatalf("%d new, want %d", res.New, len(as))
					}
				}
				reportRate(b, len(as), startCPU)
			})
			b.Run("again", func(b *testing.B) {
				startCPU := loadtest.CPUTime()
				for b.Loop() {
					res, err := f.svc.KeepAdvisories(ctx, f.central, as)
					if err != nil {
						b.Fatal(err)
					}
					if res.Unchanged != len(as) {
						b.Fatalf("%d unchanged, want %d", res.Unchanged, len(as))
					}
				}
				reportRate(b, len(as), startCPU)
			})
		})
	}
}

// reportRate reports records written a second of wall time, and this process's CPU
// seconds an iteration (user and system; a PostgreSQL server's work is not in it). The
// machine is shared, so CPU time says more than wall time.
func reportRate(b *testing.B, records int, startCPU time.Duration) {
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric((loadtest.CPUTime()-startCPU).Seconds()/float64(b.N), "cpu-s/op")
}
