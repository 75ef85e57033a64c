package monitoring

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

type nationalView struct {
	page
	Orgs      []nationalRow
	Incidents []nationalIncident
}

type nationalRow struct {
	monitor.OrgActivity
	Name string
}

type nationalIncident struct {
	incident.Incident
	OrgName string
}

// national shows the centre every organisation's alert volumes, what waits,
// silent sources and running incidents, the most pressing first.
func (h *Pages) national(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	activity, err := h.alerts.National(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	running, err := h.incidents.Running(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	orgs, err := h.orgs.Organisations(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name + " (" + o.Code + ")"
	}
	v := nationalView{page: h.page(r, "National monitoring")}
	for _, a := range activity {
		v.Orgs = append(v.Orgs, nationalRow{OrgActivity: a, Name: names[a.OrgID]})
	}
	slices.SortFunc(v.Orgs, func(a, b nationalRow) int {
		return cmp.Or(cmp.Compare(b.PatientRisk, a.PatientRisk), cmp.Compare(b.Silent, a.Silent), cmp.Compare(b.LastDay, a.LastDay), cmp.Compare(a.Name, b.Name))
	})
	for _, i := range running {
		v.Incidents = append(v.Incidents, nationalIncident{Incident: i, OrgName: names[i.OrgID]})
	}
	h.render(w, r, http.StatusOK, "national", &v)
}
