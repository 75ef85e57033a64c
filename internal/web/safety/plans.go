package safety

import (
	"net/http"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

type planRow struct {
	ID, Code, Title, Kind, When, Decision string
	Awaiting                              bool
}

type plansView struct {
	page
	Plans    []planRow
	CanWrite bool
}

func decisionClass(d hazard.Decision) string {
	return map[hazard.Decision]string{hazard.Awaiting: "nhsuk-tag--grey", hazard.Approved: "nhsuk-tag--green",
		hazard.ApprovedWithConditions: "nhsuk-tag--yellow", hazard.Rejected: "nhsuk-tag--red"}[d]
}

func (h *Pages) planReviews(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	plans, err := h.plans.Plans(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := plansView{page: h.page(r, "Reviews of security plans"), CanWrite: sc.Can(vigil.WriteHazards)}
	for _, p := range plans {
		v.Plans = append(v.Plans, planRow{ID: p.ID, Code: p.Code(), Title: p.Title, Kind: p.Kind.Label(),
			When: hazard.Clock(p.Start) + " for " + p.Duration.Words(), Decision: p.Decision.Label(), Awaiting: p.Decision == hazard.Awaiting})
	}
	h.render(w, r, http.StatusOK, "plans", &v)
}

type planFormView struct {
	page
	Title, Description string
	Kinds              []option
	Modes              []option
	Assets             []linkGroup
	Start              dateField
	StartTime          string
	Duration           string
}

func (h *Pages) newPlanForm(r *http.Request, sc vigil.Scope, d hazard.PlanDetails) planFormView {
	v := planFormView{page: h.page(r, "Put a security plan to review"), Title: d.Title, Description: d.Description}
	v.Back = "/plan-reviews"
	for _, k := range hazard.ChangeKinds {
		v.Kinds = append(v.Kinds, option{Value: string(k), Label: k.Label(), Selected: k == d.Kind})
	}
	v.Modes = []option{
		{Value: impact.ModeUnavailable.String(), Label: "They stop working while the work is done", Selected: d.Mode == impact.ModeUnavailable},
		{Value: impact.ModeDegraded.String(), Label: "They keep working, but slower or with parts missing", Selected: d.Mode == impact.ModeDegraded},
	}
	links := make([]hazard.Link, len(d.Assets))
	for i, id := range d.Assets {
		links[i] = hazard.Link{Kind: hazard.LinkAsset, ID: id}
	}
	for _, g := range h.mapLinks(r, sc, links) {
		if g.Kind == string(hazard.LinkAsset) {
			g.Legend = "Systems and devices the change touches"
			v.Assets = append(v.Assets, g)
		}
	}
	if !d.Start.IsZero() {
		local := d.Start.In(hazard.London)
		v.Start, v.StartTime = dateFieldOf(local), local.Format("15:04")
	}
	if d.Duration > 0 {
		v.Duration = d.Duration.String()
	}
	return v
}

func (h *Pages) planNewForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := h.newPlanForm(r, sc, hazard.PlanDetails{Mode: impact.ModeUnavailable})
	h.render(w, r, http.StatusOK, "plan_form", &v)
}

func (h *Pages) planCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f := r.PostForm
	d := hazard.PlanDetails{Title: f.Get("title"), Kind: hazard.ChangeKind(f.Get("kind")), Description: f.Get("description"), Assets: f["asset"]}
	d.Mode, _ = impact.ParseMode(f.Get("mode"))
	problems := map[string]string{}
	date := dateFieldFrom(f.Get, "start")
	startTime := strings.TrimSpace(f.Get("start_time"))
	day, okDay := date.parse()
	clock, errClock := time.Parse("15:04", startTime)
	switch {
	case !okDay || day.IsZero():
		problems["start"] = "Enter the day the change starts, such as 3 3 2026"
	case errClock != nil:
		problems["start_time"] = "Enter the time it starts on the 24-hour clock, such as 02:00"
	default:
		d.Start = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, hazard.London)
	}
	durationText := strings.TrimSpace(f.Get("duration"))
	if dur, err := caremap.ParseDuration(durationText); err == nil {
		d.Duration = dur
	}
	var p hazard.Plan
	st, err := h.maps.Current(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	domain := d.Check(st.Map)
	if problems["start"] != "" || problems["start_time"] != "" {
		delete(domain, "start") // the form says what is wrong with the time more exactly
	}
	err = invalidForm("Check the plan's details.", problems, domain)
	if err == nil {
		p, err = h.plans.Create(r.Context(), sc, d)
	}
	if err != nil {
		v := h.newPlanForm(r, sc, d)
		v.Start, v.StartTime, v.Duration = date, startTime, durationText
		h.renderInvalid(w, r, "plan_form", &v, err)
		return
	}
	h.SetFlash(w, p.Code()+" is waiting for the Clinical Safety Officer's decision.")
	http.Redirect(w, r, "/plan-reviews/"+p.ID, http.StatusSeeOther)
}

type planView struct {
	page
	Plan      hazard.Plan
	Kind      string
	Window    string
	Advice    string
	Assets    []linkView
	Analysis  hazard.PlanAnalysis
	Services  []planServiceView
	Worst     risk
	Decided   bool
	Decision  string
	Class     string
	IsCSO     bool
	Decisions []option
	Note      string
}

type planServiceView struct {
	hazard.PlanService
	Level risk
}

func (h *Pages) planPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	p, err := h.plans.Plan(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.newPlanView(r, sc, p)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "plan", &v)
}

func (h *Pages) newPlanView(r *http.Request, sc vigil.Scope, p hazard.Plan) (planView, error) {
	v := planView{page: h.page(r, p.Code()+" "+p.Title), Plan: p, Kind: p.Kind.Label(), Decided: p.Decision != hazard.Awaiting,
		Decision: p.Decision.Label(), Class: decisionClass(p.Decision), IsCSO: sc.Has(vigil.ClinicalSafetyOfficer) && sc.Can(vigil.ApproveHazards)}
	v.Back = "/plan-reviews"
	if p.Decided != nil {
		v.Analysis = *p.Decided
	} else {
		a, err := h.plans.Analyse(r.Context(), sc, p)
		if err != nil && !vigil.IsNotFound(err) {
			return v, err
		}
		v.Analysis = a
	}
	v.Window = hazard.Clock(v.Analysis.Window.Start) + " to " + hazard.Clock(v.Analysis.Window.End)
	v.Advice = v.Analysis.Window.Advice()
	v.Worst = risk(v.Analysis.Worst)
	for _, s := range v.Analysis.Services {
		v.Services = append(v.Services, planServiceView{PlanService: s, Level: risk(s.Risk)})
	}
	for _, id := range p.Assets {
		v.Assets = append(v.Assets, linkView{Kind: "Asset", Title: h.mapName(r, sc, id), Href: "/caremap/assets/" + id})
	}
	for _, d := range []hazard.Decision{hazard.Approved, hazard.ApprovedWithConditions, hazard.Rejected} {
		v.Decisions = append(v.Decisions, option{Value: string(d), Label: d.Label()})
	}
	return v, nil
}

func (h *Pages) planDecide(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	p, err := h.plans.Plan(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	decision, note := hazard.Decision(r.PostFormValue("decision")), strings.TrimSpace(r.PostFormValue("note"))
	decided, err := h.plans.Decide(r.Context(), sc, p.ID, formInt(r, "version"), decision, note)
	if err != nil {
		v, verr := h.newPlanView(r, sc, p)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.Note = note
		for i := range v.Decisions {
			v.Decisions[i].Selected = v.Decisions[i].Value == string(decision)
		}
		h.renderInvalid(w, r, "plan", &v, err)
		return
	}
	h.SetFlash(w, decided.Code()+": "+strings.ToLower(decided.Decision.Label())+".")
	http.Redirect(w, r, "/plan-reviews/"+p.ID, http.StatusSeeOther)
}
