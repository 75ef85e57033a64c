package caremap

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Pages are the care map pages: browse and edit the map, ask "what if?", see the
// critical assets, and keep a library of scenarios.
type Pages struct {
	*web.Shell
	pages  web.Pages
	maps   *mapstore.Store
	whatif *whatif.Service
}

//go:embed templates
var templates embed.FS

// New parses the care map pages' templates and returns the section.
func New(shell *web.Shell, maps *mapstore.Store, wi *whatif.Service) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, maps: maps, whatif: wi}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

func (h *Pages) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v web.View, err error) {
	h.RenderInvalid(w, r, h.pages, page, v, err)
}

// Routes mounts the care map pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	read := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadCareMap, next) }
	write := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteCareMap, next) }
	scenarios := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteScenarios, next) }

	mux.HandleFunc("GET /caremap", read(h.careMapHome))                                // the map at a glance
	mux.HandleFunc("GET /caremap/services", read(h.careMapServices))                   // every clinical service
	mux.HandleFunc("GET /caremap/services/{id}", read(h.careMapService))               // what it needs, its downtime procedure
	mux.HandleFunc("GET /caremap/services/{id}/edit", write(h.serviceEditForm))        //
	mux.HandleFunc("POST /caremap/services/{id}/edit", write(h.serviceEdit))           //
	mux.HandleFunc("GET /caremap/assets", read(h.careMapAssets))                       // systems, networks, devices
	mux.HandleFunc("GET /caremap/assets/{id}", read(h.careMapAsset))                   // who depends on it, how critical
	mux.HandleFunc("GET /caremap/assets/{id}/edit", write(h.assetEditForm))            //
	mux.HandleFunc("POST /caremap/assets/{id}/edit", write(h.assetEdit))               //
	mux.HandleFunc("GET /caremap/suppliers", read(h.careMapSuppliers))                 //
	mux.HandleFunc("GET /caremap/suppliers/{id}", read(h.careMapSupplier))             //
	mux.HandleFunc("GET /caremap/upload", write(h.careMapUploadForm))                  // replace the whole map
	mux.HandleFunc("POST /caremap/upload", write(h.careMapUpload))                     //
	mux.HandleFunc("GET /caremap/download", read(h.careMapDownload))                   // ?format=yaml|json
	mux.HandleFunc("GET /caremap/what-if", read(h.whatIf))                             // pick targets, a mode, a duration
	mux.HandleFunc("GET /caremap/critical", read(h.criticalAssets))                    // assets ranked by clinical harm
	mux.HandleFunc("GET /caremap/scenarios", read(h.scenarioLibrary))                  //
	mux.HandleFunc("POST /caremap/scenarios", scenarios(h.scenarioSave))               // from a what-if result
	mux.HandleFunc("GET /caremap/scenarios/{id}", read(h.scenarioPage))                // its last run
	mux.HandleFunc("POST /caremap/scenarios/{id}/run", scenarios(h.scenarioRun))       // run again: what changed?
	mux.HandleFunc("POST /caremap/scenarios/{id}/delete", scenarios(h.scenarioDelete)) //
}

// Nav adds the care map to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if !sc.Can(vigil.ReadCareMap) {
		return nil
	}
	return []web.NavItem{{Text: "Care map", Href: "/caremap"}}
}

// currentMap loads the organisation's care map for a page, or renders why it cannot.
func (h *Pages) currentMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (mapstore.Stored, bool) {
	st, err := h.maps.Current(r.Context(), sc)
	switch {
	case vigil.IsNotFound(err):
		// No map yet: say so and what to do, as the care map's home page
		// does, where "page not found" would suggest a broken link.
		v := careMapHomeView{Layout: h.Layout(r, "Care map"), CanWrite: sc.Can(vigil.WriteCareMap)}
		h.render(w, r, http.StatusNotFound, "home", &v)
		return mapstore.Stored{}, false
	case err != nil:
		h.Fail(w, r, err)
		return mapstore.Stored{}, false
	}
	return st, true
}

// Areas offer the care map on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	if !sc.Can(vigil.ReadCareMap) {
		return nil
	}
	return []web.Area{{Title: "Care map and clinical impact", Href: "/caremap", Description: "Which services depend on which systems, and what happens to patients if one goes down."}}
}
