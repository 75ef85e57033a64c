package report_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestChecklistTicksAreKeptForTheNextPersonAndOnlyInTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		d, _ := w.journey.StartDraft(ctx, w.nurse, report.LostDevice)
		if _, err := w.journey.SaveDetails(ctx, w.nurse, d.ID, map[string][]string{"device": {"smartcard"}, "where": {"Canteen"}, "when": {"lunchtime"}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.journey.Send(ctx, w.nurse, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		steps, err := w.triage.Checklist(ctx, w.analyst, r.ID)
		if err != nil || len(steps) < 2 {
			t.Fatalf("checklist: %d steps, %v", len(steps), err)
		}
		for _, s := range steps {
			if s.DoneAt != nil {
				t.Fatalf("a new report's step is already done: %+v", s)
			}
		}

		if _, err := w.triage.TickSteps(ctx, w.analyst, r.ID, []int{0, 1}); err != nil {
			t.Fatal(err)
		}
		again, err := w.triage.Checklist(ctx, w.analyst, r.ID)
		if err != nil || again[0].DoneAt == nil || again[1].DoneAt == nil || again[0].DoneBy == "" {
			t.Fatalf("after ticking two steps: %+v %v", again, err)
		}
		// Unticking one keeps the other, with who did it.
		if _, err := w.triage.TickSteps(ctx, w.analyst, r.ID, []int{1}); err != nil {
			t.Fatal(err)
		}
		again, _ = w.triage.Checklist(ctx, w.analyst, r.ID)
		if again[0].DoneAt != nil || again[1].DoneAt == nil {
			t.Errorf("after unticking the first step: %+v", again)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'update'`, r.ID); n != 2 {
			t.Errorf("%d audit records for two changes to the checklist", n)
		}

		if _, err := w.triage.TickSteps(ctx, w.analyst, r.ID, []int{len(steps)}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a step past the end: %v", err)
		}
		if _, err := w.triage.TickSteps(ctx, w.gpAnalyst, r.ID, []int{0}); !vigil.IsNotFound(err) {
			t.Errorf("another organisation ticks the trust's checklist: %v, want not found", err)
		}
		if _, err := w.triage.Checklist(ctx, w.gpAnalyst, r.ID); !vigil.IsNotFound(err) {
			t.Errorf("another organisation reads the trust's checklist: %v, want not found", err)
		}
		if _, err := w.triage.Checklist(ctx, w.nurse, r.ID); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("the reporter reads the analysts' checklist: %v, want forbidden", err)
		}
	})
}
