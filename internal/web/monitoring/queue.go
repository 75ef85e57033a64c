package monitoring

import (
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

type queueView struct {
	page
	Groups    []queueRow
	Waiting   int
	SourcesOK bool // every source heard from in time
	Silent    int
	CanTriage bool
	Volume    template.HTML // alerts a day over 30 days
}

type queueRow struct {
	ID, Title, Asset, Source, Seen string
	Band                           band
	Count                          int
	Matched                        bool
	Untriaged                      bool
}

// queue lists the open groups of alerts, the most clinically urgent first.
func (h *Pages) queue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	groups, err := h.alerts.Queue(r.Context(), sc, 0)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	sources, err := h.alerts.Sources(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	names := h.assetNames(r, sc)
	now := h.Now()
	v := queueView{page: h.page(r, "Security alerts"), CanTriage: sc.Can(vigil.WriteAlerts)}
	for _, s := range sources {
		if s.Silent(now) {
			v.Silent++
		}
	}
	for _, g := range groups {
		a := g.Lead
		row := queueRow{ID: a.ID, Title: a.Title, Source: a.Source.Name, Seen: ago(now, g.Latest), Band: band(a.Priority), Count: g.Count,
			Matched: a.Matched(), Untriaged: a.Status == "new"}
		if a.Matched() {
			row.Asset = names[a.AssetID]
			if row.Asset == "" {
				row.Asset = a.AssetID
			}
		}
		if row.Untriaged {
			v.Waiting += g.Count
		}
		v.Groups = append(v.Groups, row)
	}
	from, to := h.span()
	vols, err := h.alerts.Volumes(r.Context(), sc, from, to)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if v.Volume, err = volumeChart("alert-volume", "Alerts a day, last 30 days", vols, to); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "queue", &v)
}

// assetNames are the care map's asset names by id, empty when the person
// cannot read the map or there is none: the page then shows ids.
func (h *Pages) assetNames(r *http.Request, sc vigil.Scope) map[string]string {
	names := map[string]string{}
	if !sc.Can(vigil.ReadCareMap) {
		return names
	}
	m, err := h.maps.Map(r.Context(), sc)
	if err != nil {
		return names
	}
	for _, a := range m.Assets {
		names[a.ID] = a.Name
	}
	return names
}
