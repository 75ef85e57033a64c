package training

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type nationalView struct {
	web.Layout
	National progress.NationalCoverage
	Target   int
	Months   int
	At       string
	ByOrg    table
	Chart    template.HTML
}

// national shows the national centre every organisation's training
// coverage, those furthest from the 95 % measure first.
func (h *Pages) national(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	n, err := h.training.National(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := nationalView{Layout: h.Layout(r, "Training across organisations"), National: n, Target: progress.TargetPercent, Months: progress.MeasureMonths, At: day(n.At)}
	v.ByOrg = table{Caption: "Coverage by organisation, furthest from the measure first", Column: "Organisation", Months: progress.MeasureMonths}
	for _, o := range n.Orgs {
		v.ByOrg.Groups = append(v.ByOrg.Groups, progress.Group{Key: o.Org.Code, Name: o.Org.Name, Tally: o.Tally})
	}
	if v.Chart, err = measureChart("measure-by-org", fmt.Sprintf("Completed in the last %d months, by organisation", progress.MeasureMonths), v.ByOrg.Groups).HTML(); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "national", &v)
}
