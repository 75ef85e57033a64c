package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

type alertView struct {
	page
	Alert       monitor.Alert
	Band        band
	Clinical    monitor.Clinical
	HasClinical bool
	Risk        risk
	Lost        []serviceRow
	Corrupted   []serviceRow
	Related     []monitor.Alert
	CanTriage   bool
	CanRespond  bool
	CanMap      bool
	Open        bool
}

// alertPage shows one alert: what the tool said, the asset it names and the
// services that asset's loss or corruption would harm, with their downtime
// procedures, and what the analyst can do next.
func (h *Pages) alertPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	a, err := h.alerts.Alert(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := alertView{page: h.page(r, a.Title), Alert: a, Band: band(a.Priority),
		CanTriage: sc.Can(vigil.WriteAlerts), CanRespond: sc.Can(vigil.WriteIncidents), CanMap: sc.Can(vigil.WriteCareMap),
		Open: a.Status == monitor.Untriaged || a.Status == monitor.Triaged}
	v.Back = "/monitoring"
	if sc.Can(vigil.ReadCareMap) {
		if v.Clinical, v.HasClinical, err = h.alerts.Clinical(r.Context(), sc, a); err != nil {
			h.Fail(w, r, err)
			return
		}
		v.Risk = risk(v.Clinical.Risk)
		v.Lost, v.Corrupted = alertServices(v.Clinical.Lost), alertServices(v.Clinical.Corrupted)
	}
	if v.Related, err = h.alerts.Related(r.Context(), sc, a); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "alert", &v)
}
