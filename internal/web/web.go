// Package web serves Vigil's pages: server-rendered HTML with the NHS.UK
// frontend, working without JavaScript, one file per page or journey.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Deps are what the pages need.
type Deps struct {
	Audit        *audit.Store
	Auth         *auth.Service
	Orgs         *org.Store
	Journey      *report.Journey
	Triage       *report.Triage
	CareMaps     *mapstore.Store
	WhatIf       *whatif.Service
	OIDC         *auth.OIDC // nil when OIDC sign-in is not configured
	Logger       *slog.Logger
	Version      string
	SecureCookie bool // mark cookies Secure (served over HTTPS)
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
}

// Handler serves the pages.
type Handler struct {
	Deps
	pages pages
}

// New parses every template (a missing one fails here, at start-up) and
// returns the page handler.
func New(d Deps) (*Handler, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Handler{Deps: d, pages: p}, nil
}

// Routes mounts the pages on mux. Read it as the site's table of contents.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/", staticFiles())
	mux.HandleFunc("GET /accessibility", h.accessibility)

	mux.HandleFunc("GET /sign-in", h.signInForm)
	mux.HandleFunc("POST /sign-in", h.signIn)
	mux.HandleFunc("GET /sign-in/oidc", h.oidcStart)
	mux.HandleFunc("GET /sign-in/oidc/callback", h.oidcCallback)
	mux.HandleFunc("POST /sign-out", h.signOut)

	mux.HandleFunc("GET /{$}", h.signedIn(h.home))
	h.reportRoutes(mux)
	h.caremapRoutes(mux)
	mux.HandleFunc("GET /organisations", h.allowed(vigil.ReadAcrossOrgs, h.organisations))

	mux.HandleFunc("GET /admin", h.allowed(vigil.WritePeople, h.adminIndex))
	mux.HandleFunc("GET /admin/people", h.allowed(vigil.ReadPeople, h.people))
	mux.HandleFunc("GET /admin/people/new", h.allowed(vigil.WritePeople, h.personNewForm))
	mux.HandleFunc("POST /admin/people/new", h.allowed(vigil.WritePeople, h.personCreate))
	mux.HandleFunc("GET /admin/people/import", h.allowed(vigil.WritePeople, h.importForm))
	mux.HandleFunc("POST /admin/people/import", h.allowed(vigil.WritePeople, h.importPeople))
	mux.HandleFunc("GET /admin/people/{id}", h.allowed(vigil.ReadPeople, h.personEditForm))
	mux.HandleFunc("POST /admin/people/{id}", h.allowed(vigil.WritePeople, h.personUpdate))
	mux.HandleFunc("POST /admin/people/{id}/password", h.allowed(vigil.WritePeople, h.personResetPassword))
	mux.HandleFunc("GET /admin/teams", h.allowed(vigil.ReadPeople, h.teams))
	mux.HandleFunc("POST /admin/teams", h.allowed(vigil.WritePeople, h.teamCreate))
	mux.HandleFunc("POST /admin/sites", h.allowed(vigil.WritePeople, h.siteCreate))
	mux.HandleFunc("GET /admin/tokens", h.allowed(vigil.ManageTokens, h.tokens))
	mux.HandleFunc("POST /admin/tokens", h.allowed(vigil.ManageTokens, h.tokenCreate))
	mux.HandleFunc("POST /admin/tokens/{id}/revoke", h.allowed(vigil.ManageTokens, h.tokenRevoke))
	mux.HandleFunc("GET /admin/audit", h.allowed(vigil.ReadAudit, h.auditLog))
	mux.HandleFunc("GET /admin/audit.csv", h.allowed(vigil.ReadAudit, h.auditCSV))
	mux.HandleFunc("GET /admin/settings", h.allowed(vigil.WritePeople, h.settingsForm))
	mux.HandleFunc("POST /admin/settings", h.allowed(vigil.WritePeople, h.settingsUpdate))
}
