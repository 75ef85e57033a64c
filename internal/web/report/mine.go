package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// myReportsView lists the reporter's own reports with their status and verdict.
type myReportsView struct {
	web.Layout
	Reports  []report.Report
	NextPage string
	Phone    string // the service desk's, for what to do now
}

func (h *Pages) myReports(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	const pageSize = 50
	mine, err := h.journey.Mine(r.Context(), sc, report.Page{Before: r.FormValue("before"), Limit: pageSize + 1})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := myReportsView{Layout: h.Layout(r, "My reports"), Phone: h.orgSettings(r, sc).ServiceDeskPhone}
	if len(mine) > pageSize {
		mine, v.NextPage = mine[:pageSize], mine[pageSize-1].ID
	}
	v.Reports = mine
	h.render(w, r, http.StatusOK, "mine", &v)
}
