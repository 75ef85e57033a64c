package caremap

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// whatIfAsk is the what-if form: one or more targets, one mode and one duration for all.
// It travels in the query string, so a result can be bookmarked, shared and reloaded.
type whatIfAsk struct {
	Targets  []string
	Mode     string
	Duration string
}

// maxWhatIfTargets bounds a form so a crafted query cannot ask for a huge analysis.
const maxWhatIfTargets = 200

func askFrom(q url.Values) whatIfAsk {
	a := whatIfAsk{Mode: q.Get("mode"), Duration: strings.TrimSpace(q.Get("duration"))}
	for _, t := range q["target"] {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(a.Targets, t) {
			a.Targets = append(a.Targets, t)
		}
	}
	return a
}

// durationUnits are the units people type, as the care map writes them.
var durationUnits = map[string]string{
	"m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
	"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
	"d": "d", "day": "d", "days": "d",
	"w": "w", "week": "w", "weeks": "w",
}

// spokenDuration turns "14 days" or "8 hours" into the care map's 14d or
// 8h; anything else is left for ParseDuration to judge.
func spokenDuration(s string) string {
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) != 2 {
		return s
	}
	if unit, ok := durationUnits[fields[1]]; ok {
		return fields[0] + unit
	}
	return s
}

// events checks the form against the map and turns it into events, or says every problem
// by form field.
func (a whatIfAsk) events(m *caremap.Map) ([]impact.Event, error) {
	problems := map[string]string{}
	var unknown []string
	for _, t := range a.Targets {
		if _, ok := m.TypeOf(t); !ok {
			unknown = append(unknown, t)
		}
	}
	switch {
	case len(a.Targets) == 0:
		problems["targets"] = "Choose at least one system, device, supplier or service"
	case len(a.Targets) > maxWhatIfTargets:
		problems["targets"] = fmt.Sprintf("Choose up to %d at once", maxWhatIfTargets)
	case len(unknown) > 0:
		problems["targets"] = "These are not in the care map: " + strings.Join(unknown, ", ")
	}
	mode, err := impact.ParseMode(a.Mode)
	if err != nil {
		problems["mode"] = "Choose what happens to them"
	}
	d, err := caremap.ParseDuration(spokenDuration(a.Duration))
	if err != nil {
		problems["duration"] = "Enter how long it lasts, such as 8 hours or 14 days"
	}
	if len(problems) > 0 {
		return nil, vigil.InvalidFields("Check what you asked.", problems)
	}
	out := make([]impact.Event, len(a.Targets))
	for i, t := range a.Targets {
		out[i] = impact.Event{Target: t, Mode: mode, Duration: d}
	}
	return out, nil
}

type targetOption struct {
	ID, Name string
	Checked  bool
}

type targetGroup struct {
	Legend  string
	Options []targetOption
}

type modeOption struct {
	Value, Label, Hint string
}

var whatIfModes = []modeOption{
	{"unavailable", "It stops working", "Down, switched off, or locked by ransomware"},
	{"degraded", "It works, but only partly", "Slow, some features gone, or only some sites"},
	{"integrity", "Its data cannot be trusted", "Changed, corrupted or wrong results"},
	{"confidentiality", "Its data is exposed", "Stolen or leaked patient or staff data"},
}

type whatIfView struct {
	web.Layout
	Ask      whatIfAsk
	Groups   []targetGroup
	Modes    []modeOption
	Result   *impactView
	Events   []string // the result's events as target:mode:duration, for saving
	SaveName string
	CanSave  bool
}

func (h *Pages) newWhatIfView(r *http.Request, sc vigil.Scope, m *caremap.Map, ask whatIfAsk) whatIfView {
	v := whatIfView{Layout: h.Layout(r, "What if?"), Ask: ask, Modes: whatIfModes, CanSave: sc.Can(vigil.WriteScenarios)}
	v.Back = "/caremap"
	if v.Ask.Mode == "" {
		v.Ask.Mode = "unavailable"
	}
	if v.Ask.Duration == "" {
		v.Ask.Duration = "24h"
	}
	g := m.Graph()
	group := func(legend string, from, to int) {
		tg := targetGroup{Legend: legend}
		for i := from; i < to; i++ {
			id := g.ID(i)
			tg.Options = append(tg.Options, targetOption{ID: id, Name: m.NameOf(i), Checked: slices.Contains(ask.Targets, id)})
		}
		// In alphabetical order, as people look for a name.
		slices.SortStableFunc(tg.Options, func(a, b targetOption) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
		v.Groups = append(v.Groups, tg)
	}
	// Graph nodes are services, then assets, then suppliers.
	ns, na := g.Services(), g.Assets()
	group("Systems, networks and devices", ns, ns+na)
	group("Suppliers", ns+na, g.Len())
	group("Clinical services", 0, ns)
	return v
}

// whatIf shows the form and, once it has been filled in, what would happen.
func (h *Pages) whatIf(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	ask := askFrom(r.URL.Query())
	v := h.newWhatIfView(r, sc, st.Map, ask)
	if !r.URL.Query().Has("target") && !r.URL.Query().Has("mode") {
		h.render(w, r, http.StatusOK, "whatif", &v)
		return
	}
	events, err := ask.events(st.Map)
	if err == nil {
		err = v.analyse(st.Map, events)
	}
	if err != nil {
		h.renderInvalid(w, r, "whatif", &v, err)
		return
	}
	h.render(w, r, http.StatusOK, "whatif", &v)
}

// analyse fills in the result of events and a name to save them under.
func (v *whatIfView) analyse(m *caremap.Map, events []impact.Event) error {
	res, err := impact.Analyse(m, events)
	if err != nil {
		return err
	}
	iv := newImpactView(m, res)
	v.Result = &iv
	v.Title = "What if: " + iv.Asked[0]
	v.Events = v.Events[:0]
	for _, e := range events {
		v.Events = append(v.Events, e.String())
	}
	if v.SaveName == "" {
		v.SaveName = capitalise(iv.Asked[0])
		if len(iv.Asked) > 1 {
			v.SaveName += fmt.Sprintf(", and %d more", len(iv.Asked)-1)
		}
	}
	return nil
}
