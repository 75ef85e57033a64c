package monitoring

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentUpdateView struct {
	page
	Incident incident.Incident
	Note     string
	IsAction bool
	Statuses []option
	Next     []option
	Owners   []option // who may run incidents; the current owner chosen
}

// nextUpdateChoices are the promises an analyst can make to clinical teams.
var nextUpdateChoices = []int{0, 1, 2, 4, 8, 24}

func (h *Pages) newIncidentUpdateForm(r *http.Request, sc vigil.Scope, inc incident.Incident, status incident.Status, hours int, owner string) (incidentUpdateView, error) {
	v := incidentUpdateView{page: h.page(r, "Update "+inc.Code()), Incident: inc}
	owners, err := h.incidents.Owners(r.Context(), sc)
	if err != nil {
		return v, err
	}
	if owner == "" {
		owner = inc.OwnerID
	}
	if !slices.ContainsFunc(owners, func(o org.Holder) bool { return o.ID == inc.OwnerID }) {
		// The owner may have lost the role since; keep them on the list so
		// the form does not change the owner unasked.
		v.Owners = append(v.Owners, option{Value: inc.OwnerID, Label: inc.OwnerName, Selected: owner == inc.OwnerID})
	}
	for _, o := range owners {
		v.Owners = append(v.Owners, option{Value: o.ID, Label: o.Name, Selected: o.ID == owner})
	}
	v.Back = "/monitoring/incidents/" + inc.ID
	for _, s := range incident.Statuses {
		v.Statuses = append(v.Statuses, option{Value: string(s), Label: s.Label(), Selected: s == status})
	}
	for _, n := range nextUpdateChoices {
		label := "Keep the time already given"
		if n > 0 {
			label = "In " + plural(n, "hour")
		}
		v.Next = append(v.Next, option{Value: strconv.Itoa(n), Label: label, Selected: n == hours})
	}
	return v, nil
}

// incidentUpdateForm asks what happened, the status now, and when clinical
// teams will next hear.
func (h *Pages) incidentUpdateForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.newIncidentUpdateForm(r, sc, inc, inc.Status, 0, "")
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "incident_update", &v)
}

// incidentUpdate adds the update to the timeline.
func (h *Pages) incidentUpdate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	hours, _ := strconv.Atoi(r.PostFormValue("next"))
	if !slices.Contains(nextUpdateChoices, hours) {
		hours = 0
	}
	u := incident.Update{Note: r.PostFormValue("note"), IsAction: r.PostFormValue("kind") == "action", Status: incident.Status(r.PostFormValue("status")),
		OwnerID: r.PostFormValue("owner")}
	if hours > 0 {
		u.NextUpdate = h.Now().Add(time.Duration(hours) * time.Hour)
	}
	saved, err := h.incidents.Record(r.Context(), sc, inc.ID, u)
	if err != nil {
		v, ferr := h.newIncidentUpdateForm(r, sc, inc, u.Status, hours, u.OwnerID)
		if ferr != nil {
			h.Fail(w, r, ferr)
			return
		}
		v.Note, v.IsAction = strings.TrimSpace(u.Note), u.IsAction
		h.renderInvalid(w, r, "incident_update", &v, err)
		return
	}
	h.SetFlash(w, saved.Code()+" updated. It is "+strings.ToLower(saved.Status.Label())+".")
	http.Redirect(w, r, "/monitoring/incidents/"+inc.ID, http.StatusSeeOther)
}
