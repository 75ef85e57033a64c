package whatif_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

func events(t *testing.T, specs ...string) []impact.Event {
	t.Helper()
	out := make([]impact.Event, len(specs))
	for i, s := range specs {
		e, err := impact.ParseEvent(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = e
	}
	return out
}

func TestScenarioLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		ransomware := whatif.ScenarioDetails{Name: " Pathology supplier ransomware, 14 days ", Events: events(t, "citypath:unavailable:14d")}
		sc, err := f.whatif.CreateScenario(ctx, f.analyst, ransomware)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Name != "Pathology supplier ransomware, 14 days" || sc.LastRun != nil {
			t.Errorf("created %+v", sc)
		}

		// Every problem at once, by field; a name used twice is a problem with the name.
		_, err = f.whatif.CreateScenario(ctx, f.analyst, whatif.ScenarioDetails{Name: "", Events: events(t, "nowhere:unavailable")})
		if e, ok := err.(*vigil.Error); !ok || e.Fields["name"] == "" || e.Fields["events"] != `"nowhere" is not in the care map` {
			t.Errorf("bad scenario: %v", err)
		}
		_, err = f.whatif.CreateScenario(ctx, f.analyst, whatif.ScenarioDetails{Name: sc.Name, Events: events(t, "epr:integrity")})
		if e, ok := err.(*vigil.Error); !ok || e.Fields["name"] == "" {
			t.Errorf("duplicate name: %v", err)
		}

		// The first run has nothing to compare with.
		run, err := f.whatif.RunScenario(ctx, f.analyst, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if run.Previous != nil || run.Changes.Any() || len(run.Result.Services) == 0 || run.Scenario.LastRun.Revision != 1 {
			t.Errorf("first run: previous %v, changes %+v, %d services", run.Previous, run.Changes, len(run.Result.Services))
		}
		// Run again on the same map: the same outcomes.
		run, err = f.whatif.RunScenario(ctx, f.analyst, sc.ID)
		if err != nil || run.Changes.MapChanged || run.Changes.Any() {
			t.Errorf("second run on the same map: %+v, %v", run.Changes, err)
		}

		// The trust gives the blood bank a fallback analyser: transfusion no longer
		// needs the supplier, and pathology's procedure lasts longer.
		c := m.Contents.Clone()
		for i := range c.Services {
			s := &c.Services[i]
			switch s.ID {
			case "blood-transfusion":
				s.DependsOn = nil
			case "pathology":
				s.Downtime.SafeFor = 30 * caremap.Day
			}
		}
		next, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.trust, next, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		run, err = f.whatif.RunScenario(ctx, f.analyst, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		ch := run.Changes
		if !ch.MapChanged || ch.FromRevision != 1 || ch.ToRevision != 2 {
			t.Errorf("changes = %+v", ch)
		}
		gone := false
		for _, o := range ch.NoLongerAtRisk {
			gone = gone || o.ID == "blood-transfusion"
		}
		lower := false
		for _, o := range ch.Changed {
			lower = lower || (o.Now.ID == "pathology" && o.Now.Risk < o.Was.Risk)
		}
		if !gone || !lower || len(ch.NewlyAtRisk) != 0 {
			t.Errorf("changes = %+v; want blood transfusion no longer at risk and pathology's risk lower", ch)
		}
		stored, err := f.whatif.Scenario(ctx, f.analyst, sc.ID)
		if err != nil || stored.LastRun == nil || stored.LastRun.Revision != 2 {
			t.Errorf("stored last run = %+v, %v", stored.LastRun, err)
		}

		// Rename, list, delete; each is audited.
		if _, err := f.whatif.UpdateScenario(ctx, f.analyst, sc.ID, whatif.ScenarioDetails{Name: "CityPath down, 14 days", Events: sc.Events}); err != nil {
			t.Fatal(err)
		}
		list, err := f.whatif.Scenarios(ctx, f.analyst)
		if err != nil || len(list) != 1 || list[0].Name != "CityPath down, 14 days" || list[0].LastRun == nil {
			t.Errorf("list = %+v, %v", list, err)
		}
		if err := f.whatif.DeleteScenario(ctx, f.analyst, sc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.whatif.Scenario(ctx, f.analyst, sc.ID); !vigil.IsNotFound(err) {
			t.Errorf("deleted scenario: %v", err)
		}
		var actions []string
		for _, e := range auditEvents(t, f, f.trust, "scenario") {
			actions = append(actions, e.Action)
		}
		// Ids made in the same millisecond do not sort by time, so compare as sets.
		slices.Sort(actions)
		if want := []string{"create", "delete", "run", "run", "run", "update"}; !reflect.DeepEqual(actions, want) {
			t.Errorf("audited %v, want %v", actions, want)
		}
	})
}

func TestAnotherOrganisationsScenarioIsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		sc, err := f.whatif.CreateScenario(ctx, f.trust, whatif.ScenarioDetails{Name: "EPR down", Events: events(t, "epr:unavailable:8h")})
		if err != nil {
			t.Fatal(err)
		}
		// The practice has a map of its own, so "not found" is about the scenario.
		gp, err := caremap.ParseYAML([]byte("organisation: {code: DEMOGP, name: Elm Tree Surgery}\nservices:\n  - {id: clinics, name: Clinics, consequence: major}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.practice, gp, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.whatif.Scenario(ctx, f.practice, sc.ID); !vigil.IsNotFound(err) {
			t.Errorf("read: %v", err)
		}
		if _, err := f.whatif.RunScenario(ctx, f.practice, sc.ID); !vigil.IsNotFound(err) {
			t.Errorf("run: %v", err)
		}
		if _, err := f.whatif.UpdateScenario(ctx, f.practice, sc.ID, whatif.ScenarioDetails{Name: "Mine", Events: events(t, "clinics:unavailable")}); !vigil.IsNotFound(err) {
			t.Errorf("update: %v", err)
		}
		if err := f.whatif.DeleteScenario(ctx, f.practice, sc.ID); !vigil.IsNotFound(err) {
			t.Errorf("delete: %v", err)
		}
		if list, _ := f.whatif.Scenarios(ctx, f.practice); len(list) != 0 {
			t.Errorf("the practice lists %d scenarios", len(list))
		}
		if got, err := f.whatif.Scenario(ctx, f.trust, sc.ID); err != nil || got.Name != "EPR down" || got.LastRun != nil {
			t.Errorf("the trust's scenario after the practice's attempts: %+v, %v", got, err)
		}
	})
}

func TestCompare(t *testing.T) {
	o := func(id string, risk int, state impact.State) whatif.Outcome {
		return whatif.Outcome{ID: id, Risk: risk, State: state}
	}
	was := whatif.Run{Revision: 1, Digest: "a", Services: []whatif.Outcome{o("ed", 5, impact.Lost), o("lab", 4, impact.Lost), o("icu", 2, impact.Degraded)}}
	now := whatif.Run{Revision: 3, Digest: "b", Services: []whatif.Outcome{o("ed", 5, impact.Lost), o("icu", 3, impact.Degraded), o("renal", 2, impact.Degraded), o("lab", 4, impact.Degraded)}}
	got := whatif.Compare(was, now)
	want := whatif.Changes{MapChanged: true, FromRevision: 1, ToRevision: 3,
		NewlyAtRisk:    []whatif.Outcome{o("renal", 2, impact.Degraded)},
		NoLongerAtRisk: nil,
		Changed: []whatif.OutcomeChange{
			{Was: o("icu", 2, impact.Degraded), Now: o("icu", 3, impact.Degraded)},
			{Was: o("lab", 4, impact.Lost), Now: o("lab", 4, impact.Degraded)},
		}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare =\n%+v\nwant\n%+v", got, want)
	}
	if back := whatif.Compare(now, was); len(back.NoLongerAtRisk) != 1 || back.NoLongerAtRisk[0].ID != "renal" {
		t.Errorf("reverse: %+v", back)
	}
	if same := whatif.Compare(was, was); same.MapChanged || same.Any() {
		t.Errorf("a run compared with itself: %+v", same)
	}
}
