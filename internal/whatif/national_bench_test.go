package whatif

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// BenchmarkNationalWhatIf asks the 2024 pathology question — a supplier down for 14 days —
// of 200 organisations with generated 5,000-node maps. Every generated map names the
// supplier, so every organisation is affected: the worst case.
//
//   - warm: every map already parsed and indexed (the centre's usual case: a map is
//     reloaded only when it is uploaded again);
//   - cold-index: maps parsed, but no index kept (each question builds them all again);
//   - cold-parse: nothing kept, every map parsed from its stored JSON document as after a
//     restart (the database read itself is not included).
func BenchmarkNationalWhatIf(b *testing.B) {
	const orgs, nodes = 200, 5000
	maps := make([]*caremap.Map, orgs)
	docs := make([][]byte, orgs)
	heads := make([]mapstore.Head, orgs)
	for i := range orgs {
		m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		maps[i] = m
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
