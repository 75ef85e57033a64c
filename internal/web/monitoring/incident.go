package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentView struct {
	page
	Incident         incident.Incident
	Playbook         string
	Services         []serviceRow
	Security         taskList
	Clinical         taskList
	Timeline         []incident.Event
	Alerts           []monitor.Alert
	CanRespond       bool
	NextUpdateMissed bool
	Links            []incident.Linked
	// Review is the post-incident review once written; Reviewable says
	// one can be written (the incident is resolved or closed).
	Review     *incident.Review
	Reviewable bool
	// SuggestHazard offers the hazard log's suggestion drawn from this
	// incident, once it is confirmed, to those who keep the log.
	SuggestHazard bool
	// Waiting are the notifications about this incident nobody has
	// acknowledged yet: the page offers the one-click acknowledgement.
	Waiting []notify.Page
}

// incidentPage shows an incident: the clinical continuity plan first (what
// is at risk, what to do, whom to tell), then the steps of both sides of the
// response, the linked alerts and the timeline.
func (h *Pages) incidentPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := incidentView{page: h.page(r, inc.Code()+" "+inc.Title), Incident: inc, CanRespond: sc.Can(vigil.WriteIncidents),
		NextUpdateMissed: !inc.Status.Ended() && !inc.NextUpdate.IsZero() && h.Now().After(inc.NextUpdate)}
	v.Back = "/monitoring/incidents"
	v.SuggestHazard = inc.Status.Confirmed() && sc.Can(vigil.WriteHazards)
	v.Services = incidentServices(inc.Continuity.Services)
	if p, ok := incident.PlaybookByID(inc.Playbook); ok {
		v.Playbook = p.Name
	}
	tasks, err := h.incidents.Tasks(r.Context(), sc, inc.ID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.Clinical = taskList{Side: incident.Clinical, CanRespond: v.CanRespond, IncidentID: inc.ID, CSRF: v.CSRF}
	v.Security = taskList{Side: incident.Security, CanRespond: v.CanRespond, IncidentID: inc.ID, CSRF: v.CSRF}
	for _, t := range tasks {
		if t.Side == incident.Clinical {
			v.Clinical.Tasks = append(v.Clinical.Tasks, t)
		} else {
			v.Security.Tasks = append(v.Security.Tasks, t)
		}
	}
	if v.Timeline, err = h.incidents.Timeline(r.Context(), sc, inc.ID); err != nil {
		h.Fail(w, r, err)
		return
	}
	if v.Alerts, err = h.alerts.OfIncident(r.Context(), sc, inc.ID); err != nil {
		h.Fail(w, r, err)
		return
	}
	if h.Notify != nil {
		if v.Waiting, err = h.Notify.Pages(r.Context(), sc, notify.PageFilter{Waiting: true, IncidentID: inc.ID}); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	if v.Links, err = h.incidents.Links(r.Context(), sc, inc.ID); err != nil {
		h.Fail(w, r, err)
		return
	}
	v.Reviewable = inc.Status.Reviewable()
	switch rev, err := h.incidents.Review(r.Context(), sc, inc.ID); {
	case err == nil:
		v.Review = &rev
	case !vigil.IsNotFound(err):
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "incident", &v)
}

// taskList is one side's steps, for the "tasks" partial.
type taskList struct {
	Side       incident.Side
	Tasks      []incident.Task
	CanRespond bool
	IncidentID string
	CSRF       string
}
