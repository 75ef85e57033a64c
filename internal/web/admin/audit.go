package admin

import (
	"fmt"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type auditView struct {
	web.Layout
	Events   []audit.Event
	NextPage string
}

func (h *Pages) auditLog(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	const pageSize = 100
	v := auditView{Layout: h.Layout(r, "Audit trail")}
	v.Back = "/admin"
	events, err := h.audit.List(r.Context(), sc, r.FormValue("before"), pageSize+1)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if len(events) > pageSize {
		events = events[:pageSize]
		v.NextPage = events[pageSize-1].ID
	}
	v.Events = events
	h.render(w, r, http.StatusOK, "audit", &v)
}

func (h *Pages) auditCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vigil-audit-%s-%s.csv"`, sc.OrgCode, time.Now().UTC().Format("20060102")))
	if err := h.audit.WriteCSV(r.Context(), sc, w); err != nil {
		h.Logger.Error("audit CSV export", "err", err)
	}
}
