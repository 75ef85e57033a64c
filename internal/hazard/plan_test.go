package hazard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Tuesday 3 March 2026, 02:00 in London (GMT).
var overnight = time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)

func patchPlan(start time.Time, d caremap.Duration) hazard.PlanDetails {
	return hazard.PlanDetails{Title: "EPR database patching", Kind: hazard.Patching, Assets: []string{"epr-db"},
		Mode: impact.ModeUnavailable, Start: start, Duration: d}
}

func TestPlanAnalysisRunsTheImpactEngineForTheWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		plans := hazard.NewPlans(db, f.maps)
		p, err := plans.Create(ctx, f.analyst, patchPlan(overnight, 6*caremap.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if p.Code() != "PR-001" || p.Decision != hazard.Awaiting {
			t.Errorf("plan %s %s", p.Code(), p.Decision)
		}
		a, err := plans.Analyse(ctx, f.cso, p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := impact.Analyse(demoMap(t), []impact.Event{{Target: "epr-db", Mode: impact.ModeUnavailable, Duration: 6 * caremap.Hour}})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Services) != len(want.Services) || len(a.Services) == 0 {
			t.Fatalf("%d services affected, the impact engine says %d", len(a.Services), len(want.Services))
		}
		for i, s := range a.Services {
			if s.ID != want.Services[i].ID || s.Risk != want.Services[i].Risk || s.Patients != want.Services[i].PatientsAffected {
				t.Errorf("service %d: %+v, impact engine %+v", i, s, want.Services[i])
			}
		}
		if a.Window.Period != hazard.Overnight || a.Window.Weekend {
			t.Errorf("window %+v, want a weekday overnight", a.Window)
		}
		// ED's downtime procedure is safe for 4 hours: from 06:00 patients are at risk, before the 08:00 end.
		ed := a.Services[0]
		if ed.ID != "ed" || !strings.HasPrefix(ed.When, "From Tue 3 Mar, 06:00, before the work ends at Tue 3 Mar, 08:00") {
			t.Errorf("ED: %s %q", ed.ID, ed.When)
		}
	})
}

func TestPlanWindowsReadInUKTime(t *testing.T) {
	for _, tc := range []struct {
		start   time.Time
		period  hazard.Period
		weekend bool
	}{
		{time.Date(2026, 7, 7, 7, 30, 0, 0, time.UTC), hazard.WorkingDay, false}, // 08:30 BST
		{time.Date(2026, 1, 6, 7, 30, 0, 0, time.UTC), hazard.Overnight, false},  // 07:30 GMT
		{time.Date(2026, 1, 6, 19, 0, 0, 0, time.UTC), hazard.Evening, false},
		{time.Date(2026, 3, 7, 23, 0, 0, 0, time.UTC), hazard.Overnight, true}, // Saturday night
	} {
		w := hazard.WindowOf(tc.start, caremap.Hour)
		if w.Period != tc.period || w.Weekend != tc.weekend {
			t.Errorf("%s: %s weekend %v, want %s weekend %v", tc.start, w.Period, w.Weekend, tc.period, tc.weekend)
		}
		if w.Advice() == "" {
			t.Errorf("%s: no advice", tc.start)
		}
	}
}

func TestOnlyTheCSODecidesAPlanAndTheDecisionKeepsItsAnalysis(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		plans := hazard.NewPlans(db, f.maps)
		p, err := plans.Create(ctx, f.analyst, patchPlan(overnight, 2*caremap.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range []vigil.Scope{f.analyst, f.admin, f.nurse} {
			_, err := plans.Decide(ctx, sc, p.ID, p.Version, hazard.Approved, "")
			wantCode(t, err, vigil.Forbidden)
		}
		_, err = plans.Decide(ctx, f.cso, p.ID, p.Version, hazard.ApprovedWithConditions, "")
		wantCode(t, err, vigil.Invalid)
		decided, err := plans.Decide(ctx, f.cso, p.ID, p.Version, hazard.ApprovedWithConditions, "ED nurse in charge told by 22:00; supplier on call")
		if err != nil {
			t.Fatal(err)
		}
		got, err := plans.Plan(ctx, f.analyst, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Decision != hazard.ApprovedWithConditions || got.DecidedBy != f.csoName || got.Decided == nil || len(got.Decided.Services) == 0 {
			t.Errorf("stored decision %+v", got)
		}
		if got.Version != decided.Version {
			t.Errorf("version %d, want %d", got.Version, decided.Version)
		}
		_, err = plans.Decide(ctx, f.cso, p.ID, p.Version, hazard.Rejected, "stale page")
		wantCode(t, err, vigil.Conflict)
	})
}

func TestPlanChecksAndTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		plans := hazard.NewPlans(db, f.maps)
		bad := patchPlan(time.Time{}, 0)
		bad.Assets = []string{"no-such-asset"}
		bad.Title = ""
		_, err := plans.Create(ctx, f.analyst, bad)
		var e *vigil.Error
		if !asError(err, &e) || e.Code != vigil.Invalid {
			t.Fatalf("got %v, want invalid", err)
		}
		for _, field := range []string{"title", "assets", "start", "duration"} {
			if e.Fields[field] == "" {
				t.Errorf("no problem for %s: %v", field, e.Fields)
			}
		}
		p, err := plans.Create(ctx, f.analyst, patchPlan(overnight, caremap.Hour))
		if err != nil {
			t.Fatal(err)
		}
		_, err = plans.Plan(ctx, f.practice, p.ID)
		wantCode(t, err, vigil.NotFound)
		_, err = plans.Decide(ctx, f.practice, p.ID, 0, hazard.Approved, "")
		wantCode(t, err, vigil.NotFound)
		if list, err := plans.Plans(ctx, f.practice); err != nil || len(list) != 0 {
			t.Errorf("the practice sees %d plans (%v)", len(list), err)
		}
	})
}
