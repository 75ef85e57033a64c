package notify_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestDeletedRulesMakeRoomForNewOnes: an organisation at the most rules it may
// have is told to delete one, and once it has, it can add another.
func TestDeletedRulesMakeRoomForNewOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		rule := func(i int) (notify.Rule, error) {
			return f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: fmt.Sprintf("Rule %d", i), Subject: notify.Alerts, MinPriority: 1, EmailOnCall: true})
		}
		var last notify.Rule
		for i := range notify.MaxRules {
			r, err := rule(i)
			if err != nil {
				t.Fatalf("rule %d: %v", i, err)
			}
			last = r
		}
		if _, err := rule(notify.MaxRules); vigil.CodeOf(err) != vigil.Conflict {
			t.Fatalf("one rule too many: %v, want a conflict", err)
		}
		if err := f.svc.DeleteRule(ctx, f.analyst, last.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := rule(notify.MaxRules); err != nil {
			t.Errorf("a rule after deleting one: %v", err)
		}
	})
}
