package training

import (
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// coverageCSV is the coverage as a spreadsheet for a board pack: one row
// for the organisation, one per job role and one per team.
func (h *Pages) coverageCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	cov, err := h.training.Coverage(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="training-coverage.csv"`)
	out := csv.NewWriter(w)
	_ = out.Write([]string{"group", "name", "staff", "up_to_date", "up_to_date_percent", "completed_in_12_months", "completed_in_12_months_percent", "meets_95_percent", "overdue", "lessons_done", "lessons_required"})
	row := func(group, name string, t progress.Tally) {
		_ = out.Write([]string{group, audit.DefuseFormula(name), strconv.Itoa(t.People), strconv.Itoa(t.UpToDate), strconv.Itoa(t.Percent()),
			strconv.Itoa(t.InMeasure), strconv.Itoa(t.MeasurePercent()), strconv.FormatBool(t.MeetsTarget()), strconv.Itoa(t.Overdue),
			strconv.Itoa(t.LessonsDone), strconv.Itoa(t.LessonsRequired)})
	}
	row("organisation", sc.OrgName, cov.Tally)
	for _, g := range cov.ByJobRole {
		row("job role", g.Name, g.Tally)
	}
	for _, g := range cov.ByTeam {
		row("team", g.Name, g.Tally)
	}
	out.Flush()
	if err := out.Error(); err != nil {
		h.Logger.Warn("write the coverage CSV", "err", err)
	}
}
