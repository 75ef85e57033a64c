package vuln

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

// debtView is the security debt: what is out of support, overdue or unknown.
type debtView struct {
	page
	EndOfSupport []supportRow
	PastDue      findingTable
	NeedsReview  findingTable
	Unknown      []unknownRow
}

type supportRow struct {
	Name, When string
	Ended      bool
	Risk       tag
}

// findingTable is a table of findings for the "finding-table" partial.
type findingTable struct {
	ID, Caption string
	Rows        []findingRow
}

type unknownRow struct{ Document, Component, Where string }

func (h *Pages) debt(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	now := h.Now()
	d, err := h.vulns.Debt(r.Context(), sc, now)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := debtView{page: page{h.Layout(r, "Security debt")},
		PastDue:     findingTable{ID: "past-due-findings", Caption: "Findings past their due date"},
		NeedsReview: findingTable{ID: "review-findings", Caption: "Findings needing a version check"}}
	v.Back = "/vulnerabilities"
	for _, s := range d.EndOfSupport {
		v.EndOfSupport = append(v.EndOfSupport, supportRow{Name: s.Asset.Name, When: dayWords(s.Asset.EndOfSupport.String()), Ended: s.Ended, Risk: riskTag(s.Risk)})
	}
	for _, f := range d.PastDue {
		row := rowOfFinding(f)
		row.PastDue = true
		v.PastDue.Rows = append(v.PastDue.Rows, row)
	}
	for _, f := range d.NeedsReview {
		v.NeedsReview.Rows = append(v.NeedsReview.Rows, rowOfFinding(f))
	}
	for _, u := range d.Unknown {
		v.Unknown = append(v.Unknown, unknownRow{Document: u.Inventory.Document, Component: u.Problem.Component, Where: u.Problem.Where})
	}
	h.render(w, r, http.StatusOK, "debt", &v)
}
