// Package monitoring holds the 24/7 monitoring pages: the alert queue ranked
// by clinical harm, one alert with the services it puts at risk, incidents
// with their continuity plans, the health of the alert sources, a plain
// summary of an incident for clinical teams, and the national centre's view.
package monitoring

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the monitoring pages.
type Pages struct {
	*web.Shell
	pages     web.Pages
	alerts    *monitor.Monitor
	incidents *incident.Incidents
	maps      *mapstore.Store
	orgs      *org.Store
	// Notify is set when notifications are available: the rules, webhooks
	// and rota pages, and the acknowledge button on incidents.
	Notify *notify.Service
}

//go:embed templates
var templates embed.FS

// New parses the monitoring pages' templates and returns the section.
func New(shell *web.Shell, alerts *monitor.Monitor, incidents *incident.Incidents, maps *mapstore.Store, orgs *org.Store) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, alerts: alerts, incidents: incidents, maps: maps, orgs: orgs}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

func (h *Pages) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v web.View, err error) {
	h.RenderInvalid(w, r, h.pages, page, v, err)
}

// Routes mounts the monitoring pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	read := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadAlerts, next) }
	triage := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteAlerts, next) }
	respond := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteIncidents, next) }

	mux.HandleFunc("GET /monitoring", read(h.queue))                                                         // open alerts, most harm first
	mux.HandleFunc("GET /monitoring/alerts/{id}", read(h.alertPage))                                         // the asset, services at risk
	mux.HandleFunc("POST /monitoring/alerts/{id}/status", triage(h.alertStatus))                             // triaged or dismissed
	mux.HandleFunc("GET /monitoring/incidents", read(h.incidentList))                                        // running first
	mux.HandleFunc("GET /monitoring/incidents/new", respond(h.incidentNewForm))                              // ?alert=: from an alert
	mux.HandleFunc("POST /monitoring/incidents/new", respond(h.incidentCreate))                              //
	mux.HandleFunc("GET /monitoring/incidents/{id}", read(h.incidentPage))                                   // response and continuity
	mux.HandleFunc("GET /monitoring/incidents/{id}/update", respond(h.incidentUpdateForm))                   // note, status, next update
	mux.HandleFunc("POST /monitoring/incidents/{id}/update", respond(h.incidentUpdate))                      //
	mux.HandleFunc("POST /monitoring/incidents/{id}/tasks/{task}", respond(h.incidentTaskDone))              // a step done
	mux.HandleFunc("GET /monitoring/incidents/{id}/links", respond(h.linkForm))                              // recent reports and findings
	mux.HandleFunc("POST /monitoring/incidents/{id}/links", respond(h.link))                                 //
	mux.HandleFunc("GET /monitoring/incidents/{id}/review", read(h.reviewPage))                              // lessons, actions, sign-off
	mux.HandleFunc("GET /monitoring/incidents/{id}/review/edit", respond(h.reviewForm))                      // write or change it
	mux.HandleFunc("POST /monitoring/incidents/{id}/review/edit", respond(h.reviewSave))                     //
	mux.HandleFunc("POST /monitoring/incidents/{id}/review/signoff", respond(h.reviewSignOff))               // a named person signs it off
	mux.HandleFunc("POST /monitoring/incidents/{id}/review/actions", respond(h.reviewActionAdd))             // owner and due date
	mux.HandleFunc("POST /monitoring/incidents/{id}/review/actions/{action}", respond(h.reviewActionDone))   // an action done
	mux.HandleFunc("POST /monitoring/incidents/{id}/review/hazard", respond(h.reviewHazard))                 // into the hazard log
	mux.HandleFunc("GET /monitoring/incidents/{id}/summary", h.Allowed(vigil.ReadOrganisation, h.briefing))  // for clinical teams
	mux.HandleFunc("GET /monitoring/sources", read(h.sourceList))                                            // last heard, silent
	mux.HandleFunc("POST /monitoring/sources/{id}", triage(h.sourceExpect))                                  // how often it should send
	mux.HandleFunc("GET /monitoring/national", h.Allowed(vigil.ReadAcrossOrgs, h.national))                  // every organisation
	mux.HandleFunc("GET /monitoring/alerts/{id}/caremap", h.Allowed(vigil.WriteCareMap, h.alertCareMapForm)) // an unmatched host: which system?
	mux.HandleFunc("POST /monitoring/alerts/{id}/caremap", h.Allowed(vigil.WriteCareMap, h.alertCareMap))    //
	h.notifyRoutes(mux, read, respond)

	mux.HandleFunc("GET /monitoring/volumes", read(h.volumes))                                                    // alerts a day, 30 days
	mux.HandleFunc("GET /monitoring/volumes.csv", read(h.volumesCSV))                                             // ?days=
	mux.HandleFunc("GET /monitoring/national/volumes.csv", h.Allowed(vigil.ReadAcrossOrgs, h.nationalVolumesCSV)) // every organisation
	h.ackLinkRoutes(mux)                                                                                          // from the e-mail, no sign-in
	mux.HandleFunc("POST /monitoring/incidents/{id}/links/{kind}/{target}/remove", respond(h.unlink))             // linked by mistake
}

// Nav adds monitoring to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if !sc.Can(vigil.ReadAlerts) {
		return nil
	}
	return []web.NavItem{{Text: "Monitoring", Href: "/monitoring"}}
}

// Areas offer the monitoring pages on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	var out []web.Area
	if sc.Can(vigil.ReadAlerts) {
		out = append(out,
			web.Area{Title: "Security alerts", Href: "/monitoring", Description: "Alerts from your detection tools, tied to the care map and ranked by the harm they could do to patients."},
			web.Area{Title: "Incidents", Href: "/monitoring/incidents", Description: "The security response and the clinical continuity plan of each incident: services at risk, downtime procedures, who to tell."})
	}
	if sc.Can(vigil.ReadAcrossOrgs) {
		out = append(out, web.Area{Title: "National monitoring", Href: "/monitoring/national", Description: "Alert volumes, silent sources and running incidents across organisations."})
	}
	return out
}
