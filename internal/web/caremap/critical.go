package caremap

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// criticalShown is how many assets the page lists; the API gives the whole ranking.
const criticalShown = 200

type criticalRow struct {
	Rank       int
	Ref        mapRef
	Worst      riskLevel
	Loss       harmView
	Corruption harmView
}

type criticalView struct {
	web.Layout
	Assets       []criticalRow
	Shown, Total int
}

// criticalAssets ranks every asset by the worst clinical risk of losing it, or of its data
// being untrustworthy, for 24 hours, with the services behind each score.
func (h *Pages) criticalAssets(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	ranking := h.whatif.Ranks().Critical(st.Map)
	v := criticalView{Layout: h.Layout(r, "Critical assets"), Total: len(ranking), Shown: min(len(ranking), criticalShown)}
	v.Back = "/caremap"
	for i, a := range ranking[:v.Shown] {
		v.Assets = append(v.Assets, criticalRow{Rank: i + 1, Ref: refOf(st.Map, a.ID), Worst: riskLevel(a.Worst()),
			Loss: harmOf(st.Map, a.Loss), Corruption: harmOf(st.Map, a.Corruption)})
	}
	h.render(w, r, http.StatusOK, "critical", &v)
}
