package monitoring

import (
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/web"
)

type page struct{ web.Layout }

func (h *Pages) page(r *http.Request, title string) page { return page{h.Layout(r, title)} }

// band is an alert's priority band as an NHS tag.
type band int

func (b band) Label() string { return monitor.Band(int(b)) }

func (b band) Class() string {
	switch monitor.Band(int(b)) {
	case "Patients at risk":
		return "nhsuk-tag--red"
	case "High":
		return "nhsuk-tag--orange"
	case "Medium":
		return "nhsuk-tag--yellow"
	}
	return "nhsuk-tag--grey"
}

// risk is a DCB risk level in words.
type risk int

func (r risk) Label() string {
	if r == 0 {
		return "No clinical service affected"
	}
	return impact.RiskWords(int(r))
}

func (r risk) Class() string {
	return [...]string{"nhsuk-tag--grey", "nhsuk-tag--green", "nhsuk-tag--aqua-green", "nhsuk-tag--yellow", "nhsuk-tag--orange", "nhsuk-tag--red"}[min(max(int(r), 0), 5)]
}

// option is one radio or select choice.
type option struct {
	Value, Label, Hint string
	Selected           bool
}

// ago says how long before now t was, in the words a tired person reads fastest.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	}
	return plural(int(d.Hours()/24), "day") + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// serviceRow is a service at risk as the "services-at-risk" partial shows it,
// from an alert's clinical context or an incident's continuity plan.
type serviceRow struct {
	Name             string
	Risk             int
	PatientsAffected int64
	SafeFor          string // how long the downtime procedure keeps patients safe, in words
	Procedure        string
}

func alertServices(ss []monitor.ServiceAtRisk) []serviceRow {
	out := make([]serviceRow, len(ss))
	for i, s := range ss {
		out[i] = serviceRow{Name: s.Name, Risk: s.Risk, PatientsAffected: s.PatientsAffected, Procedure: s.Downtime.Procedure}
		if s.Downtime.SafeFor > 0 {
			out[i].SafeFor = s.Downtime.SafeFor.Words()
		}
	}
	return out
}

func incidentServices(ss []incident.ServiceAtRisk) []serviceRow {
	out := make([]serviceRow, len(ss))
	for i, s := range ss {
		out[i] = serviceRow{Name: s.Name, Risk: s.Risk, PatientsAffected: s.PatientsAffected, SafeFor: s.SafeFor, Procedure: s.Procedure}
	}
	return out
}
