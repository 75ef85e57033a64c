package caremap

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	"github.com/vigil-health/vigil/internal/whatif"
)

// runSummary is what a scenario's last run found, in a line.
type runSummary struct {
	At         time.Time
	By         string
	Revision   int
	Affected   int
	Highest    riskLevel
	MapChanged bool // the care map has changed since
}

func summariseRun(run *whatif.Run, current mapstore.Stored) *runSummary {
	if run == nil {
		return nil
	}
	s := &runSummary{At: run.At, By: run.By, Revision: run.Revision, Affected: len(run.Services), MapChanged: run.Digest != current.Map.Version()}
	for _, o := range run.Services {
		s.Highest = max(s.Highest, riskLevel(o.Risk))
	}
	return s
}

type scenarioRow struct {
	ID, Name string
	Events   []string
	LastRun  *runSummary
}

type scenarioLibraryView struct {
	web.Layout
	Scenarios []scenarioRow
	Revision  int
	CanSave   bool
}

func (h *Pages) scenarioLibrary(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	list, err := h.whatif.Scenarios(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := scenarioLibraryView{Layout: h.Layout(r, "Scenarios"), Revision: st.Revision, CanSave: sc.Can(vigil.WriteScenarios)}
	v.Back = "/caremap"
	for _, s := range list {
		v.Scenarios = append(v.Scenarios, scenarioRow{ID: s.ID, Name: s.Name, Events: eventsWords(st.Map, s.Events), LastRun: summariseRun(s.LastRun, st)})
	}
	h.render(w, r, http.StatusOK, "scenarios", &v)
}

func eventsWords(m *caremap.Map, events []impact.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = capitalise(e.Words(m))
	}
	return out
}

// scenarioSave saves the events of a what-if result under a name. A bad name shows the
// result again with the problem, so nothing typed is lost.
func (h *Pages) scenarioSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	name := r.PostFormValue("name") // reads the form, events and all
	var events []impact.Event
	for _, s := range r.PostForm["event"] {
		e, err := impact.ParseEvent(s)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		events = append(events, e)
	}
	s, err := h.whatif.CreateScenario(r.Context(), sc, whatif.ScenarioDetails{Name: name, Events: events})
	if err != nil {
		v := h.newWhatIfView(r, sc, st.Map, whatIfAsk{})
		v.SaveName = name
		if vigil.CodeOf(err) != vigil.Invalid || v.analyse(st.Map, events) != nil {
			h.Fail(w, r, err)
			return
		}
		v.SetErrors(err)
		h.render(w, r, http.StatusUnprocessableEntity, "whatif", &v)
		return
	}
	h.SetFlash(w, "The scenario has been saved. Run it again whenever the care map changes to see what is different.")
	http.Redirect(w, r, "/caremap/scenarios/"+s.ID, http.StatusSeeOther)
}

type outcomeRow struct {
	Ref   mapRef
	Risk  riskLevel
	State string
}

type changeRow struct {
	Ref      mapRef
	Was, Now outcomeRow
}

type changesView struct {
	From, To                    int
	NewlyAtRisk, NoLongerAtRisk []outcomeRow
	Changed                     []changeRow
	Any                         bool
}

func outcomeRowOf(m *caremap.Map, o whatif.Outcome) outcomeRow {
	ref := refOf(m, o.ID)
	if ref.Href == "" {
		ref.Name = o.Name // no longer in the map: keep the name it had
	}
	return outcomeRow{Ref: ref, Risk: riskLevel(o.Risk), State: impact.StateWords(o.State, o.Untrustworthy, false)}
}

func newChangesView(m *caremap.Map, c whatif.Changes) *changesView {
	v := &changesView{From: c.FromRevision, To: c.ToRevision, Any: c.Any()}
	for _, o := range c.NewlyAtRisk {
		v.NewlyAtRisk = append(v.NewlyAtRisk, outcomeRowOf(m, o))
	}
	for _, o := range c.NoLongerAtRisk {
		v.NoLongerAtRisk = append(v.NoLongerAtRisk, outcomeRowOf(m, o))
	}
	for _, ch := range c.Changed {
		v.Changed = append(v.Changed, changeRow{Ref: refOf(m, ch.Now.ID), Was: outcomeRowOf(m, ch.Was), Now: outcomeRowOf(m, ch.Now)})
	}
	return v
}

type scenarioView struct {
	web.Layout
	ID       string
	Name     string
	Events   []string
	LastRun  *runSummary
	Revision int         // of the care map now
	Result   *impactView // set by a run
	Changes  *changesView
	First    bool // this run is the scenario's first
	CanRun   bool
}

func (h *Pages) newScenarioView(r *http.Request, sc vigil.Scope, st mapstore.Stored, s whatif.Scenario) scenarioView {
	v := scenarioView{Layout: h.Layout(r, s.Name), ID: s.ID, Name: s.Name, Events: eventsWords(st.Map, s.Events),
		LastRun: summariseRun(s.LastRun, st), Revision: st.Revision, CanRun: sc.Can(vigil.WriteScenarios)}
	v.Back = "/caremap/scenarios"
	return v
}

func (h *Pages) scenarioPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	s, err := h.whatif.Scenario(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := h.newScenarioView(r, sc, st, s)
	h.render(w, r, http.StatusOK, "scenario", &v)
}

// scenarioRun runs a scenario on today's map and shows the result with what changed
// since its last run. A target that has left the map is shown as a problem to fix.
func (h *Pages) scenarioRun(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	run, err := h.whatif.RunScenario(r.Context(), sc, r.PathValue("id"))
	if vigil.CodeOf(err) == vigil.Invalid {
		st, ok := h.currentMap(w, r, sc)
		if !ok {
			return
		}
		s, serr := h.whatif.Scenario(r.Context(), sc, r.PathValue("id"))
		if serr != nil {
			h.Fail(w, r, serr)
			return
		}
		v := h.newScenarioView(r, sc, st, s)
		v.SetErrors(err)
		h.render(w, r, http.StatusUnprocessableEntity, "scenario", &v)
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := h.newScenarioView(r, sc, run.Map, run.Scenario)
	iv := newImpactView(run.Map.Map, run.Result)
	v.Result, v.First = &iv, run.Previous == nil
	if !v.First {
		v.Changes = newChangesView(run.Map.Map, run.Changes)
	}
	h.render(w, r, http.StatusOK, "scenario", &v)
}

func (h *Pages) scenarioDelete(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, err := h.whatif.Scenario(r.Context(), sc, r.PathValue("id"))
	if err == nil {
		err = h.whatif.DeleteScenario(r.Context(), sc, s.ID)
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "The scenario "+s.Name+" has been deleted.")
	http.Redirect(w, r, "/caremap/scenarios", http.StatusSeeOther)
}
