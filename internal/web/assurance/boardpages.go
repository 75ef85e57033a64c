package assurance

import (
	"fmt"
	"math"
	"net/http"

	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	webchart "github.com/vigil-health/vigil/internal/web/chart"
)

// figureView is one measure on the board: the figure, which way it moved,
// and its chart.
type figureView struct {
	Label, Value, Link string
	Movement           string
	Class              string // the movement's tag colour
	Chart              chart
}

func points(ps []board.Point) []point {
	out := make([]point, len(ps))
	for i, p := range ps {
		out[i] = point{Day: p.Day, Value: p.Value}
	}
	return out
}

// movement says which way a figure went over its trend, and whether that is good.
func movement(trend []board.Point, unit string, better evidence.Direction) (string, string) {
	if len(trend) < 2 {
		return "No trend yet", "nhsuk-tag--grey"
	}
	first, last := trend[0], trend[len(trend)-1]
	change := last.Value - first.Value
	since := first.Day.Format("2 January")
	if math.Abs(change) < 0.05 {
		return "No change since " + since, "nhsuk-tag--grey"
	}
	dir := "Up"
	if change < 0 {
		dir = "Down"
	}
	good := (change > 0) == (better == evidence.HigherIsBetter)
	words := fmt.Sprintf("%s %s since %s", dir, webchart.Words(math.Abs(change), unit), since)
	if good {
		return words + ": better", "nhsuk-tag--green"
	}
	return words + ": worse", "nhsuk-tag--red"
}

type boardView struct {
	web.Layout
	Figures  []figureView
	Problems int
	National bool
}

func (h *Pages) boardPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	figures, errs, err := h.board.Figures(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, e := range errs {
		h.Logger.Warn("a board figure could not be read", "err", e)
	}
	v := boardView{Layout: h.Layout(r, "Board dashboard: "+sc.OrgName), Problems: len(errs), National: sc.Can(vigil.ReadAcrossOrgs)}
	for i, f := range figures {
		mv, class := movement(f.Trend, f.Unit, f.Better)
		v.Figures = append(v.Figures, figureView{Label: f.Label, Value: webchart.Words(f.Value, f.Unit), Link: evidence.LinkFor(sc, f.Link, f.LinkNeeds), Movement: mv, Class: class,
			Chart: newTargetChart(fmt.Sprintf("figure-%d", i), f.Label, f.Unit, points(f.Trend), f.Target)})
	}
	h.render(w, r, http.StatusOK, "board", &v)
}

func (h *Pages) boardSnapshot(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	n, err := h.board.Snapshot(r.Context(), sc, h.Now())
	if err != nil && n == 0 {
		h.Fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("Today's %d figures are kept.", n)
	if err != nil {
		h.Logger.Warn("some board figures could not be read", "err", err)
		msg += " Some could not be read; try again later."
	}
	h.SetFlash(w, msg)
	http.Redirect(w, r, "/board", http.StatusSeeOther)
}

type nationalRow struct {
	Org, Value, Day string
}

type nationalFigureView struct {
	Label, Combined, How string
	Chart                chart
	Rows                 []nationalRow
	Caption              string
}

type nationalBoardView struct {
	web.Layout
	Figures []nationalFigureView
}

func (h *Pages) nationalBoard(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	figures, err := h.board.National(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := nationalBoardView{Layout: h.Layout(r, "National board dashboard")}
	v.Back = "/board"
	for i, f := range figures {
		how := "Total across organisations"
		if f.Unit == "%" || f.Unit == "hours" {
			how = "Average across organisations"
		}
		fv := nationalFigureView{Label: f.Label, How: how, Caption: f.Label + ", by organisation",
			Chart: newChart(fmt.Sprintf("national-%d", i), f.Label, f.Unit, points(f.Trend))}
		if n := len(f.Trend); n > 0 {
			fv.Combined = webchart.Words(f.Trend[n-1].Value, f.Unit)
		}
		for _, o := range f.Orgs {
			fv.Rows = append(fv.Rows, nationalRow{Org: o.Org.Name + " (" + o.Org.Code + ")", Value: webchart.Words(o.Value, f.Unit), Day: o.Day.Format("2 January 2006")})
		}
		v.Figures = append(v.Figures, fv)
	}
	h.render(w, r, http.StatusOK, "board_national", &v)
}
