package report

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// metricsView shows whether speaking up works, and takes simulation results.
type metricsView struct {
	web.Layout
	Metrics report.Metrics
	Kinds   []report.Kind
	Weeks   int
	Name    string // the simulation name typed, kept when the upload has problems
}

// defaultMetricWeeks is about a quarter: long enough to see a trend.
const defaultMetricWeeks = 12

// Percent writes a share as a whole percentage.
func (v *metricsView) Percent(share float64) string { return fmt.Sprintf("%.0f%%", share*100) }

// Ratio writes a ratio with one decimal place.
func (v *metricsView) Ratio(r float64) string { return fmt.Sprintf("%.1f", r) }

// SimulationRatio is one simulation's reporters per clicker.
func (v *metricsView) SimulationRatio(s report.Simulation) string {
	if r, ok := s.ReportersPerClicker(); ok {
		return v.Ratio(r)
	}
	return "nobody clicked"
}

// Duration writes a time to verdict as people say it.
func (v *metricsView) Duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "none yet"
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f hours", d.Hours())
	}
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}

func (h *Pages) reportMetrics(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showMetrics(w, r, sc, http.StatusOK, nil)
}

func (h *Pages) showMetrics(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, err error) {
	weeks := defaultMetricWeeks
	if n, perr := strconv.Atoi(r.URL.Query().Get("weeks")); perr == nil && n > 0 {
		weeks = n
	}
	m, merr := h.triage.Metrics(r.Context(), sc, weeks, h.Now())
	if merr != nil {
		h.Fail(w, r, merr)
		return
	}
	v := metricsView{Layout: h.Layout(r, "Speak-up metrics"), Metrics: m, Kinds: report.Kinds, Weeks: len(m.Weeks), Name: r.PostFormValue("name")}
	v.Back = "/triage"
	if err != nil {
		v.SetErrors(err)
	}
	h.render(w, r, status, "metrics", &v)
}

func (h *Pages) simulationImport(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	file, _, err := r.FormFile("file")
	if err != nil {
		h.showMetrics(w, r, sc, http.StatusUnprocessableEntity, vigil.InvalidFields("", map[string]string{"file": "Choose the simulation's results file (CSV)."}))
		return
	}
	defer file.Close()
	sim, err := h.triage.ImportSimulation(r.Context(), sc, r.PostFormValue("name"), file)
	if err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showMetrics(w, r, sc, http.StatusUnprocessableEntity, err)
		return
	}
	h.SetFlash(w, fmt.Sprintf("Imported %s: %d people, %d clicked, %d reported.", sim.Name, sim.Recipients, sim.Clicked, sim.Reported))
	http.Redirect(w, r, "/triage/metrics", http.StatusSeeOther)
}
