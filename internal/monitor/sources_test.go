package monitor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestASilentSourceRaisesItsOwnAlert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Firewall", read(t, generic("s1", "low", "Port scan", "fw-edge-01"))); err != nil {
			t.Fatal(err)
		}
		sources, err := f.mon.Sources(ctx, f.analyst)
		if err != nil || len(sources) != 1 {
			t.Fatalf("sources %v %v", sources, err)
		}
		fw := sources[0]
		if _, err := f.mon.SetExpected(ctx, f.practice, fw.ID, 5); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice changed the trust's source: %v", err)
		}
		if _, err := f.mon.SetExpected(ctx, f.analyst, fw.ID, -1); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a negative interval: %v", err)
		}
		if _, err := f.mon.SetExpected(ctx, f.analyst, fw.ID, 15); err != nil {
			t.Fatal(err)
		}
		if n, err := f.mon.CheckSilence(ctx, fw.LastSeen.Add(10*time.Minute)); err != nil || n != 0 {
			t.Errorf("ten minutes of quiet raised %d (%v), want none", n, err)
		}
		later := fw.LastSeen.Add(20 * time.Minute)
		if n, err := f.mon.CheckSilence(ctx, later); err != nil || n != 1 {
			t.Fatalf("twenty minutes of quiet raised %d (%v), want 1", n, err)
		}
		if n, err := f.mon.CheckSilence(ctx, later.Add(time.Minute)); err != nil || n != 0 {
			t.Errorf("the same silence raised again: %d (%v)", n, err)
		}
		latest, err := f.mon.Latest(ctx, f.analyst, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(latest) != 2 || !strings.HasPrefix(latest[0].Title, "No alerts from Firewall since") || latest[0].Source.Name != monitor.HealthSource {
			t.Fatalf("latest alerts %+v", latest)
		}
		// The source speaks again: it is no longer silent, and a later silence is new.
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Firewall", read(t, generic("s2", "low", "Port scan", "fw-edge-01"))); err != nil {
			t.Fatal(err)
		}
		got, err := f.mon.Source(ctx, f.analyst, fw.ID)
		if err != nil || !got.SilentSince.IsZero() {
			t.Errorf("a source that spoke again is still marked silent: %+v %v", got, err)
		}
	})
}
