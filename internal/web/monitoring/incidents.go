package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentsView struct {
	page
	Running    []incident.Incident
	Ended      []endedIncident
	CanRespond bool
}

// endedIncident is a finished incident with where its review stands.
type endedIncident struct {
	incident.Incident
	Review string // in words; empty when none is due (a false alarm)
}

// incidentList lists the incidents, those still running first.
func (h *Pages) incidentList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	all, err := h.incidents.List(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	reviews, err := h.incidents.ReviewStates(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := incidentsView{page: h.page(r, "Incidents"), CanRespond: sc.Can(vigil.WriteIncidents)}
	v.Back = "/monitoring"
	for _, i := range all {
		if i.Status.Ended() {
			e := endedIncident{Incident: i}
			switch signed, ok := reviews[i.ID]; {
			case ok && signed:
				e.Review = "review signed off"
			case ok:
				e.Review = "review not yet signed off"
			case i.Status.Reviewable():
				e.Review = "no review yet"
			}
			v.Ended = append(v.Ended, e)
		} else {
			v.Running = append(v.Running, i)
		}
	}
	h.render(w, r, http.StatusOK, "incidents", &v)
}
