package whatif

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/caremap/synth"
	"github.com/vigil-health/vigil/internal/loadtest"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Size of the national estate the benchmarks ask about.
const benchOrgs, benchNodes = 200, 5000

// syntheticEstate makes n generated maps of the given size, each with its own seed.
func syntheticEstate(b *testing.B, n, nodes int) []*caremap.Map {
	b.Helper()
	maps := make([]*caremap.Map, n)
	for i := range n {
		m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		maps[i] = m
	}
	return maps
}

// BenchmarkNationalWhatIf asks the 2024 pathology question — a supplier down for 14 days —
// of 200 organisations with generated 5,000-node maps. Every generated map names the
// supplier, so every organisation is affected: the worst case.
//
//   - warm: every map already parsed and indexed (the centre's usual case: a map is
//     reloaded only when it is uploaded again);
//   - cold-index: maps parsed, but no index kept (each question builds them all again);
//   - cold-outline: nothing kept, every map read from its stored outline as after a
//     restart (the database read itself is not included);
//   - cold-parse: nothing kept, every map parsed from its stored JSON document, as a
//     restart did before outlines were stored (and still does for a map without one).
func BenchmarkNationalWhatIf(b *testing.B) {
	maps := syntheticEstate(b, benchOrgs, benchNodes)
	docs := make([][]byte, benchOrgs)
	heads := make([]mapstore.Head, benchOrgs)
	for i := range heads {
		heads[i] = mapstore.Head{OrgID: fmt.Sprintf("org-%03d", i), Revision: 1, Digest: fmt.Sprintf("d%03d", i)}
	}
	q := Outage{Supplier: "Supplier 0 Ltd", Duration: 14 * caremap.Day}
	ctx := context.Background()
	number := func(h mapstore.Head) (int, error) {
		var i int
		_, err := fmt.Sscanf(h.OrgID, "org-%d", &i)
		return i, err
	}
	parsed := func(_ context.Context, h mapstore.Head) (*caremap.Map, error) {
		i, err := number(h)
		return maps[i], err
	}
	report := func(b *testing.B, ans NationalAnswer) {
		b.ReportMetric(float64(len(ans.Organisations)), "orgs-affected")
		b.ReportMetric(float64(ans.Services), "services-affected")
	}

	b.Run("warm", func(b *testing.B) {
		c := newNationalMaps()
		if _, err := c.answer(ctx, heads, q, parsed); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		var ans NationalAnswer
		for b.Loop() {
			var err error
			if ans, err = c.answer(ctx, heads, q, parsed); err != nil {
				b.Fatal(err)
			}
		}
		report(b, ans)
	})
	b.Run("cold-index", func(b *testing.B) {
		b.ReportAllocs()
		var ans NationalAnswer
		for b.Loop() {
			var err error
			if ans, err = newNationalMaps().answer(ctx, heads, q, parsed); err != nil {
				b.Fatal(err)
			}
		}
		report(b, ans)
	})
	b.Run("cold-outline", func(b *testing.B) {
		outlines := make([][]byte, len(maps))
		for i, m := range maps {
			outlines[i] = m.Outline()
		}
		fromOutline := func(_ context.Context, h mapstore.Head) (*caremap.Map, error) {
			i, err := number(h)
			if err != nil {
				return nil, err
			}
			return caremap.ReadOutline(outlines[i], h.Digest)
		}
		b.ReportAllocs()
		var ans NationalAnswer
		cpu := loadtest.CPUTime()
		for b.Loop() {
			var err error
			if ans, err = newNationalMaps().answer(ctx, heads, q, fromOutline); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(loadtest.CPUTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		report(b, ans)
	})
	b.Run("cold-parse", func(b *testing.B) {
		for i, m := range maps {
			doc, err := m.JSON()
			if err != nil {
				b.Fatal(err)
			}
			docs[i] = doc
		}
		fromJSON := func(_ context.Context, h mapstore.Head) (*caremap.Map, error) {
			i, err := number(h)
			if err != nil {
				return nil, err
			}
			return caremap.ParseJSON(docs[i])
		}
		b.ReportAllocs()
		var ans NationalAnswer
		for b.Loop() {
			var err error
			if ans, err = newNationalMaps().answer(ctx, heads, q, fromJSON); err != nil {
				b.Fatal(err)
			}
		}
		report(b, ans)
	})
}

// BenchmarkNationalWhatIfStored is the question end to end on SQLite (or PostgreSQL when
// VIGIL_TEST_POSTGRES is set), as the page and the API ask it:
//
//   - warm: the list of current maps from the database, then the answer from the maps
//     already indexed;
//   - cold: the first question after a restart: a new service over the same database,
//     which reads every map's stored outline and indexes it;
//   - heads: the database's list of current maps alone.
func BenchmarkNationalWhatIfStored(b *testing.B) {
	estate := syntheticEstate(b, benchOrgs, benchNodes)
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) { benchStored(b, e.Open(b), estate) })
	}
}

func benchStored(b *testing.B, db *store.DB, estate []*caremap.Map) {
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	svc := New(db, mapstore.New(db))
	for i, m := range estate {
		o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: fmt.Sprintf("S%03d", i), Name: fmt.Sprintf("Synthetic %d", i), Type: org.AcuteTrust})
		if err != nil {
			b.Fatal(err)
		}
		c := m.Contents
		c.Organisation.Code = o.Code
		mine, err := caremap.New(c)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.maps.Replace(ctx, o.System("benchmark"), mine, mapstore.Change{}); err != nil {
			b.Fatal(err)
		}
	}
	centre, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: "NCC", Name: "National centre", Type: org.NationalCentre})
	if err != nil {
		b.Fatal(err)
	}
	sc := vigil.PersonScope(centre.Ref(), "", "benchmark", "", []vigil.Role{vigil.CentralAnalyst})
	q := Outage{Supplier: "Supplier 0 Ltd", Duration: 14 * caremap.Day}
	report := func(b *testing.B, ans NationalAnswer) {
		b.ReportMetric(float64(len(ans.Organisations)), "orgs-affected")
		b.ReportMetric(float64(ans.Services), "services-affected")
	}
	// First after start-up, each time: a new service over the same database keeps nothing.
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		var ans NationalAnswer
		cpu := loadtest.CPUTime()
		for b.Loop() {
			restarted := New(db, mapstore.New(db))
			if ans, err = restarted.National(ctx, sc, q); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(loadtest.CPUTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		report(b, ans)
	})
	if _, err := svc.National(ctx, sc, q); err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		var ans NationalAnswer
		for b.Loop() {
			if ans, err = svc.National(ctx, sc, q); err != nil {
				b.Fatal(err)
			}
		}
		report(b, ans)
	})
	// The database's part of the warm question: the list of current maps.
	b.Run("heads", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.maps.Heads(ctx, sc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
