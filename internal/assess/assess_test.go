package assess_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// fakeSource offers fixed evidence, and says whose scope asked.
type fakeSource struct{ asked []vigil.Scope }

func (f *fakeSource) Evidence(_ context.Context, sc vigil.Scope, now time.Time) ([]evidence.Item, error) {
	f.asked = append(f.asked, sc)
	return []evidence.Item{{Outcome: "A2.a", Summary: "The hazard log of " + sc.OrgCode, Link: "/hazards", At: now}}, nil
}

func (f *fakeSource) Measures(context.Context, vigil.Scope, time.Time) ([]evidence.Measure, error) {
	return nil, nil
}

type fixture struct {
	svc             *assess.Assessments
	src             *fakeSource
	admin, analyst  vigil.Scope
	nurse, practice vigil.Scope
	central         vigil.Scope
	frameworkID     string
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	dir, err := content.Sub(content.FrameworksDir)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := framework.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice, centre := add("RXX", org.AcuteTrust), add("GPX", org.GPPractice), add("CSOC", org.NationalCentre)
	person := func(o org.Organisation, role vigil.Role) vigil.Scope {
		return vigil.PersonScope(o.Ref(), "", "Test "+string(role), "", []vigil.Role{vigil.Staff, role})
	}
	src := &fakeSource{}
	return fixture{svc: assess.New(db, orgs, fs, []evidence.Source{src}), src: src, frameworkID: fs[0].ID,
		admin: person(trust, vigil.OrgAdmin), analyst: person(trust, vigil.SecurityAnalyst), nurse: person(trust, vigil.Staff),
		practice: person(practice, vigil.OrgAdmin), central: person(centre, vigil.CentralAnalyst)}
}

func partial(action string) assess.Details {
	return assess.Details{Status: framework.PartiallyAchieved, Evidence: []assess.Evidence{{Text: "Hazard log", Link: "/hazards"}},
		Action: assess.Action{Text: action, Owner: "Head of IT", Due: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}}
}

func TestAnswersKeepTheirHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.Record(ctx, f.analyst, f.frameworkID, "A2.a", partial("Start a hazard log")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Record(ctx, f.admin, f.frameworkID, "A2.a", assess.Details{Status: framework.Achieved}); err != nil {
			t.Fatal(err)
		}
		answers, err := f.svc.Answers(ctx, f.analyst, f.frameworkID)
		if err != nil {
			t.Fatal(err)
		}
		if a := answers["A2.a"]; a.Status != framework.Achieved || a.By != "Test org-admin" || len(answers) != 1 {
			t.Errorf("current answers %+v", answers)
		}
		history, err := f.svc.History(ctx, f.analyst, f.frameworkID, "A2.a")
		if err != nil {
			t.Fatal(err)
		}
		if len(history) != 2 || history[0].Status != framework.Achieved || history[1].Action.Text != "Start a hazard log" ||
			history[1].Evidence[0].Link != "/hazards" {
			t.Errorf("history %+v", history)
		}
	})
}

func TestAnAnswerShortOfAchievedNeedsAnAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			d     assess.Details
			field string
		}{
			{assess.Details{Status: "maybe"}, "status"},
			{assess.Details{Status: framework.NotAchieved}, "action"},
			{assess.Details{Status: framework.PartiallyAchieved, Action: assess.Action{Text: "Do it"}}, "action_owner"},
			{assess.Details{Status: framework.PartiallyAchieved, Action: assess.Action{Text: "Do it", Owner: "Me"}}, "action_due"},
			{assess.Details{Status: framework.Achieved, Action: assess.Action{Owner: "Me"}}, "action"},
		} {
			_, err := f.svc.Record(ctx, f.analyst, f.frameworkID, "B6.a", tc.d)
			var e *vigil.Error
			if !asError(err, &e) || e.Fields[tc.field] == "" {
				t.Errorf("%+v: got %v, want a problem with %s", tc.d, err, tc.field)
			}
		}
		_, err := f.svc.Record(ctx, f.analyst, f.frameworkID, "Z9.z", assess.Details{Status: framework.Achieved})
		if vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("an unknown outcome: %v", err)
		}
	})
}

func TestAssessmentPermissionsAndTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.Record(ctx, f.nurse, f.frameworkID, "A1.a", assess.Details{Status: framework.Achieved}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff answering: %v", err)
		}
		if _, err := f.svc.Answers(ctx, f.nurse, f.frameworkID); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff reading: %v", err)
		}
		if _, err := f.svc.Record(ctx, f.admin, f.frameworkID, "A1.a", assess.Details{Status: framework.Achieved}); err != nil {
			t.Fatal(err)
		}
		theirs, err := f.svc.Answers(ctx, f.practice, f.frameworkID)
		if err != nil || len(theirs) != 0 {
			t.Errorf("the practice sees %d answers (%v), want none", len(theirs), err)
		}
		history, err := f.svc.History(ctx, f.practice, f.frameworkID, "A1.a")
		if err != nil || len(history) != 0 {
			t.Errorf("the practice sees %d answers in the history (%v)", len(history), err)
		}
		if _, err := f.svc.Rollup(ctx, f.admin, f.frameworkID, time.Now()); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust reading the roll-up: %v", err)
		}
	})
}

func TestEvidenceIsGatheredAsVigilInTheCallersOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		offered, errs, err := f.svc.Offered(context.Background(), f.analyst, time.Now())
		if err != nil || len(errs) != 0 {
			t.Fatal(err, errs)
		}
		items := offered["A2.a"]
		if len(items) != 1 || items[0].Summary != "The hazard log of RXX" {
			t.Errorf("offered %+v", offered)
		}
		asked := f.src.asked[0]
		if asked.OrgID != f.analyst.OrgID || asked.Actor().ID != "system" {
			t.Errorf("the source was asked as %+v, want Vigil in the analyst's organisation", asked.Actor())
		}
	})
}

func TestProgressAndRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := time.Now().UTC()
		at := func(months int) *assess.Assessments {
			return f.svc.WithClock(func() time.Time { return now.AddDate(0, -months, -2) })
		}
		record := func(svc *assess.Assessments, sc vigil.Scope, outcome string, d assess.Details) {
			t.Helper()
			if _, err := svc.Record(ctx, sc, f.frameworkID, outcome, d); err != nil {
				t.Fatal(err)
			}
		}
		record(at(3), f.admin, "A1.a", partial("Board paper"))
		record(at(2), f.admin, "A1.a", assess.Details{Status: framework.Achieved})
		record(at(1), f.admin, "A2.a", assess.Details{Status: framework.Achieved})
		record(f.svc, f.practice, "B6.a", partial("Reporting button"))
		tally, points, err := f.svc.Progress(ctx, f.admin, f.frameworkID, 6, now)
		if err != nil {
			t.Fatal(err)
		}
		if tally.Achieved != 2 || tally.Unanswered != tally.Total()-2 {
			t.Errorf("now %+v", tally)
		}
		var achieved []string
		for _, p := range points {
			achieved = append(achieved, itoa(p.Achieved))
		}
		if got := strings.Join(achieved, " "); got != "0 0 0 1 2 2" {
			t.Errorf("achieved month by month %s, want 0 0 0 1 2 2", got)
		}
		rows, err := f.svc.Rollup(ctx, f.central, f.frameworkID, now)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]assess.OrgTally{}
		for _, r := range rows {
			byCode[r.Org.Code] = r
		}
		if len(rows) != 2 || byCode["RXX"].Tally.Achieved != 2 || byCode["GPX"].Tally.Partial != 1 || byCode["RXX"].ByObjective["A"].Achieved != 2 {
			t.Errorf("roll-up %+v", rows)
		}
		ms, err := f.svc.Measures(ctx, f.admin, now)
		if err != nil || len(ms) == 0 || ms[0].Key != "caf.achieved" || ms[0].Value <= 0 {
			t.Errorf("measures %+v (%v)", ms, err)
		}
		old, _ := f.svc.Measures(ctx, f.admin, now.AddDate(0, -4, 0))
		if old[0].Value != 0 {
			t.Errorf("four months ago %v%% was achieved, want 0", old[0].Value)
		}
	})
}
