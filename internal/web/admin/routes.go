// Package admin is the pages an organisation's administrators use: people and
// the staff-list import, teams and sites, API tokens, settings and the audit
// trail; and, for the national centre, the organisations Vigil serves.
package admin

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the administration pages.
type Pages struct {
	*web.Shell
	pages web.Pages
	orgs  *org.Store
	auth  *auth.Service
	audit *audit.Store
}

//go:embed templates
var templates embed.FS

// New parses the administration pages' templates and returns the section.
func New(shell *web.Shell, orgs *org.Store, authSvc *auth.Service, trail *audit.Store) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, orgs: orgs, auth: authSvc, audit: trail}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

func (h *Pages) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v web.View, err error) {
	h.RenderInvalid(w, r, h.pages, page, v, err)
}

// Routes mounts the administration pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /organisations", h.Allowed(vigil.ReadAcrossOrgs, h.organisations))

	mux.HandleFunc("GET /admin", h.Allowed(vigil.WritePeople, h.adminIndex))
	mux.HandleFunc("GET /admin/people", h.Allowed(vigil.ReadPeople, h.people))
	mux.HandleFunc("GET /admin/people/new", h.Allowed(vigil.WritePeople, h.personNewForm))
	mux.HandleFunc("POST /admin/people/new", h.Allowed(vigil.WritePeople, h.personCreate))
	mux.HandleFunc("GET /admin/people/import", h.Allowed(vigil.WritePeople, h.importForm))
	mux.HandleFunc("POST /admin/people/import", h.Allowed(vigil.WritePeople, h.importPeople))
	mux.HandleFunc("GET /admin/people/{id}", h.Allowed(vigil.ReadPeople, h.personEditForm))
	mux.HandleFunc("POST /admin/people/{id}", h.Allowed(vigil.WritePeople, h.personUpdate))
	mux.HandleFunc("POST /admin/people/{id}/password", h.Allowed(vigil.WritePeople, h.personResetPassword))
	mux.HandleFunc("GET /admin/teams", h.Allowed(vigil.ReadPeople, h.teams))
	mux.HandleFunc("POST /admin/teams", h.Allowed(vigil.WritePeople, h.teamCreate))
	mux.HandleFunc("POST /admin/sites", h.Allowed(vigil.WritePeople, h.siteCreate))
	mux.HandleFunc("GET /admin/tokens", h.Allowed(vigil.ManageTokens, h.tokens))
	mux.HandleFunc("POST /admin/tokens", h.Allowed(vigil.ManageTokens, h.tokenCreate))
	mux.HandleFunc("POST /admin/tokens/{id}/revoke", h.Allowed(vigil.ManageTokens, h.tokenRevoke))
	mux.HandleFunc("GET /admin/audit", h.Allowed(vigil.ReadAudit, h.auditLog))
	mux.HandleFunc("GET /admin/audit.csv", h.Allowed(vigil.ReadAudit, h.auditCSV))
	mux.HandleFunc("GET /admin/settings", h.Allowed(vigil.WritePeople, h.settingsForm))
	mux.HandleFunc("POST /admin/settings", h.Allowed(vigil.WritePeople, h.settingsUpdate))
}

// Nav adds the organisations list, people and administration to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	var items []web.NavItem
	if sc.Can(vigil.ReadAcrossOrgs) {
		items = append(items, web.NavItem{Text: "Organisations", Href: "/organisations"})
	}
	if sc.Can(vigil.ReadPeople) {
		items = append(items, web.NavItem{Text: "People", Href: "/admin/people"}, web.NavItem{Text: "Teams", Href: "/admin/teams"})
	}
	if sc.Can(vigil.WritePeople) {
		items = append(items, web.NavItem{Text: "Admin", Href: "/admin"})
	}
	return items
}

// Areas offer the organisations list and administration on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	var areas []web.Area
	if sc.Can(vigil.ReadAcrossOrgs) {
		areas = append(areas, web.Area{Title: "Organisations", Href: "/organisations", Description: "Every organisation Vigil serves, for the national centre."})
	}
	if sc.Can(vigil.WritePeople) {
		areas = append(areas, web.Area{Title: "Administration", Href: "/admin", Description: "People, teams, API tokens, settings and the audit trail."})
	} else if sc.Can(vigil.ReadPeople) {
		areas = append(areas, web.Area{Title: "People and teams", Href: "/admin/people", Description: "Who works where, and their roles in Vigil."})
	}
	return areas
}
