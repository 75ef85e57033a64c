package buddy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func measure(ms []evidence.Measure, key string) (evidence.Measure, bool) {
	for _, m := range ms {
		if m.Key == key {
			return m, true
		}
	}
	return evidence.Measure{}, false
}

// The share of teams with a buddy reaches the board and the
// self-assessment, counts only the organisation's own teams, and drops
// when the buddy's account is disabled.
func TestBuddyCoverageIsABoardFigure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := store.Now()
		if err := f.buddies.Assign(ctx, f.admin, f.ward.ID, f.tom.UserID, "4471"); err != nil {
			t.Fatal(err)
		}
		ms, err := f.buddies.Measures(ctx, f.admin, now)
		if err != nil {
			t.Fatal(err)
		}
		covered, ok := measure(ms, "buddies.teams-covered")
		if !ok || covered.Value != 50 || covered.Unit != "%" || covered.Link != "/training/buddies" {
			t.Errorf("teams covered: %+v (of %+v), want 50%% (1 of the 2 teams)", covered, ms)
		}
		if over, ok := measure(ms, "buddies.overloaded"); !ok || over.Value != 0 {
			t.Errorf("overloaded buddies: %+v", over)
		}
		items, err := f.buddies.Evidence(ctx, f.admin, now)
		if err != nil || len(items) != 1 || items[0].Outcome != "B6.a" || !strings.Contains(items[0].Summary, "1 of 2 teams have a named IT buddy") {
			t.Errorf("evidence: %+v, %v", items, err)
		}

		practice, err := f.buddies.Measures(ctx, f.practice, now)
		if m, ok := measure(practice, "buddies.teams-covered"); err != nil || !ok || m.Value != 0 {
			t.Errorf("the practice's figure counts the trust's buddy: %+v, %v", practice, err)
		}
		if _, err := f.buddies.Measures(ctx, f.nurse, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse read the buddy figures: %v", err)
		}

		orgs := org.NewStore(db, auth.EndSessions)
		if _, err := orgs.UpdateUser(ctx, f.admin, f.tom.UserID, org.PersonDetails{Email: f.tom.Email, Name: f.tom.Name,
			JobRole: "nurse-midwife", Roles: []string{string(vigil.Staff), string(vigil.Buddy)}, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		ms, err = f.buddies.Measures(ctx, f.admin, now)
		if m, ok := measure(ms, "buddies.teams-covered"); err != nil || !ok || m.Value != 0 {
			t.Errorf("a disabled buddy still covers a team: %+v, %v", ms, err)
		}
		if _, ok, _ := f.buddies.Mine(ctx, f.nurse); ok {
			t.Error("the nurse is still shown a disabled buddy")
		}
	})
}
