package assurance

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	webchart "github.com/vigil-health/vigil/internal/web/chart"
)

// progressMonths is how many months the assessment's progress chart covers.
const progressMonths = 12

func statusClass(s framework.Status, answered bool) string {
	switch {
	case !answered:
		return "nhsuk-tag--grey"
	case s == framework.Achieved:
		return "nhsuk-tag--green"
	case s == framework.PartiallyAchieved:
		return "nhsuk-tag--yellow"
	}
	return "nhsuk-tag--red"
}

func statusLabel(s framework.Status, answered bool) string {
	if !answered {
		return "Not answered"
	}
	return s.Label()
}

func (h *Pages) assessmentHome(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	fs := h.assessments.Frameworks()
	if len(fs) == 1 {
		http.Redirect(w, r, "/assessment/"+fs[0].ID, http.StatusSeeOther)
		return
	}
	v := frameworksView{Layout: h.Layout(r, "Self-assessment"), Frameworks: fs}
	h.render(w, r, http.StatusOK, "frameworks", &v)
}

type frameworksView struct {
	web.Layout
	Frameworks []framework.Framework
}

type outcomeRow struct {
	ID, Title, Href, Status, Class string
	ActionDue                      string
	Overdue                        bool
}

type principleView struct {
	ID, Title string
	Outcomes  []outcomeRow
}

type objectiveView struct {
	ID, Title, Summary string
	Principles         []principleView
}

type assessmentView struct {
	web.Layout
	Framework  framework.Framework
	Tally      assess.Tally
	Achieved   string
	Objectives []objectiveView
	Chart      chart
	National   bool
}

func (h *Pages) framework(w http.ResponseWriter, r *http.Request) (framework.Framework, bool) {
	f, err := h.assessments.Framework(r.PathValue("framework"))
	if err != nil {
		h.Fail(w, r, err)
		return framework.Framework{}, false
	}
	return f, true
}

func (h *Pages) assessmentPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f, ok := h.framework(w, r)
	if !ok {
		return
	}
	now := h.Now()
	answers, err := h.assessments.Answers(r.Context(), sc, f.ID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	tally, progress, err := h.assessments.Progress(r.Context(), sc, f.ID, progressMonths, now)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := assessmentView{Layout: h.Layout(r, f.Title), Framework: f, Tally: tally, Achieved: webchart.Words(tally.AchievedShare(), "%"),
		National: sc.Can(vigil.ReadAcrossOrgs)}
	var pts []point
	for _, p := range progress {
		pts = append(pts, point{Day: p.At, Value: float64(p.Achieved)})
	}
	v.Chart = newChart("progress", "Outcomes achieved, month by month", "achieved", pts)
	for _, obj := range f.Objectives {
		ov := objectiveView{ID: obj.ID, Title: obj.Title, Summary: obj.Summary}
		for _, p := range obj.Principles {
			pv := principleView{ID: p.ID, Title: p.Title}
			for _, o := range p.Outcomes {
				a, answered := answers[o.ID]
				row := outcomeRow{ID: o.ID, Title: o.Title, Href: "/assessment/" + f.ID + "/outcomes/" + o.ID,
					Status: statusLabel(a.Status, answered), Class: statusClass(a.Status, answered), Overdue: a.Action.Overdue(now)}
				if !a.Action.Due.IsZero() && a.Action.Text != "" {
					row.ActionDue = a.Action.Due.Format("2 January 2006")
				}
				pv.Outcomes = append(pv.Outcomes, row)
			}
			ov.Principles = append(ov.Principles, pv)
		}
		v.Objectives = append(v.Objectives, ov)
	}
	h.render(w, r, http.StatusOK, "assessment", &v)
}

type outcomeView struct {
	web.Layout
	Framework framework.Framework
	Outcome   framework.Outcome
	Answered  bool
	Current   assess.Answer
	Status    string
	Class     string
	Offered   []evidence.Item
	History   []historyRow
	CanWrite  bool
	Statuses  []statusOption
	Form      answerForm
}

type historyRow struct {
	assess.Answer
	Label, Class string
}

type statusOption struct {
	Value, Label string
	Selected     bool
}

// answerForm is what the answer form shows: the current answer, or what was typed.
type answerForm struct {
	Status, Evidence, Notes, Action, Owner string
	Day, Month, Year                       string
}

func (h *Pages) outcomeView(r *http.Request, sc vigil.Scope, f framework.Framework, o framework.Outcome) (outcomeView, error) {
	v := outcomeView{Layout: h.Layout(r, o.ID+" "+o.Title), Framework: f, Outcome: o, CanWrite: sc.Can(vigil.WriteAssessment)}
	v.Back = "/assessment/" + f.ID
	history, err := h.assessments.History(r.Context(), sc, f.ID, o.ID)
	if err != nil {
		return v, err
	}
	for _, a := range history {
		v.History = append(v.History, historyRow{Answer: a, Label: a.Status.Label(), Class: statusClass(a.Status, true)})
	}
	if len(history) > 0 {
		v.Answered, v.Current = true, history[0]
	}
	v.Status, v.Class = statusLabel(v.Current.Status, v.Answered), statusClass(v.Current.Status, v.Answered)
	offered, errs, err := h.assessments.Offered(r.Context(), sc, h.Now())
	if err != nil {
		return v, err
	}
	for _, e := range errs {
		h.Logger.Warn("evidence could not be gathered", "err", e)
	}
	v.Offered = offered[o.ID]
	c := v.Current
	v.Form = answerForm{Status: string(c.Status), Evidence: assess.FormatEvidence(c.Evidence), Notes: c.Notes, Action: c.Action.Text, Owner: c.Action.Owner}
	if !c.Action.Due.IsZero() {
		v.Form.Day, v.Form.Month, v.Form.Year = strconv.Itoa(c.Action.Due.Day()), strconv.Itoa(int(c.Action.Due.Month())), strconv.Itoa(c.Action.Due.Year())
	}
	if !v.Answered { // a first answer starts from what Vigil already knows
		var offeredEv []assess.Evidence
		for _, it := range v.Offered {
			offeredEv = append(offeredEv, assess.Evidence{Text: it.Summary, Link: it.Link})
		}
		v.Form.Evidence = assess.FormatEvidence(offeredEv)
	}
	for i, it := range v.Offered { // offered as text to all, as a link to those who can open it
		v.Offered[i].Link = evidence.LinkFor(sc, it.Link, it.LinkNeeds)
	}
	return v, nil
}

func (v *outcomeView) statuses() {
	v.Statuses = nil
	for _, s := range framework.Statuses {
		if v.Outcome.Allows(s) {
			v.Statuses = append(v.Statuses, statusOption{Value: string(s), Label: s.Label(), Selected: string(s) == v.Form.Status})
		}
	}
}

func (h *Pages) outcome(w http.ResponseWriter, r *http.Request) (framework.Framework, framework.Outcome, bool) {
	f, ok := h.framework(w, r)
	if !ok {
		return f, framework.Outcome{}, false
	}
	o, ok := f.Outcome(r.PathValue("outcome"))
	if !ok {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such outcome in %s.", f.Title))
	}
	return f, o, ok
}

func (h *Pages) outcomePage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f, o, ok := h.outcome(w, r)
	if !ok {
		return
	}
	v, err := h.outcomeView(r, sc, f, o)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.statuses()
	h.render(w, r, http.StatusOK, "outcome", &v)
}

func (h *Pages) outcomeAnswer(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f, o, ok := h.outcome(w, r)
	if !ok {
		return
	}
	pf := r.PostForm
	form := answerForm{Status: pf.Get("status"), Evidence: pf.Get("evidence"), Notes: pf.Get("notes"), Action: pf.Get("action"),
		Owner: pf.Get("action_owner"), Day: strings.TrimSpace(pf.Get("action_due-day")), Month: strings.TrimSpace(pf.Get("action_due-month")), Year: strings.TrimSpace(pf.Get("action_due-year"))}
	problems := map[string]string{}
	ev, err := assess.ParseEvidence(form.Evidence)
	if err != nil {
		if e, ok := err.(*vigil.Error); ok {
			problems["evidence"] = e.Fields["evidence"]
		}
	}
	due, ok := dateOf(form.Day, form.Month, form.Year)
	if !ok {
		problems["action_due"] = "Enter the date the action is due as a real date, such as 30 9 2026"
	}
	d := assess.Details{Status: framework.Status(form.Status), Evidence: ev, Notes: form.Notes, Action: assess.Action{Text: form.Action, Owner: form.Owner, Due: due}}
	if len(problems) == 0 {
		_, err = h.assessments.Record(r.Context(), sc, f.ID, o.ID, d)
	} else {
		err = vigil.InvalidFields("Check the answer.", problems)
	}
	if err != nil {
		v, verr := h.outcomeView(r, sc, f, o)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.Form = form
		v.statuses()
		h.RenderInvalid(w, r, h.pages, "outcome", &v, err)
		return
	}
	h.SetFlash(w, fmt.Sprintf("%s %s: answer saved.", o.ID, o.Title))
	http.Redirect(w, r, "/assessment/"+f.ID+"#"+o.ID, http.StatusSeeOther)
}

// dateOf reads the three boxes of a date; all empty is no date.
func dateOf(day, month, year string) (time.Time, bool) {
	if day == "" && month == "" && year == "" {
		return time.Time{}, true
	}
	d, e1 := strconv.Atoi(day)
	m, e2 := strconv.Atoi(month)
	y, e3 := strconv.Atoi(year)
	if e1 != nil || e2 != nil || e3 != nil || y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

type rollupRow struct {
	Org                                      string
	Achieved, Partial, NotAchieved, Unanswer int
	Share                                    string
	Objectives                               []string
}

type rollupView struct {
	web.Layout
	Framework  framework.Framework
	Objectives []string
	Rows       []rollupRow
}

func (h *Pages) rollup(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f, ok := h.framework(w, r)
	if !ok {
		return
	}
	tallies, err := h.assessments.Rollup(r.Context(), sc, f.ID, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := rollupView{Layout: h.Layout(r, f.Title+" across organisations"), Framework: f}
	v.Back = "/assessment/" + f.ID
	for _, obj := range f.Objectives {
		v.Objectives = append(v.Objectives, obj.ID+": "+obj.Title)
	}
	for _, t := range tallies {
		row := rollupRow{Org: t.Org.Name + " (" + t.Org.Code + ")", Achieved: t.Tally.Achieved, Partial: t.Tally.Partial,
			NotAchieved: t.Tally.NotAchieved, Unanswer: t.Tally.Unanswered, Share: webchart.Words(t.Tally.AchievedShare(), "%")}
		for _, obj := range f.Objectives {
			ot := t.ByObjective[obj.ID]
			row.Objectives = append(row.Objectives, fmt.Sprintf("%d of %d", ot.Achieved, ot.Total()))
		}
		v.Rows = append(v.Rows, row)
	}
	h.render(w, r, http.StatusOK, "rollup", &v)
}
