package caremap

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type assetRow struct {
	Ref      mapRef
	Kind     string
	Exposure string
	Worst    riskLevel // of losing or corrupting it for 24 hours
}

type careMapAssetsView struct {
	web.Layout
	Assets []assetRow
}

func (h *Pages) careMapAssets(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	v := careMapAssetsView{Layout: h.Layout(r, "Systems and devices")}
	v.Back = "/caremap"
	for _, a := range st.Map.Assets {
		c, _, _ := h.whatif.Ranks().Criticality(st.Map, a.ID)
		v.Assets = append(v.Assets, assetRow{Ref: refOf(st.Map, a.ID), Kind: kindWords(a.Kind), Exposure: exposureWords(a.Exposure), Worst: riskLevel(c.Worst())})
	}
	h.render(w, r, http.StatusOK, "assets", &v)
}

// harmView is one line of an asset's criticality: the risk and the services behind it.
type harmView struct {
	Risk     riskLevel
	Services []harmService
}

type harmService struct {
	Ref  mapRef
	Risk riskLevel
}

func harmOf(m *caremap.Map, hm impact.Harm) harmView {
	v := harmView{Risk: riskLevel(hm.Risk)}
	for _, s := range hm.Services {
		v.Services = append(v.Services, harmService{Ref: refOf(m, s.ID), Risk: riskLevel(s.Risk)})
	}
	return v
}

type careMapAssetView struct {
	web.Layout
	Asset        *caremap.Asset
	Kind         string
	Exposure     string
	Supplier     *mapRef
	OutOfSupport bool
	Loss         harmView
	Corruption   harmView
	Rank, Of     int
	Direct       []reachRow // services that depend on it with nothing between
	Indirect     []reachRow // services that depend on it through other services or assets
	DependsOn    []reachRow // what the asset itself needs, directly
	CanEdit      bool
}

func (h *Pages) careMapAsset(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	m := st.Map
	a, ok := m.Asset(r.PathValue("id"))
	if !ok {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such system or device in the care map."))
		return
	}
	v := careMapAssetView{Layout: h.Layout(r, a.Name), Asset: a, Kind: kindWords(a.Kind), Exposure: exposureWords(a.Exposure),
		OutOfSupport: !a.EndOfSupport.IsZero() && a.EndOfSupport.Time().Before(time.Now()), Of: len(m.Assets), CanEdit: sc.Can(vigil.WriteCareMap)}
	v.Back = "/caremap/assets"
	if a.Supplier != "" {
		s := refOf(m, a.Supplier)
		v.Supplier = &s
	}
	if c, rank, ok := h.whatif.Ranks().Criticality(m, a.ID); ok {
		v.Loss, v.Corruption, v.Rank = harmOf(m, c.Loss), harmOf(m, c.Corruption), rank+1
	}
	services := func(r caremap.Reached) bool { return r.Type == caremap.TypeService }
	for _, row := range reachRows(m, m.Dependants(a.ID), services) {
		if len(row.Via) == 0 {
			v.Direct = append(v.Direct, row)
		} else {
			v.Indirect = append(v.Indirect, row)
		}
	}
	v.DependsOn = reachRows(m, m.Dependencies(a.ID), caremap.Reached.Direct)
	h.render(w, r, http.StatusOK, "asset", &v)
}
