package whatif_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestCachedRankingFollowsTheStoredMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.whatif.Critical(ctx, f.practice); !vigil.IsNotFound(err) {
			t.Errorf("the practice ranked the trust's assets: %v", err)
		}
		first, err := f.whatif.Critical(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.whatif.Critical(ctx, f.analyst)
		if &first[0] != &again[0] {
			t.Error("the ranking was worked out twice for the same map")
		}
		// Another node (a second store on the same database) changes the map: the
		// first store's next answer follows it.
		c := m.Contents.Clone()
		c.Assets = c.Assets[:0:0]
		for _, a := range m.Assets {
			a.DependsOn = nil
			c.Assets = append(c.Assets, a)
		}
		for i := range c.Services {
			c.Services[i].DependsOn = nil
		}
		flat, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mapstore.New(db).Replace(ctx, f.trust, flat, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		after, err := f.whatif.Critical(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		if first[0].Worst() == 0 || after[0].Worst() != 0 {
			t.Errorf("worst risk before %d, after removing every dependency %d", first[0].Worst(), after[0].Worst())
		}
	})
}
