package report

import (
	"net/http"
	"slices"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// triageView is the queue: e-mail campaigns waiting for a verdict, other
// reports waiting to be dealt with, and recent campaigns with a verdict.
type triageView struct {
	web.Layout
	Open    []campaignRow
	Single  []report.Report
	Decided []report.Campaign
}

// triageListSize bounds each list on the queue page; the API pages through everything.
const triageListSize = 100

func (h *Pages) triageQueue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	ctx := r.Context()
	v := triageView{Layout: h.Layout(r, "Reports to triage")}
	open, err := h.triage.Campaigns(ctx, sc, report.CampaignFilter{Open: true, Page: report.Page{Limit: triageListSize}})
	if err == nil {
		v.Open, err = h.campaignRows(r, sc, open)
	}
	if err != nil {
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

// campaignRow is a campaign waiting for a verdict, with what the queue
// sorts it by: whether anyone who reported it clicked, and what Vigil
// suggests it is.
type campaignRow struct {
	report.Campaign
	Clicked   int            // reporters who said they clicked, replied or gave details
	Suggested report.Verdict // empty when Vigil could not tell
}

// campaignRows reads each waiting campaign's reports and orders the queue:
// campaigns someone clicked first, then those Vigil thinks are real attacks,
// then the rest, newest first as the store gives them.
func (h *Pages) campaignRows(r *http.Request, sc vigil.Scope, open []report.Campaign) ([]campaignRow, error) {
	rows := make([]campaignRow, len(open))
	for i, c := range open {
		rows[i].Campaign = c
		reports, err := h.triage.Reports(r.Context(), sc, report.ReportFilter{CampaignID: c.ID, Page: report.Page{Limit: 500}})
		if err != nil {
			return nil, err
		}
		for _, rep := range reports {
			if rep.Clicked() {
				rows[i].Clicked++
			}
		}
		if len(reports) == 0 {
			continue
		}
		lead, err := h.triage.Report(r.Context(), sc, reports[len(reports)-1].ID) // the first reported, as the campaign page shows it
		if err != nil {
			return nil, err
		}
		if a := lead.Analysis(); a != nil && a.SuggestedVerdict != email.Unknown {
			rows[i].Suggested = report.Verdict(a.SuggestedVerdict)
		}
	}
	rank := func(c campaignRow) int {
		switch {
		case c.Clicked > 0:
			return 0
		case c.Suggested == report.Malicious:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(rows, func(a, b campaignRow) int { return rank(a) - rank(b) })
	return rows, nil
}
