// Package learningsystem is the pages that connect Vigil's training to
// the organisation's own learning system: where quiz results are sent (a
// Learning Record Store, over xAPI), how sending is going, and each
// lesson as a SCORM 1.2 package to load into it. They are for those who
// manage the organisation's training.
package learningsystem

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the learning system pages.
type Pages struct {
	*web.Shell
	pages    web.Pages
	lrs      *lrs.Service
	training *progress.Service
	local    *localhelp.Help // the contacts a package's screens name
}

//go:embed templates
var templates embed.FS

// New parses the pages' templates and returns the section.
func New(shell *web.Shell, records *lrs.Service, training *progress.Service, local *localhelp.Help) (*Pages, error) {
	pages, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: pages, lrs: records, training: training, local: local}, nil
}

// Home is the settings page, where the others are reached from.
const Home = "/training/learning-system"

// Routes mounts the pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	manage := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ManageTraining, next) }
	mux.HandleFunc("GET "+Home, manage(h.settings))                    // where results go
	mux.HandleFunc("POST "+Home, manage(h.settingsSave))               //
	mux.HandleFunc("GET "+Home+"/deliveries", manage(h.deliveries))    // queued, delivered, refused and why
	mux.HandleFunc("POST "+Home+"/retry", manage(h.retry))             // send again now
	mux.HandleFunc("GET "+Home+"/packages", manage(h.packages))        // every lesson as a SCORM package
	mux.HandleFunc("GET "+Home+"/packages/{file}", manage(h.download)) // one lesson's zip
}

// Nav adds nothing to the menu: the pages are reached from the home page.
func (h *Pages) Nav(vigil.Scope) []web.NavItem { return nil }

// Areas offer the pages on the home page to those who manage training.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	if !sc.Can(vigil.ManageTraining) {
		return nil
	}
	return []web.Area{{Title: "Your learning system", Href: Home,
		Description: "Send quiz results to your learning record store, and download lessons as SCORM packages for your learning system."}}
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}
