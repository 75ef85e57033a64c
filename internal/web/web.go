// Package web is the shell every page of Vigil is served in: server-rendered
// HTML with the NHS.UK frontend, working without JavaScript. It owns what all
// pages share — the layout and menu, rendering and errors, sessions, CSRF,
// sign-in, the home page and the static assets. Each capability's pages live
// in a package of their own under web/ (report, caremap, admin, …): a Section
// holding only the services it uses, mounted by the app.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Deps are what the shell needs.
type Deps struct {
	Auth         *auth.Service
	OIDC         *auth.OIDC // nil when OIDC sign-in is not configured
	Logger       *slog.Logger
	Version      string
	SecureCookie bool // mark cookies Secure (served over HTTPS)
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// Clock tells the time; tests may stop it.
	Clock func() time.Time
}

// Section is one capability's pages.
type Section interface {
	// Routes mounts the section's pages.
	Routes(mux *http.ServeMux)
	// Nav is what the section adds to the menu for this person.
	Nav(sc vigil.Scope) []NavItem
	// Areas are the section's cards on the home page for this person.
	Areas(sc vigil.Scope) []Area
}

// Noticer is a Section with something every member of staff should see on
// the home page now, such as a warning about a scam going round.
type Noticer interface {
	Notices(r *http.Request, sc vigil.Scope) []Notice
}

// Area is one capability as the home page offers it.
type Area struct {
	Title, Href, Description string
}

// Notice is something to read on the home page before anything else.
type Notice struct {
	Label  string // "We've seen this scam"
	Text   string // written by an analyst: shown as text
	Posted time.Time
	// Next is what to do, written by Vigil (never from user input), with its link.
	Next template.HTML
}

// Shell serves the shared pages and renders every section's pages.
type Shell struct {
	Deps
	pages    Pages
	sections []Section
}

// New parses the shell's own templates (a missing one fails here, at
// start-up) and returns the shell.
func New(d Deps) (*Shell, error) {
	p, err := ParsePages(shellTemplates, "templates")
	if err != nil {
		return nil, err
	}
	if d.Clock == nil {
		d.Clock = func() time.Time { return time.Now().UTC() }
	}
	return &Shell{Deps: d, pages: p}, nil
}

// Mount serves the shell's pages and the sections' on mux, in the order the
// menu shows them. Read it, and each section's Routes, as the site's table
// of contents.
func (s *Shell) Mount(mux *http.ServeMux, sections ...Section) {
	s.sections = sections
	mux.HandleFunc("GET /assets/", serveAsset)
	mux.HandleFunc("GET /accessibility", s.accessibility)

	mux.HandleFunc("GET /sign-in", s.signInForm)
	mux.HandleFunc("POST /sign-in", s.signIn)
	mux.HandleFunc("GET /sign-in/oidc", s.oidcStart)
	mux.HandleFunc("GET /sign-in/oidc/callback", s.oidcCallback)
	mux.HandleFunc("POST /sign-out", s.signOut)

	mux.HandleFunc("GET /{$}", s.SignedIn(s.home))
	for _, sec := range sections {
		sec.Routes(mux)
	}
	mux.HandleFunc("/", s.NotFound)
}

// Now is the time by the shell's clock.
func (s *Shell) Now() time.Time { return s.Clock() }

// SessionCookieName is the session cookie's name, for the API to read.
func (s *Shell) SessionCookieName() string { return s.CookieName("vigil_session") }
