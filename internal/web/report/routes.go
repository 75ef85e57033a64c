package report

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the speak-up pages: the staff journey (one question per page,
// working without JavaScript), My reports, and triage.
type Pages struct {
	*web.Shell
	pages   web.Pages
	journey *report.Journey
	triage  *report.Triage
	orgs    *org.Store
	// incidents is set by LinkIncidents.
	incidents *incident.Incidents
}

//go:embed templates
var templates embed.FS

// New parses the speak-up pages' templates and returns the section.
func New(shell *web.Shell, journey *report.Journey, triage *report.Triage, orgs *org.Store) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, journey: journey, triage: triage, orgs: orgs}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

func (h *Pages) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v web.View, err error) {
	h.RenderInvalid(w, r, h.pages, page, v, err)
}

// Routes mounts the speak-up pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	staff := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.CreateReports, next) }
	triage := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.TriageReports, next) }

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
	mux.HandleFunc("GET "+report.MyReportsPath, staff(h.myReports))        // each report's status and verdict
	mux.HandleFunc("GET /triage", triage(h.triageQueue))                   // campaigns and reports waiting
	mux.HandleFunc("GET /triage/campaigns/{id}", triage(h.triageCampaign)) // analysis, reports, verdict
	mux.HandleFunc("POST /triage/campaigns/{id}/verdict", triage(h.campaignVerdict))
	mux.HandleFunc("POST /triage/campaigns/{id}/alert", triage(h.campaignAlert))
	mux.HandleFunc("POST /triage/campaigns/{id}/alert/withdraw", triage(h.campaignAlertWithdraw))
	mux.HandleFunc("GET /triage/reports/{id}", triage(h.triageReport)) // one report and its checklist
	mux.HandleFunc("POST /triage/reports/{id}/verdict", triage(h.reportVerdict))
	mux.HandleFunc("POST /triage/reports/{id}/checklist", triage(h.reportChecklist)) // steps done, for the next on shift
	mux.HandleFunc("POST /triage/reports/{id}/incident", triage(h.reportIncident))   // link to a running incident
	mux.HandleFunc("GET /triage/reports/{id}/email", triage(h.reportEmailDownload))  // quarantined: a download only
	mux.HandleFunc("GET /triage/metrics", triage(h.reportMetrics))
	mux.HandleFunc("POST /triage/metrics/simulations", triage(h.simulationImport))
}

// Nav adds the speak-up pages to the menu: for people who triage, the
// queue, which a phone's narrow menu must not hide (their own reports are a
// card on the home page); for everyone else, their own reports.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if sc.Can(vigil.TriageReports) {
		return []web.NavItem{{Text: "Triage", Href: "/triage"}}
	}
	return []web.NavItem{{Text: "My reports", Href: report.MyReportsPath}}
}

// Areas are the speak-up cards on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	areas := []web.Area{
		{Title: "Report something suspicious", Href: "/report", Description: "A strange e-mail, call or text, a lost smartcard, a device acting oddly. Tell us in a minute — no blame, and we will tell you what we found."},
		{Title: "My reports", Href: report.MyReportsPath, Description: "What you have reported, and what we found."},
	}
	if sc.Can(vigil.TriageReports) {
		areas = append(areas, web.Area{Title: "Reports to triage", Href: "/triage",
			Description: "Reported e-mails grouped into campaigns, and other reports, waiting for a verdict."})
	}
	return areas
}

// Notices are the "we've seen this" warnings for the home page. A failure
// to read them must not stop anyone reaching the report button, so it is
// logged and the page shows without them.
func (h *Pages) Notices(r *http.Request, sc vigil.Scope) []web.Notice {
	warnings, err := h.journey.Warnings(r.Context(), sc, h.Now())
	if err != nil {
		h.Logger.Error("read staff warnings", "err", err)
	}
	notices := make([]web.Notice, len(warnings), len(warnings)+1)
	for i, w := range warnings {
		label := "We've seen this scam"
		if w.National {
			label = "Seen across the NHS: a scam going round"
		}
		notices[i] = web.Notice{Label: label, Text: w.Text, Posted: w.PublishedAt,
			Next: `If you got it and clicked, <a href="/report">report it</a>: you are not in trouble.`}
	}
	if waiting, ok := h.waiting(r, sc); ok {
		notices = append(notices, waiting)
	}
	return notices
}

// orgSettings are the caller's organisation's settings: the service desk's
// number, and whether anonymous reports are allowed. When they cannot be
// read, the pages carry on without them (no number, no anonymity), logged.
func (h *Pages) orgSettings(r *http.Request, sc vigil.Scope) org.Settings {
	o, err := h.orgs.Organisation(r.Context(), sc, sc.OrgID)
	if err != nil {
		h.Logger.Warn("read organisation settings", "err", err)
	}
	return o.Settings
}

// draft loads the caller's unsent report named in the path, or shows why not.
func (h *Pages) draft(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (report.Report, bool) {
	d, err := h.journey.Draft(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return report.Report{}, false
	}
	return d, true
}
