package monitoring

import (
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentFormView struct {
	page
	Alert      *monitor.Alert
	Title      string
	Playbooks  []option
	Severities []option
	Assets     []option
}

func (h *Pages) newIncidentForm(r *http.Request, sc vigil.Scope, a *monitor.Alert, d incident.Draft) incidentFormView {
	v := incidentFormView{page: h.page(r, "Open an incident"), Alert: a, Title: d.Title}
	v.Back = "/monitoring/incidents"
	if a != nil {
		v.Back = "/monitoring/alerts/" + a.ID
	}
	for _, p := range incident.Playbooks {
		v.Playbooks = append(v.Playbooks, option{Value: p.ID, Label: p.Name, Hint: p.Summary, Selected: p.ID == d.Playbook})
	}
	for s := alert.Critical; s >= alert.Low; s-- {
		v.Severities = append(v.Severities, option{Value: s.String(), Label: strings.ToUpper(s.String()[:1]) + s.String()[1:], Selected: s == d.Severity})
	}
	if a == nil && sc.Can(vigil.ReadCareMap) {
		if m, err := h.maps.Map(r.Context(), sc); err == nil {
			for _, as := range m.Assets {
				v.Assets = append(v.Assets, option{Value: as.ID, Label: as.Name, Selected: slices.Contains(d.AssetIDs, as.ID)})
			}
		}
	}
	return v
}

// incidentNewForm asks what kind of incident it is and how severe; from an
// alert, its asset and related alerts come with it.
func (h *Pages) incidentNewForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := incident.Draft{Severity: alert.High}
	var a *monitor.Alert
	if id := r.URL.Query().Get("alert"); id != "" {
		got, err := h.alerts.Alert(r.Context(), sc, id)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		a, d.Title, d.Severity = &got, got.Title, max(got.Severity, alert.Low)
	}
	v := h.newIncidentForm(r, sc, a, d)
	h.render(w, r, http.StatusOK, "incident_new", &v)
}

// incidentCreate opens the incident and shows it.
func (h *Pages) incidentCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := r.ParseForm(); err != nil {
		h.Fail(w, r, vigil.Errorf(vigil.Invalid, "The form could not be read."))
		return
	}
	sev, _ := alert.ParseSeverity(r.PostFormValue("severity"))
	d := incident.Draft{Title: r.PostFormValue("title"), Playbook: r.PostFormValue("playbook"), Severity: sev, AssetIDs: r.PostForm["asset"]}
	var a *monitor.Alert
	if id := r.PostFormValue("alert"); id != "" {
		got, err := h.alerts.Alert(r.Context(), sc, id)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		a, d.AlertIDs = &got, []string{got.ID}
	}
	inc, err := h.incidents.Open(r.Context(), sc, d)
	if err != nil {
		v := h.newIncidentForm(r, sc, a, d)
		h.renderInvalid(w, r, "incident_new", &v, err)
		return
	}
	h.SetFlash(w, inc.Code()+" is open. Start with the clinical steps: tell the people below.")
	http.Redirect(w, r, "/monitoring/incidents/"+inc.ID, http.StatusSeeOther)
}
