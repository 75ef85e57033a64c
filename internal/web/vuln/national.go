package vuln

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

type nationalKEVView struct {
	page
	Entries []findings.KEVExposure
	Query   string
}

// nationalKEV lists the newest KEV entries and how many organisations each touches.
func (h *Pages) nationalKEV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if q := r.URL.Query().Get("id"); q != "" {
		http.Redirect(w, r, "/national/vulnerabilities/"+q, http.StatusSeeOther)
		return
	}
	es, err := h.vulns.LatestKEV(r.Context(), sc, 30)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "national", &nationalKEVView{page: page{h.Layout(r, "Exploited vulnerabilities across organisations")}, Entries: es})
}

type exposureView struct {
	page
	ID        string
	Exposures []exposureRow
}

type exposureRow struct {
	Org              string
	Decision, Risk   tag
	Findings         int
	Assets, Services []string
	Assumed          bool
}

// nationalExposure shows which organisations run something a vulnerability affects, the
// most urgent and most clinically harmful first.
func (h *Pages) nationalExposure(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	ex, err := h.vulns.Exposures(r.Context(), sc, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := exposureView{page: page{h.Layout(r, id+" across organisations")}, ID: id}
	v.Back = "/national/vulnerabilities"
	for _, e := range ex {
		v.Exposures = append(v.Exposures, exposureRow{Org: e.Org.Name + " (" + e.Org.Code + ")", Decision: decisionTag(e.Priority), Risk: riskTag(e.Risk),
			Findings: len(e.Findings), Assets: e.Assets, Services: e.Services, Assumed: e.Assumed})
	}
	h.render(w, r, http.StatusOK, "exposure", &v)
}
