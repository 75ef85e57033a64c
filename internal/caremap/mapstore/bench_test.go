package mapstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/caremap/synth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Benchmarks behind -bench only, on SQLite. Figures and the command: docs/performance-impact.md.

// storedSynth stores a synthetic map of the given size and returns its store and scope.
func storedSynth(b *testing.B, nodes int) (*store.DB, vigil.Scope, *caremap.Map) {
	b.Helper()
	ctx := context.Background()
	db := storetest.SQLite(b)
	o, err := org.NewStore(db, auth.EndSessions).CreateOrganisation(ctx, org.Organisation{Code: "SYN", Name: "Synthetic Trust", Type: org.AcuteTrust})
	if err != nil {
		b.Fatal(err)
	}
	sc := o.System("bench")
	m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := mapstore.New(db).Replace(ctx, sc, m, mapstore.Change{}); err != nil {
		b.Fatal(err)
	}
	return db, sc, m
}

// BenchmarkStoredMap times reading an organisation's map as a page or another capability
// does: warm is the usual case (the map is parsed already; one short query checks it is
// current), cold is the first read after a change (read the document and parse it).
func BenchmarkStoredMap(b *testing.B) {
	ctx := context.Background()
	for _, nodes := range []int{1_000, 10_000} {
		db, sc, _ := storedSynth(b, nodes)
		b.Run(fmt.Sprintf("nodes=%d/warm", nodes), func(b *testing.B) {
			s := mapstore.New(db)
			if _, err := s.Map(ctx, sc); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Map(ctx, sc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("nodes=%d/cold", nodes), func(b *testing.B) {
			for b.Loop() {
				if _, err := mapstore.New(db).Map(ctx, sc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReplace times storing a changed map: export, digest, one row, one audit record.
func BenchmarkReplace(b *testing.B) {
	ctx := context.Background()
	for _, nodes := range []int{1_000, 10_000} {
		db, sc, m := storedSynth(b, nodes)
		s := mapstore.New(db)
		// Two versions in turn, so every replace is a real change.
		c := m.Contents.Clone()
		c.Services[0].PatientsPerDay++
		other, err := caremap.New(c)
		if err != nil {
			b.Fatal(err)
		}
		maps := []*caremap.Map{other, m}
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			i := 0
			for b.Loop() {
				// A fresh copy each time: Version is kept inside a Map once worked out.
				fresh, err := caremap.New(maps[i%2].Contents)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Replace(ctx, sc, fresh, mapstore.Change{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
