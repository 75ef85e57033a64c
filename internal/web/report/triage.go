package report

import (
	"net/http"
	"slices"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// triageView is the queue: e-mail campaigns waiting for a verdict, other
// reports waiting to be dealt with, and recent campaigns with a verdict.
type triageView struct {
	web.Layout
	Open    []report.Campaign
	Single  []report.Report
	Decided []report.Campaign
}

// triageListSize bounds each list on the queue page; the API pages through everything.
const triageListSize = 100

func (h *Pages) triageQueue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	ctx := r.Context()
	v := triageView{Layout: h.Layout(r, "Reports to triage")}
	var err error
	if v.Open, err = h.triage.Campaigns(ctx, sc, report.CampaignFilter{Open: true, Page: report.Page{Limit: triageListSize}}); err != nil {
		h.Fail(w, r, err)
		return
	}
	if v.Single, err = h.triage.Reports(ctx, sc, report.ReportFilter{Status: report.Open, Single: true, Page: report.Page{Limit: triageListSize}}); err != nil {
		h.Fail(w, r, err)
		return
	}
	// A password given away or a lost smartcard can be used within minutes:
	// those come first, oldest first within each group as the store gives them.
	slices.SortStableFunc(v.Single, func(a, b report.Report) int {
		switch {
		case a.Kind.Urgent() == b.Kind.Urgent():
			return 0
		case a.Kind.Urgent():
			return -1
		}
		return 1
	})
	if v.Decided, err = h.triage.Campaigns(ctx, sc, report.CampaignFilter{Decided: true, Page: report.Page{Limit: 20}}); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "triage", &v)
}
