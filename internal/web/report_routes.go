package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// reportRoutes mounts the speak-up pages: the staff journey (one question
// per page, working without JavaScript), My reports, and triage.
func (h *Handler) reportRoutes(mux *http.ServeMux) {
	staff := func(next scopedHandler) http.HandlerFunc { return h.allowed(vigil.CreateReports, next) }
	triage := func(next scopedHandler) http.HandlerFunc { return h.allowed(vigil.TriageReports, next) }

	mux.HandleFunc("GET /report", staff(h.reportStart))              // what happened?
	mux.HandleFunc("POST /report", staff(h.reportCreate))            // starts a draft
	mux.HandleFunc("GET /report/{id}/kind", staff(h.reportKindForm)) // what happened? again
	mux.HandleFunc("POST /report/{id}/kind", staff(h.reportKindChange))
	mux.HandleFunc("GET /report/{id}/details", staff(h.reportDetailsForm)) // the questions for that kind
	mux.HandleFunc("POST /report/{id}/details", staff(h.reportDetailsSave))
	mux.HandleFunc("GET /report/{id}/name", staff(h.reportNameForm)) // give your name? (if allowed)
	mux.HandleFunc("POST /report/{id}/name", staff(h.reportNameSave))
	mux.HandleFunc("GET /report/{id}/check", staff(h.reportCheck)) // check your answers
	mux.HandleFunc("POST /report/{id}/send", staff(h.reportSend))
	mux.HandleFunc("GET /report/{id}/sent", staff(h.reportSent))           // confirmation
	mux.HandleFunc("GET /my-reports", staff(h.myReports))                  // each report's status and verdict
	mux.HandleFunc("GET /triage", triage(h.triageQueue))                   // campaigns and reports waiting
	mux.HandleFunc("GET /triage/campaigns/{id}", triage(h.triageCampaign)) // analysis, reports, verdict
	mux.HandleFunc("POST /triage/campaigns/{id}/verdict", triage(h.campaignVerdict))
	mux.HandleFunc("POST /triage/campaigns/{id}/alert", triage(h.campaignAlert))
	mux.HandleFunc("POST /triage/campaigns/{id}/alert/withdraw", triage(h.campaignAlertWithdraw))
	mux.HandleFunc("GET /triage/reports/{id}", triage(h.triageReport)) // one report and its checklist
	mux.HandleFunc("POST /triage/reports/{id}/verdict", triage(h.reportVerdict))
	mux.HandleFunc("GET /triage/reports/{id}/email", triage(h.reportEmailDownload)) // quarantined: a download only
	mux.HandleFunc("GET /triage/metrics", triage(h.reportMetrics))
	mux.HandleFunc("POST /triage/metrics/simulations", triage(h.simulationImport))
}

// reportNav adds the speak-up pages to the menu.
func reportNav(sc vigil.Scope) []navItem {
	items := []navItem{{Text: "My reports", Href: "/my-reports"}}
	if sc.Can(vigil.TriageReports) {
		items = append(items, navItem{Text: "Triage", Href: "/triage"})
	}
	return items
}

// reportAreas are the speak-up cards on the home page beyond "Report".
func reportAreas(sc vigil.Scope) []area {
	areas := []area{{Title: "My reports", Href: "/my-reports", Description: "What you have reported, and what we found."}}
	if sc.Can(vigil.TriageReports) {
		areas = append(areas, area{Title: "Reports to triage", Href: "/triage",
			Description: "Reported e-mails grouped into campaigns, and other reports, waiting for a verdict."})
	}
	return areas
}

// reportAlerts are the "we've seen this" warnings for the home page. A
// failure to read them must not stop anyone reaching the report button, so
// it is logged and the page shows without them.
func (h *Handler) reportAlerts(r *http.Request, sc vigil.Scope) []report.Warning {
	alerts, err := h.Journey.Warnings(r.Context(), sc, store.Now())
	if err != nil {
		h.Logger.Error("read staff alerts", "err", err)
	}
	return alerts
}

// orgSettings are the caller's organisation's settings: the service desk's
// number, and whether anonymous reports are allowed. When they cannot be
// read, the pages carry on without them (no number, no anonymity), logged.
func (h *Handler) orgSettings(r *http.Request, sc vigil.Scope) org.Settings {
	o, err := h.Orgs.Organisation(r.Context(), sc, sc.OrgID)
	if err != nil {
		h.Logger.Warn("read organisation settings", "err", err)
	}
	return o.Settings
}

// draft loads the caller's unsent report named in the path, or shows why not.
func (h *Handler) draft(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (report.Report, bool) {
	d, err := h.Journey.Draft(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return report.Report{}, false
	}
	return d, true
}
