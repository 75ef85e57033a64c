package monitoring

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// reviewView is the post-incident review as everyone with access reads it,
// with the forms to act on it for those who run incidents.
type reviewView struct {
	page
	Incident   incident.Incident
	Review     *incident.Review // nil until written
	Actions    []actionRow
	CanRespond bool
	// CanWrite says the review can be written now: the incident is resolved.
	CanWrite bool
	// CanAddHazard offers the one-click hazard to those who may record hazards.
	CanAddHazard bool
	Owners       []option
	// The add-an-action form, as last posted.
	ActionText, ActionDue string
}

// actionRow is one review action with its state in words.
type actionRow struct {
	incident.ReviewAction
	State, StateClass string
}

func (h *Pages) newReviewView(r *http.Request, sc vigil.Scope, inc incident.Incident, ownerID string) (reviewView, error) {
	v := reviewView{page: h.page(r, "Post-incident review of "+inc.Code()), Incident: inc, CanRespond: sc.Can(vigil.WriteIncidents)}
	v.Back = "/monitoring/incidents/" + inc.ID
	v.CanWrite = v.CanRespond && inc.Status.Reviewable()
	rev, err := h.incidents.Review(r.Context(), sc, inc.ID)
	switch {
	case vigil.IsNotFound(err):
		return v, nil
	case err != nil:
		return v, err
	}
	v.Review = &rev
	v.CanAddHazard = v.CanRespond && sc.Can(vigil.WriteHazards) && rev.HazardID == ""
	now := h.Now()
	for _, a := range rev.Actions {
		row := actionRow{ReviewAction: a, State: "Open", StateClass: "nhsuk-tag--grey"}
		switch {
		case a.Done():
			row.State, row.StateClass = "Done", "nhsuk-tag--green"
		case a.Overdue(now):
			row.State, row.StateClass = "Overdue", "nhsuk-tag--red"
		}
		v.Actions = append(v.Actions, row)
	}
	if v.CanRespond {
		people, err := h.incidents.People(r.Context(), sc)
		if err != nil {
			return v, err
		}
		v.Owners = append(v.Owners, option{Value: "", Label: "Choose a person"})
		for _, p := range people {
			v.Owners = append(v.Owners, option{Value: p.ID, Label: p.Name, Selected: p.ID == ownerID})
		}
	}
	return v, nil
}

// reviewPage shows the review: what happened and what was learned, the
// clinical impact, the actions, the sign-off and the hazard it added.
func (h *Pages) reviewPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.newReviewView(r, sc, inc, "")
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "review", &v)
}

type reviewFormView struct {
	page
	Incident incident.Incident
	Draft    incident.ReviewDraft
	Patients string // as typed, so a mistake is shown back as it was
	Downtime []option
	Signed   string // who signed the review off, when changing it undoes that
}

func (h *Pages) newReviewForm(r *http.Request, inc incident.Incident, d incident.ReviewDraft, patients string) reviewFormView {
	v := reviewFormView{page: h.page(r, "Post-incident review of "+inc.Code()), Incident: inc, Draft: d, Patients: patients}
	v.Back = "/monitoring/incidents/" + inc.ID + "/review"
	for _, u := range incident.DowntimeUses {
		v.Downtime = append(v.Downtime, option{Value: string(u), Label: u.Label(), Selected: u == d.Downtime})
	}
	return v
}

// reviewForm is the review to write or change, pre-filled for a new one
// from the timeline and the continuity plan.
func (h *Pages) reviewForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if !inc.Status.Reviewable() {
		h.Fail(w, r, vigil.Errorf(vigil.Conflict, "Write the review once %s is resolved: it is %s.", inc.Code(), strings.ToLower(inc.Status.Label())))
		return
	}
	rev, err := h.incidents.Review(r.Context(), sc, inc.ID)
	if err != nil && !vigil.IsNotFound(err) {
		h.Fail(w, r, err)
		return
	}
	d, patients := rev.ReviewDraft, strconv.Itoa(rev.PatientsAffected)
	if err != nil { // no review yet: start from the timeline
		if d, err = h.incidents.DraftReview(r.Context(), sc, inc.ID); err != nil {
			h.Fail(w, r, err)
			return
		}
		patients = "" // a new review asks; it does not suggest 0
	}
	v := h.newReviewForm(r, inc, d, patients)
	if rev.SignedOff() {
		v.Signed = rev.SignedOffBy
	}
	h.render(w, r, http.StatusOK, "review_form", &v)
}

// reviewSave saves the review.
func (h *Pages) reviewSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	f := r.PostFormValue
	patients := strings.TrimSpace(f("patients_affected"))
	d := incident.ReviewDraft{Summary: f("summary"), Highlights: f("highlights"), WentWell: f("went_well"), ToImprove: f("to_improve"),
		Lessons: f("lessons"), ServicesAffected: f("services_affected"), Downtime: incident.DowntimeUse(f("downtime")), DowntimeNotes: f("downtime_notes")}
	if d.PatientsAffected, err = strconv.Atoi(patients); err != nil {
		d.PatientsAffected = -1 // empty or not a number: the check says how to answer
	}
	if _, err := h.incidents.SaveReview(r.Context(), sc, inc.ID, d); err != nil {
		v := h.newReviewForm(r, inc, d, patients)
		h.renderInvalid(w, r, "review_form", &v, err)
		return
	}
	h.SetFlash(w, "Review saved. Ask the person who will sign it off to read it.")
	http.Redirect(w, r, "/monitoring/incidents/"+inc.ID+"/review", http.StatusSeeOther)
}

// reviewSignOff records the signed-in person's sign-off.
func (h *Pages) reviewSignOff(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	rev, err := h.incidents.SignOffReview(r.Context(), sc, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Review signed off by "+rev.SignedOffBy+".")
	http.Redirect(w, r, "/monitoring/incidents/"+id+"/review", http.StatusSeeOther)
}

// reviewActionAdd adds an action with its owner and due date.
func (h *Pages) reviewActionAdd(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	due, _ := time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("due"))) // unreadable: zero, which the service refuses
	d := incident.ActionDraft{Summary: r.PostFormValue("action"), OwnerID: r.PostFormValue("owner"), Due: due}
	if _, err := h.incidents.AddReviewAction(r.Context(), sc, inc.ID, d); err != nil {
		v, verr := h.newReviewView(r, sc, inc, d.OwnerID)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.ActionText, v.ActionDue = strings.TrimSpace(d.Summary), r.PostFormValue("due")
		h.renderInvalid(w, r, "review", &v, err)
		return
	}
	h.SetFlash(w, "Action added.")
	http.Redirect(w, r, "/monitoring/incidents/"+inc.ID+"/review#actions", http.StatusSeeOther)
}

// reviewActionDone marks an action done.
func (h *Pages) reviewActionDone(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.incidents.CompleteReviewAction(r.Context(), sc, id, r.PathValue("action")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Action marked done.")
	http.Redirect(w, r, "/monitoring/incidents/"+id+"/review#actions", http.StatusSeeOther)
}

// reviewHazard adds the incident's hazard to the clinical hazard log and
// opens it, for the Clinical Safety Officer to check and approve.
func (h *Pages) reviewHazard(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	hz, err := h.incidents.AddReviewHazard(r.Context(), sc, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, hz.Code()+" is in the clinical hazard log, drafted from this incident and its review. Check it; a Clinical Safety Officer must approve its risk assessment.")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

// textField is one long answer of the review form, for the "review-text"
// partial.
type textField struct {
	Layout                   *web.Layout
	Name, Label, Hint, Value string
}

// Describe is the textarea's aria-describedby: its hint and its error.
func (f textField) Describe() template.HTMLAttr {
	if f.Hint != "" {
		return f.Layout.Describe(f.Name, f.Name+"-hint")
	}
	return f.Layout.Describe(f.Name)
}

// Field is one long answer of the form.
func (v *reviewFormView) Field(name, label, hint, value string) textField {
	return textField{Layout: &v.Layout, Name: name, Label: label, Hint: hint, Value: value}
}
