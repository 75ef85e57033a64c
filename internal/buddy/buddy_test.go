package buddy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type fixture struct {
	buddies           *buddy.Buddies
	admin, nurse, tom vigil.Scope
	ward, ed          org.Team
	practice, gpNurse vigil.Scope
	practiceTeam      org.Team
	db                *store.DB
	orgs              *org.Store
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	f := fixture{db: db, orgs: orgs, buddies: buddy.New(db, orgs, store.Now)}
	for _, code := range []string{"RXX", "Y0001"} {
		o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: code, Name: "Test " + code, Type: org.AcuteTrust})
		if err != nil {
			t.Fatal(err)
		}
		sys := o.System("test")
		team := func(name string) org.Team {
			tm, err := orgs.CreateTeam(ctx, sys, org.NewTeam{Name: name, Kind: "ward"})
			if err != nil {
				t.Fatal(err)
			}
			return tm
		}
		person := func(name, teamID string, roles ...vigil.Role) vigil.Scope {
			names := make([]string, len(roles))
			for i, r := range roles {
				names[i] = string(r)
			}
			u, err := orgs.CreateUser(ctx, sys, org.PersonDetails{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@" + strings.ToLower(code) + ".example",
				Name: name, JobRole: "nurse-midwife", TeamID: teamID, Roles: names})
			if err != nil {
				t.Fatal(err)
			}
			return vigil.PersonScope(o.Ref(), u.ID, name, u.Email, roles)
		}
		if code == "RXX" {
			f.ward, f.ed = team("Ward 7"), team("Emergency Department")
			f.admin = person("Priya Raman", "", vigil.Staff, vigil.OrgAdmin)
			f.nurse = person("Grace Okafor", f.ward.ID, vigil.Staff)
			f.tom = person("Tom Hughes", "", vigil.Staff, vigil.Buddy)
		} else {
			f.practiceTeam = team("Reception")
			f.practice = person("Ann Lee", "", vigil.Staff, vigil.OrgAdmin)
			f.gpNurse = person("Bea Holt", f.practiceTeam.ID, vigil.Staff)
		}
	}
	return f
}

func fields(err error) map[string]string {
	var ve *vigil.Error
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}

func TestATeamGetsABuddyItsMembersCanCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, ok, err := f.buddies.Mine(ctx, f.nurse); ok || err != nil {
			t.Errorf("before: ok %v, err %v", ok, err)
		}
		if err := f.buddies.Assign(ctx, f.nurse, f.ward.ID, f.tom.UserID, "0300 555 0150"); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse assigned a buddy: %v", err)
		}
		err := f.buddies.Assign(ctx, f.admin, f.ward.ID, f.nurse.UserID, "x")
		if fs := fields(err); fs["buddy"] == "" || fs["phone"] == "" {
			t.Errorf("a nurse as buddy with no number: %v", err)
		}
		if err := f.buddies.Assign(ctx, f.admin, f.ward.ID, f.tom.UserID, "0300 555 0150 ext. 4471"); err != nil {
			t.Fatal(err)
		}
		b, ok, err := f.buddies.Mine(ctx, f.nurse)
		if err != nil || !ok || b.Name != "Tom Hughes" || b.Dial() != "030055501504471" {
			t.Errorf("the nurse's buddy: %+v, %v, %v", b, ok, err)
		}
		ps, err := f.buddies.Pairings(ctx, f.admin)
		if err != nil || len(ps) != 2 || ps[0].Team.Name != "Emergency Department" || ps[0].Buddy != nil || ps[1].Buddy == nil {
			t.Errorf("pairings: %+v, %v", ps, err)
		}
		cs, err := f.buddies.Candidates(ctx, f.admin)
		if err != nil || len(cs) != 1 || cs[0].Teams != 1 || cs[0].Overloaded() {
			t.Errorf("candidates: %+v, %v", cs, err)
		}
		if err := f.buddies.Unassign(ctx, f.admin, f.ward.ID); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := f.buddies.Mine(ctx, f.nurse); ok {
			t.Error("the buddy is still shown after removal")
		}
		var audited int
		_ = db.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'team' AND summary LIKE '%buddy%'`, f.admin.OrgID).Scan(&audited)
		if audited != 2 {
			t.Errorf("%d audit records, want 2", audited)
		}
	})
}

// Another organisation's teams and buddies cannot be paired, seen or removed.
func TestBuddyTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if err := f.buddies.Assign(ctx, f.admin, f.ward.ID, f.tom.UserID, "4471"); err != nil {
			t.Fatal(err)
		}
		err := f.buddies.Assign(ctx, f.practice, f.ward.ID, f.tom.UserID, "4471")
		if fs := fields(err); fs["team"] == "" || fs["buddy"] == "" {
			t.Errorf("the practice paired the trust's team with the trust's buddy: %v", err)
		}
		if err := f.buddies.Unassign(ctx, f.practice, f.ward.ID); !vigil.IsNotFound(err) {
			t.Errorf("the practice removed the trust's buddy: %v", err)
		}
		ps, err := f.buddies.Pairings(ctx, f.practice)
		if err != nil || len(ps) != 1 || ps[0].Buddy != nil {
			t.Errorf("the practice's pairings: %+v, %v", ps, err)
		}
		if _, ok, _ := f.buddies.Mine(ctx, f.gpNurse); ok {
			t.Error("the practice's nurse sees a buddy")
		}
	})
}
