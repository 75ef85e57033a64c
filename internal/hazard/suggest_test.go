package hazard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestCareMapSuggestionsAreTheCriticalAssetsAtRiskFourOrMore works out,
// from the impact engine's own ranking of the demo map, which assets' loss
// (or, for patient data and medical devices, corruption) reaches risk 4,
// and checks the suggestions are exactly those.
func TestCareMapSuggestionsAreTheCriticalAssetsAtRiskFourOrMore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := demoMap(t)
		want := map[string]impact.Harm{}
		for _, c := range impact.Critical(m) {
			if c.Loss.Risk >= 4 {
				want["caremap/"+c.ID+"/loss"] = c.Loss
			}
			a, _ := m.Asset(c.ID)
			if c.Corruption.Risk >= 4 && (a.PatientData || a.Kind == caremap.KindMedicalDevice) {
				want["caremap/"+c.ID+"/corruption"] = c.Corruption
			}
		}
		if len(want) == 0 {
			t.Fatal("the demo map has no asset at risk 4 or more: the test would prove nothing")
		}
		got, err := f.log.Suggestions(context.Background(), f.cso)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%d suggestions, want %d", len(got), len(want))
		}
		for i, s := range got {
			h, ok := want[s.Key]
			if !ok {
				t.Errorf("unexpected suggestion %s", s.Key)
				continue
			}
			if s.Risk() != h.Risk {
				t.Errorf("%s: drafted risk %d, impact engine says %d", s.Key, s.Risk(), h.Risk)
			}
			if i > 0 && got[i-1].Risk() < s.Risk() {
				t.Errorf("%s (risk %d) comes after %s (risk %d): want the riskiest first", s.Key, s.Risk(), got[i-1].Key, got[i-1].Risk())
			}
			if s.Draft.Links[0].Kind != hazard.LinkAsset || !strings.Contains(s.Key, s.Draft.Links[0].ID) {
				t.Errorf("%s: first link %+v, want the asset", s.Key, s.Draft.Links[0])
			}
			top := h.Services[0]
			if !strings.Contains(s.Draft.Effect, top.Name) || !strings.Contains(s.Why, top.Name) {
				t.Errorf("%s: effect %q and why %q do not name the worst-hit service %s", s.Key, s.Draft.Effect, s.Why, top.Name)
			}
		}
	})
}

func TestTheEPRSuggestionIsDraftedFromTheImpactEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		s, err := f.log.Suggestion(context.Background(), f.cso, "caremap/epr/loss")
		if err != nil {
			t.Fatal(err)
		}
		d := s.Draft
		if d.Title != "Electronic patient record unavailable" || d.Type != hazard.NoAccess {
			t.Errorf("title %q, type %s", d.Title, d.Type)
		}
		// The demo EPR is Meridian's; its loss stops the Emergency Department.
		if !hasLink(d.Links, hazard.LinkSupplier, "meridian") || !hasLink(d.Links, hazard.LinkService, "ed") {
			t.Errorf("links %+v, want the supplier meridian and the service ed", d.Links)
		}
		if !strings.Contains(d.ExistingControls, "Emergency Department downtime procedure, safe for 4 hours") {
			t.Errorf("existing controls %q do not name the ED downtime procedure", d.ExistingControls)
		}
		if !strings.Contains(strings.Join(d.Causes, "; "), "Meridian Health Systems Ltd") {
			t.Errorf("causes %q do not name the supplier", d.Causes)
		}
	})
}

func TestAcceptedAndDismissedSuggestionsAreNotOfferedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		all, err := f.log.Suggestions(ctx, f.cso)
		if err != nil || len(all) < 2 {
			t.Fatalf("%d suggestions (%v), want at least 2", len(all), err)
		}
		first, second := all[0], all[1]
		d := first.Draft
		d.Title = "Edited before accepting"
		h, err := f.log.Accept(ctx, f.analyst, first.Key, d)
		if err != nil {
			t.Fatal(err)
		}
		if h.SuggestionKey != first.Key || h.Title != "Edited before accepting" {
			t.Errorf("accepted hazard %+v", h)
		}
		_, err = f.log.Accept(ctx, f.analyst, first.Key, d)
		wantCode(t, err, vigil.Conflict)

		err = f.log.Dismiss(ctx, f.analyst, second.Key, second.Draft.Title, "Covered by H-001")
		wantCode(t, err, vigil.Forbidden)
		err = f.log.Dismiss(ctx, f.cso, second.Key, second.Draft.Title, "")
		wantCode(t, err, vigil.Invalid)
		if err := f.log.Dismiss(ctx, f.cso, second.Key, second.Draft.Title, "Covered by H-001"); err != nil {
			t.Fatal(err)
		}
		after, err := f.log.Suggestions(ctx, f.cso)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(all)-2 {
			t.Errorf("%d suggestions after accepting one and dismissing one, want %d", len(after), len(all)-2)
		}
		for _, s := range after {
			if s.Key == first.Key || s.Key == second.Key {
				t.Errorf("%s is still offered", s.Key)
			}
		}
		// Another organisation's log is its own: the practice has no map, so nothing is suggested.
		theirs, err := f.log.Suggestions(ctx, f.practice)
		if err != nil || len(theirs) != 0 {
			t.Errorf("the practice gets %d suggestions (%v), want none", len(theirs), err)
		}
		dismissed, err := f.log.Dismissals(ctx, f.practice)
		if err != nil || len(dismissed) != 0 {
			t.Errorf("the practice sees %d dismissals (%v), want none", len(dismissed), err)
		}
	})
}

type fakeFindings []hazard.UrgentFinding

func (f fakeFindings) UrgentFindings(context.Context, vigil.Scope) ([]hazard.UrgentFinding, error) {
	return f, nil
}

type fakeIncidents []hazard.ConfirmedIncident

func (f fakeIncidents) ConfirmedIncidents(context.Context, vigil.Scope) ([]hazard.ConfirmedIncident, error) {
	return f, nil
}

func TestFindingsAndIncidentsAreSuggestedWithTypedLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var f fixture
		findings := fakeFindings{{ID: "f1", Title: "CVE-2024-3400 in the perimeter firewall", Decision: "Immediate", AssetIDs: []string{"firewall"}, Path: "/findings/f1"}}
		incidents := fakeIncidents{{ID: "i1", Title: "Ransomware on ward PCs", AssetIDs: []string{"workstations", "not-in-the-map"}, Path: "/incidents/i1"}}
		f = newFixture(t, db, nil...)
		f.log = hazard.NewLog(db, f.orgs, hazard.FindingSuggester(findings, f.maps, f.ranks), hazard.IncidentSuggester(incidents, f.maps, f.ranks))
		got, err := f.log.Suggestions(context.Background(), f.cso)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d suggestions, want 2", len(got))
		}
		byKey := map[string]hazard.Suggestion{}
		for _, s := range got {
			byKey[s.Key] = s
		}
		fs, is := byKey["finding/f1"], byKey["incident/i1"]
		if !hasLink(fs.Draft.Links, hazard.LinkFinding, "f1") || !hasLink(fs.Draft.Links, hazard.LinkAsset, "firewall") {
			t.Errorf("finding suggestion links %+v", fs.Draft.Links)
		}
		if !hasLink(is.Draft.Links, hazard.LinkIncident, "i1") || !hasLink(is.Draft.Links, hazard.LinkAsset, "workstations") {
			t.Errorf("incident suggestion links %+v", is.Draft.Links)
		}
		m := demoMap(t)
		c, _, _ := impact.NewCache(1).Criticality(m, "firewall")
		if fs.Risk() != c.Worst() {
			t.Errorf("finding drafted at risk %d, the firewall's worst harm is %d", fs.Risk(), c.Worst())
		}
		for _, l := range fs.Draft.Links {
			if l.Kind == hazard.LinkFinding && l.Href() != "/findings/f1" {
				t.Errorf("finding link goes to %q", l.Href())
			}
		}
	})
}

func hasLink(links []hazard.Link, kind hazard.LinkKind, id string) bool {
	for _, l := range links {
		if l.Kind == kind && l.ID == id {
			return true
		}
	}
	return false
}
