package whatif_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/caremap/synth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/whatif"
)

// TestNationalAnswerAfterRestartIsTheSame: a restarted node answers from the stored
// outlines; its answers are exactly those read from the maps' documents (the way a map
// stored before outlines is read), for suppliers by id and by name and for products,
// over the demo trust, a GP practice and three generated hospitals.
func TestNationalAnswerAfterRestartIsTheSame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := central(t, db)
		if _, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.practice, practiceMap(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		orgs := org.NewStore(db, auth.EndSessions)
		for seed := range 3 {
			m, err := synth.Generate(synth.Options{Nodes: 1500, Seed: uint64(seed + 1)})
			if err != nil {
				t.Fatal(err)
			}
			o := orgtest.Organisation(t, orgs, fmt.Sprintf("GEN%d", seed), org.AcuteTrust)
			c := m.Contents
			c.Organisation.Code = o.Code
			mine, err := caremap.New(c)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.maps.Replace(ctx, o.System("test"), mine, mapstore.Change{}); err != nil {
				t.Fatal(err)
			}
		}
		questions := []whatif.Outage{
			{Supplier: "CityPath Diagnostics Ltd", Duration: 14 * caremap.Day},
			{Supplier: "citypath", Duration: 3 * caremap.Day},
			{Supplier: "Supplier 0 Ltd", Duration: 14 * caremap.Day},
			{Supplier: "supplier-3", Duration: 8 * caremap.Hour},
			{Product: "meridian/care_record", Duration: 2 * caremap.Day},
			{Product: "cpe:2.3:o:example:edge_firewall:9.1:*:*:*:*:*:*:*", Duration: caremap.Day},
		}
		ask := func() []whatif.NationalAnswer {
			restarted := whatif.New(db, mapstore.New(db))
			var out []whatif.NationalAnswer
			for _, q := range questions {
				ans, err := restarted.National(ctx, centre, q)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, ans)
			}
			return out
		}
		fromOutlines := ask()
		if _, err := db.Exec(ctx, `DELETE FROM care_map_outlines`); err != nil {
			t.Fatal(err)
		}
		fromDocuments := ask()
		affected := 0
		for i, q := range questions {
			if !reflect.DeepEqual(fromOutlines[i], fromDocuments[i]) {
				t.Errorf("%s: the answer from outlines differs from the answer from the documents", q.Words())
			}
			affected += len(fromOutlines[i].Organisations)
		}
		if fromOutlines[2].Maps != 5 || len(fromOutlines[2].Organisations) != 3 || affected < 8 {
			t.Errorf("the questions reach too little to compare: %d organisations for Supplier 0 Ltd, %d in all", len(fromOutlines[2].Organisations), affected)
		}
	})
}
