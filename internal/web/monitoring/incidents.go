package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentsView struct {
	page
	Running, Ended []incident.Incident
	CanRespond     bool
}

// incidentList lists the incidents, those still running first.
func (h *Pages) incidentList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	all, err := h.incidents.List(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := incidentsView{page: h.page(r, "Incidents"), CanRespond: sc.Can(vigil.WriteIncidents)}
	v.Back = "/monitoring"
	for _, i := range all {
		if i.Status.Ended() {
			v.Ended = append(v.Ended, i)
		} else {
			v.Running = append(v.Running, i)
		}
	}
	h.render(w, r, http.StatusOK, "incidents", &v)
}
