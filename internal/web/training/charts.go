package training

import (
	"context"
	"fmt"
	"html/template"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web/chart"
)

// measureChart draws each group's share who completed their training in
// the last 12 months against the 95 % line.
func measureChart(id, title string, groups []progress.Group) chart.Bars {
	c := chart.Bars{ID: id, Title: title, Unit: "%", Max: 100, Line: progress.TargetPercent,
		LineLabel: fmt.Sprintf("%d%% target", progress.TargetPercent)}
	for _, g := range groups {
		c.Bars = append(c.Bars, chart.Bar{Label: g.Name, Value: float64(g.MeasurePercent()), Detail: fmt.Sprintf("%d of %d staff", g.InMeasure, g.People)})
	}
	return c
}

// overdueChart draws how many staff of each group have a lesson overdue,
// leaving out groups with none so the chart points at where help is needed.
func overdueChart(groups []progress.Group) chart.Bars {
	c := chart.Bars{ID: "overdue-by-team", Title: "Staff with a lesson overdue, by team", Unit: "staff"}
	for _, g := range groups {
		if g.Overdue > 0 {
			c.Bars = append(c.Bars, chart.Bar{Label: g.Name, Value: float64(g.Overdue), Detail: fmt.Sprintf("%d of %d staff", g.Overdue, g.People)})
		}
	}
	return c
}

// buddyChart draws how many teams each buddy supports against the
// organisation's limit, and says how many teams have nobody.
func (h *Pages) buddyChart(ctx context.Context, sc vigil.Scope) (chart.Bars, string, error) {
	ps, cs, most, err := h.readBuddies(ctx, sc)
	if err != nil {
		return chart.Bars{}, "", err
	}
	covered := 0
	for _, p := range ps {
		if p.Buddy != nil {
			covered++
		}
	}
	c := chart.Bars{ID: "buddy-load", Title: "Teams each IT buddy supports", Unit: "teams", Line: float64(most),
		LineLabel: fmt.Sprintf("limit of %d", most), LineIsLimit: true}
	for _, cand := range cs {
		c.Bars = append(c.Bars, chart.Bar{Label: cand.Name, Value: float64(cand.Teams), Detail: buddyLoad(cand)})
	}
	return c, fmt.Sprintf("%d of %d teams have a named IT buddy.", covered, len(ps)), nil
}

func buddyLoad(c buddy.Candidate) string {
	if c.Overloaded() {
		return "overloaded"
	}
	return "within the limit"
}

// draw renders charts, in order.
func draw(cs ...chart.Bars) ([]template.HTML, error) {
	out := make([]template.HTML, 0, len(cs))
	for _, c := range cs {
		html, err := c.HTML()
		if err != nil {
			return nil, err
		}
		out = append(out, html)
	}
	return out, nil
}
