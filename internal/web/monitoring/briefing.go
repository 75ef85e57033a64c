package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

type briefingView struct {
	page
	Incident incident.Incident
	Down     []serviceRow // lost: start the downtime procedure
	Affected []serviceRow // degraded, untrustworthy or exposed
}

// briefing is the incident in plain English for site managers and clinical
// leads: what is down, what to do, and when they will next hear. Any member
// of staff of the organisation may read it; it leaves out the security detail.
func (h *Pages) briefing(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Briefing(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := briefingView{page: h.page(r, "What is happening: "+inc.Title), Incident: inc}
	for _, s := range inc.Continuity.Services {
		row := incidentServices([]incident.ServiceAtRisk{s})[0]
		if s.State == "lost" {
			v.Down = append(v.Down, row)
		} else {
			v.Affected = append(v.Affected, row)
		}
	}
	h.render(w, r, http.StatusOK, "briefing", &v)
}
