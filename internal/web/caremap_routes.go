package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/vigil"
)

// caremapRoutes mounts the care map pages: browse and edit the map, ask "what if?", see
// the critical assets, and keep a library of scenarios.
func (h *Handler) caremapRoutes(mux *http.ServeMux) {
	read := func(next scopedHandler) http.HandlerFunc { return h.allowed(vigil.ReadCareMap, next) }
	write := func(next scopedHandler) http.HandlerFunc { return h.allowed(vigil.WriteCareMap, next) }
	scenarios := func(next scopedHandler) http.HandlerFunc { return h.allowed(vigil.WriteScenarios, next) }

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

// careMapNav adds the care map to the menu.
func careMapNav(sc vigil.Scope) []navItem {
	if !sc.Can(vigil.ReadCareMap) {
		return nil
	}
	return []navItem{{Text: "Care map", Href: "/caremap"}}
}

// currentMap loads the organisation's care map for a page, or renders why it cannot.
func (h *Handler) currentMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (mapstore.Stored, bool) {
	st, err := h.CareMaps.Current(r.Context(), sc)
	if err != nil {
		h.fail(w, r, err)
		return mapstore.Stored{}, false
	}
	return st, true
}
