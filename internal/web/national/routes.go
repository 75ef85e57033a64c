// Package national is the national centre's pages: what it sees across the
// organisations Vigil serves, starting with the lures reported in more than
// one of them.
package national

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Pages are the national centre's pages.
type Pages struct {
	*web.Shell
	pages   web.Pages
	triage  *report.Triage
	whatIfs *whatif.Service
}

//go:embed templates
var templates embed.FS

// New parses the national centre's templates and returns the section.
func New(shell *web.Shell, triage *report.Triage, whatIfs *whatif.Service) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, triage: triage, whatIfs: whatIfs}, nil
}

// Routes mounts the national centre's pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	across := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadAcrossOrgs, next) }

	mux.HandleFunc("GET /national/campaigns", across(h.campaigns))     // lures reported in several organisations
	mux.HandleFunc("GET /national/campaigns/{id}", across(h.campaign)) // one lure, its organisations, the centre's verdict
	mux.HandleFunc("POST /national/campaigns/{id}/verdict", h.Allowed(vigil.WarnAcrossOrgs, h.campaignVerdict))
	mux.HandleFunc("GET /national/what-if", across(h.whatIf))        // a supplier or product down: which organisations, services and patients
	mux.HandleFunc("GET /national/what-if.csv", across(h.whatIfCSV)) // the same answer, every service, as a spreadsheet
}

// Nav adds the national campaigns to the centre's menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if !sc.Can(vigil.ReadAcrossOrgs) {
		return nil
	}
	return []web.NavItem{{Text: "National campaigns", Href: "/national/campaigns"}, {Text: "National what if", Href: "/national/what-if"}}
}

// Areas offer the national campaigns on the centre's home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	if !sc.Can(vigil.ReadAcrossOrgs) {
		return nil
	}
	return []web.Area{{Title: "National campaigns", Href: "/national/campaigns",
		Description: "Scam e-mails reported in more than one organisation, and the centre's verdict that warns their staff."},
		{Title: "National what if", Href: "/national/what-if",
			Description: "If a supplier or product stopped working for days: which organisations, services and patients would be hit, and when their downtime procedures run out."}}
}
