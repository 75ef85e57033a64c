package buddy_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Suggestions put a buddy on the team's own site first, then the least
// loaded, and never one at the organisation's limit.
func TestSuggestionsBySiteAndLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		sys := f.admin
		site, err := f.orgs.CreateSite(ctx, sys, "Community Hospital")
		if err != nil {
			t.Fatal(err)
		}
		rehab, err := f.orgs.CreateTeam(ctx, sys, org.NewTeam{Name: "Rehab", Kind: "ward", SiteID: site.ID})
		if err != nil {
			t.Fatal(err)
		}
		desk, err := f.orgs.CreateTeam(ctx, sys, org.NewTeam{Name: "Community IT", Kind: "department", SiteID: site.ID})
		if err != nil {
			t.Fatal(err)
		}
		u, err := f.orgs.CreateUser(ctx, sys, org.PersonDetails{Email: "ana@rxx.example", Name: "Ana Silva", JobRole: "it-digital", TeamID: desk.ID,
			Roles: []string{string(vigil.Staff), string(vigil.Buddy)}})
		if err != nil {
			t.Fatal(err)
		}
		// Ana works at the community site but already has a team; Tom has none.
		if err := f.buddies.Assign(ctx, f.admin, desk.ID, u.ID, "4000"); err != nil {
			t.Fatal(err)
		}
		suggestions := func() (map[string][]buddy.Suggestion, error) {
			ps, err := f.buddies.Pairings(ctx, f.admin)
			if err != nil {
				return nil, err
			}
			cs, err := f.buddies.Candidates(ctx, f.admin)
			if err != nil {
				return nil, err
			}
			return f.buddies.Suggestions(ctx, f.admin, ps, cs)
		}
		if _, err := f.buddies.Suggestions(ctx, f.tom, nil, nil); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a buddy asked for suggestions: %v", err)
		}
		got, err := suggestions()
		if err != nil {
			t.Fatal(err)
		}
		names := func(ss []buddy.Suggestion) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.Name)
			}
			return out
		}
		if r := got[rehab.ID]; len(r) != 2 || r[0].Name != "Ana Silva" || !r[0].SameSite || r[1].Name != "Tom Hughes" || r[1].SameSite {
			t.Errorf("for the rehab ward: %v", names(r))
		}
		// Away from the community site the less loaded buddy comes first.
		if w := got[f.ward.ID]; len(w) != 2 || w[0].Name != "Tom Hughes" {
			t.Errorf("for Ward 7: %v", names(w))
		}
		if _, ok := got[desk.ID]; ok {
			t.Error("a team with a buddy got suggestions")
		}
		// At a limit of one team Ana is full, and never suggested.
		if err := f.buddies.SetMaxTeams(ctx, f.admin, 0); fields(err)["max_teams"] == "" {
			t.Errorf("a limit of 0: %v", err)
		}
		if err := f.buddies.SetMaxTeams(ctx, f.nurse, 1); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse set the limit: %v", err)
		}
		if err := f.buddies.SetMaxTeams(ctx, f.admin, 1); err != nil {
			t.Fatal(err)
		}
		got, err = suggestions()
		if r := got[rehab.ID]; err != nil || len(r) != 1 || r[0].Name != "Tom Hughes" {
			t.Errorf("for the rehab ward at a limit of 1: %v, %v", names(r), err)
		}
		// The practice's limit is its own.
		if n, err := f.buddies.MaxTeamsOf(ctx, f.practice); err != nil || n != buddy.MaxTeams {
			t.Errorf("the practice's limit: %d, %v", n, err)
		}
		var audited int
		_ = db.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND summary LIKE 'Set the most teams%'`, f.admin.OrgID).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit records of the limit, want 1", audited)
		}
	})
}
