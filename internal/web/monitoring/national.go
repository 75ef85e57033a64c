package monitoring

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web/chart"
)

type nationalView struct {
	page
	Orgs      []nationalRow
	Incidents []nationalIncident
	// Volumes are each organisation's alerts over the last 30 days, the
	// busiest first, with a chart of the same.
	Volumes     []volumeRow
	VolumeChart template.HTML
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
	names, err := h.orgNames(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := nationalView{page: h.page(r, "National monitoring")}
	if err := h.nationalVolumes(r, sc, names, &v); err != nil {
		h.Fail(w, r, err)
		return
	}
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

// nationalVolumes adds up each organisation's alerts over the last 30 days,
// from the daily volumes that outlive the alerts themselves.
func (h *Pages) nationalVolumes(r *http.Request, sc vigil.Scope, names map[string]string, v *nationalView) error {
	from, to := h.span()
	vols, err := h.alerts.NationalVolumes(r.Context(), sc, from, to)
	if err != nil {
		return err
	}
	byOrg := map[string]*volumeRow{}
	for _, vol := range vols {
		row := byOrg[vol.OrgID]
		if row == nil {
			row = &volumeRow{Name: names[vol.OrgID]}
			byOrg[vol.OrgID] = row
		}
		row.add(vol)
	}
	for _, row := range byOrg {
		v.Volumes = append(v.Volumes, *row)
	}
	slices.SortFunc(v.Volumes, func(a, b volumeRow) int { return cmp.Or(cmp.Compare(b.Alerts, a.Alerts), cmp.Compare(a.Name, b.Name)) })
	c := chart.Bars{ID: "national-volume", Title: "Alerts in the last 30 days, by organisation", Unit: "alerts"}
	for _, row := range v.Volumes {
		c.Bars = append(c.Bars, chart.Bar{Label: row.Name, Value: float64(row.Alerts),
			Detail: fmt.Sprintf("%d with patients at risk, %d%% in the care map", row.Risk, row.MatchedPercent())})
	}
	if len(c.Bars) > 0 {
		v.VolumeChart, err = c.HTML()
	}
	return err
}
