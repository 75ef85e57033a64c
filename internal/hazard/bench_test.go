package hazard_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/caremap/synth"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// BenchmarkSuggestions drafts every care map suggestion for a synthetic
// map, as the suggestions page does on each visit: the ranking is cached
// after the first, so this measures drafting, stored-key lookup and sorting.
func BenchmarkSuggestions(b *testing.B) {
	for _, nodes := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			db := storetest.SQLite(b)
			m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			f := newBenchFixture(b, db)
			maps := mapstore.New(db)
			if _, err := maps.Replace(context.Background(), f.system, m, mapstore.Change{}); err != nil {
				b.Fatal(err)
			}
			log := hazard.NewLog(db, f.orgs, hazard.CareMapSuggester(maps, impact.NewCache(2)))
			got, err := log.Suggestions(context.Background(), f.cso)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := log.Suggestions(context.Background(), f.cso); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(got)), "suggestions")
		})
	}
}

type benchFixture struct {
	orgs   *org.Store
	system vigil.Scope
	cso    vigil.Scope
}

// newBenchFixture is the synthetic trust (code SYN) and its CSO.
func newBenchFixture(b *testing.B, db *store.DB) benchFixture {
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: "SYN", Name: "Synthetic Trust", Type: org.AcuteTrust})
	if err != nil {
		b.Fatal(err)
	}
	return benchFixture{orgs: orgs, system: o.System("bench"),
		cso: vigil.PersonScope(o.Ref(), "", "CSO", "", []vigil.Role{vigil.Staff, vigil.ClinicalSafetyOfficer})}
}
