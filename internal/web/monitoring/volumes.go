package monitoring

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web/chart"
)

// volumeDays is how many days the volume pages show, today included.
const volumeDays = 30

type volumesView struct {
	page
	Chart   template.HTML
	Sources []volumeRow
	Total   volumeRow
	Days    int
}

// volumeRow is the alerts of one source, or one organisation, over the days.
type volumeRow struct {
	Name               string
	Alerts, Risk, High int
	Matched            int
	Busiest            string // the busiest day, "29 Nov (42)"
	busiestOn          int
	byDay              map[string]int
}

func (r *volumeRow) add(v monitor.Volume) {
	r.Alerts += v.Alerts
	r.Matched += v.Matched
	switch v.Band {
	case "patients-at-risk":
		r.Risk += v.Alerts
	case "high":
		r.High += v.Alerts
	}
	if r.byDay == nil {
		r.byDay = map[string]int{}
	}
	day := v.Day.Format(time.DateOnly)
	r.byDay[day] += v.Alerts
	if n := r.byDay[day]; n > r.busiestOn {
		r.busiestOn, r.Busiest = n, fmt.Sprintf("%s (%d)", v.Day.Format("2 Jan"), n)
	}
}

// MatchedPercent is the share of alerts tied to a care-map asset.
func (r volumeRow) MatchedPercent() int {
	if r.Alerts == 0 {
		return 0
	}
	return r.Matched * 100 / r.Alerts
}

// span is the volume pages' days: volumeDays ending today (UTC).
func (h *Pages) span() (from, to time.Time) {
	to = h.Now().UTC()
	return to.AddDate(0, 0, 1-volumeDays), to
}

// volumeChart draws the alerts of each day, the patients-at-risk band hatched.
func volumeChart(id, title string, vols []monitor.Volume, to time.Time) (template.HTML, error) {
	c := chart.Columns{ID: id, Title: title, Unit: "alerts", PartLabel: "patients at risk"}
	for _, d := range monitor.Daily(vols, to, volumeDays) {
		risk := d.ByBand["patients-at-risk"]
		c.Columns = append(c.Columns, chart.Column{Label: d.Day.Format("2 Jan"), Value: float64(d.Alerts), Part: float64(risk),
			Detail: fmt.Sprintf("%s, %d with patients at risk, %d not in the care map", plural(d.Alerts, "alert"), risk, d.Alerts-d.Matched)})
	}
	return c.HTML()
}

// volumes shows the organisation's alerts a day over 30 days, by source.
func (h *Pages) volumes(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	from, to := h.span()
	vols, err := h.alerts.Volumes(r.Context(), sc, from, to)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := volumesView{page: h.page(r, "Alert volumes"), Days: volumeDays}
	v.Back = "/monitoring"
	if v.Chart, err = volumeChart("alert-volume", "Alerts a day, last 30 days", vols, to); err != nil {
		h.Fail(w, r, err)
		return
	}
	bySource := map[string]*volumeRow{}
	for _, vol := range vols {
		row := bySource[vol.SourceID]
		if row == nil {
			row = &volumeRow{Name: vol.Source}
			bySource[vol.SourceID] = row
		}
		row.add(vol)
		v.Total.add(vol)
	}
	for _, row := range bySource {
		v.Sources = append(v.Sources, *row)
	}
	slices.SortFunc(v.Sources, func(a, b volumeRow) int { return cmp.Or(cmp.Compare(b.Alerts, a.Alerts), cmp.Compare(a.Name, b.Name)) })
	h.render(w, r, http.StatusOK, "volumes", &v)
}

// volumesCSV is the organisation's daily volumes as CSV: 30 days, or
// ?days= up to a year.
func (h *Pages) volumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.writeVolumesCSV(w, r, sc, "alert-volumes.csv", h.alerts.Volumes)
}

// nationalVolumesCSV is every organisation's daily volumes as CSV.
func (h *Pages) nationalVolumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.writeVolumesCSV(w, r, sc, "national-alert-volumes.csv", h.alerts.NationalVolumes)
}

type volumeReader func(ctx context.Context, sc vigil.Scope, from, to time.Time) ([]monitor.Volume, error)

func (h *Pages) writeVolumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope, name string, read volumeReader) {
	days := volumeDays
	if raw := r.URL.Query().Get("days"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > monitor.MaxVolumeDays {
			h.Fail(w, r, vigil.InvalidFields(fmt.Sprintf("Ask for between 1 and %d days.", monitor.MaxVolumeDays), map[string]string{"days": "a whole number of days"}))
			return
		}
		days = n
	}
	to := h.Now().UTC()
	vols, err := read(r.Context(), sc, to.AddDate(0, 0, 1-days), to)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	names, err := h.orgNames(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if err := monitor.WriteVolumesCSV(w, vols, func(id string) string { return names[id] }); err != nil {
		h.Logger.Warn("write the alert volumes CSV", "err", err)
	}
}

// orgNames are the names of the organisations the caller may read, by id,
// as "Name (CODE)".
func (h *Pages) orgNames(r *http.Request, sc vigil.Scope) (map[string]string, error) {
	orgs, err := h.orgs.Organisations(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name + " (" + o.Code + ")"
	}
	return names, nil
}
