package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

// LinkIncidents lets the triage page show the incidents a report belongs
// to and link it to a running one. Without it the page offers neither.
func (h *Pages) LinkIncidents(i *incident.Incidents) { h.incidents = i }

// reportIncidents is the "Incidents" part of the triage page.
type reportIncidents struct {
	Linked []incident.Incident
	// Running are the incidents still open that the report can be linked
	// to; empty for those who may not run incidents.
	Running []incident.Incident
}

// reportIncidentsOf finds the incidents of a report, for those who may
// read incidents; nil otherwise.
func (h *Pages) reportIncidentsOf(r *http.Request, sc vigil.Scope, reportID string) (*reportIncidents, error) {
	if h.incidents == nil || !sc.Can(vigil.ReadAlerts) {
		return nil, nil
	}
	linked, err := h.incidents.LinkedTo(r.Context(), sc, incident.LinkReport, reportID)
	if err != nil {
		return nil, err
	}
	out := &reportIncidents{Linked: linked}
	if !sc.Can(vigil.WriteIncidents) {
		return out, nil
	}
	all, err := h.incidents.List(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	for _, inc := range all {
		already := false
		for _, l := range linked {
			already = already || l.ID == inc.ID
		}
		if !inc.Status.Ended() && !already {
			out.Running = append(out.Running, inc)
		}
	}
	return out, nil
}

// reportIncident links the report to the incident chosen; the incident
// page and its timeline then show it.
func (h *Pages) reportIncident(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if h.incidents == nil {
		http.NotFound(w, r)
		return
	}
	id, incidentID := r.PathValue("id"), r.PostFormValue("incident")
	if incidentID == "" {
		h.showReport(w, r, sc, http.StatusUnprocessableEntity, vigil.InvalidFields("Choose an incident.", map[string]string{"incident": "Choose the incident this report belongs to"}))
		return
	}
	if _, err := h.incidents.Link(r.Context(), sc, incidentID, []incident.LinkRef{{Kind: incident.LinkReport, ID: id}}); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Report linked to the incident.")
	http.Redirect(w, r, "/triage/reports/"+id+"#incidents", http.StatusSeeOther)
}
