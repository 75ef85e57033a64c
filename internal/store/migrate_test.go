package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// TestUpgradeAppliesAMigrationNumberedBelowTheNewest is an upgrade from a
// release without one capability's newest migration to one with it: the
// database already has higher numbers, and the missing one must still run.
func TestUpgradeAppliesAMigrationNumberedBelowTheNewest(t *testing.T) {
	ctx := context.Background()
	const missing = 44 // board snapshots: below the national campaigns, and nothing later needs it
	upgradeEachEngine(t, missing, func(t *testing.T, db *store.DB) {
		current, target, pending, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if current != target || !slices.Equal(pending, []int64{missing}) {
			t.Fatalf("before the upgrade: version %d of %d, pending %v; want the newest applied and only %d pending", current, target, pending, missing)
		}
		n, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		if n != 1 {
			t.Errorf("upgrade ran %d migrations, want 1", n)
		}
		if _, _, pending, err = db.SchemaVersion(ctx); err != nil || len(pending) > 0 {
			t.Fatalf("after the upgrade: pending %v (%v)", pending, err)
		}
	})
}

// upgradeEachEngine runs fn on a new database of each engine migrated to the
// newest version except for migration missing: a release before it.
func upgradeEachEngine(t *testing.T, missing int64, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range []struct {
		name string
		open func(t *testing.T) store.Config
	}{
		{"sqlite", func(t *testing.T) store.Config { return store.Config{DataDir: t.TempDir(), Create: true} }},
		{"postgres", func(t *testing.T) store.Config { return store.Config{URL: storetest.PostgresURL(t)} }},
	} {
		t.Run(engine.name, func(t *testing.T) {
			db, err := store.Open(context.Background(), engine.open(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateWithout(context.Background(), missing); err != nil {
				t.Fatal(err)
			}
			fn(t, db)
		})
	}
}
