package vuln

import (
	"fmt"
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// exported lists the findings an export asks for, with the list page's filters.
func (h *Pages) exported(w http.ResponseWriter, r *http.Request, sc vigil.Scope) ([]findings.Finding, bool) {
	q := r.URL.Query()
	fs, err := h.vulns.List(r.Context(), sc, findings.Filter{Service: q.Get("service"), Asset: q.Get("asset"), KEV: q.Get("kev") == "yes",
		Priority: q.Get("decision"), Advisory: q.Get("q"), Closed: q.Get("closed") == "yes"})
	if err != nil {
		h.Fail(w, r, err)
		return nil, false
	}
	return fs, true
}

func (h *Pages) exportCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	fs, ok := h.exported(w, r, sc)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vulnerabilities-%s-%s.csv"`, sc.OrgCode, h.Now().Format("2006-01-02")))
	if err := findings.WriteCSV(w, fs); err != nil {
		h.Logger.Error("write findings CSV", "err", err)
	}
}

func (h *Pages) exportVEX(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	fs, ok := h.exported(w, r, sc)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/vnd.cyclonedx+json; version=1.6")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vex-%s-%s.cdx.json"`, sc.OrgCode, h.Now().Format("2006-01-02")))
	if err := findings.WriteVEX(w, sc.OrgName, fs, h.Now()); err != nil {
		h.Logger.Error("write findings VEX", "err", err)
	}
}
