package assurance

import (
	"fmt"
	"math"
	"strings"
	"time"

	webchart "github.com/vigil-health/vigil/internal/web/chart"
)

// chart is a small line chart of a figure's trend, drawn on the server as
// SVG. It carries its own text alternative: a title, and a description
// that says where the line starts and ends, so no one needs to see it.
type chart struct {
	ID          string
	Title, Desc string
	Width       int
	Height      int
	Line        string // the polyline's points
	Dots        []dot
	Top, Bottom string // the highest and lowest values
	From, To    string // the first and last days
	AxisY       int    // where the baseline is drawn
	Empty       bool
	// TargetY is where the target line is drawn, when the figure has one.
	TargetY     float64
	HasTarget   bool
	TargetWords string
}

type dot struct{ X, Y float64 }

// point is one value on a day.
type point struct {
	Day   time.Time
	Value float64
}

const (
	chartW, chartH = 320, 96
	padL, padR     = 6, 6
	padT, padB     = 8, 22
)

func newChart(id, title, unit string, points []point) chart {
	return newTargetChart(id, title, unit, points, 0)
}

// newTargetChart is a chart with a dashed line at the value the figure
// should reach; 0 draws none.
func newTargetChart(id, title, unit string, points []point, target float64) chart {
	c := chart{ID: id, Title: title, Width: chartW, Height: chartH, AxisY: chartH - padB}
	if len(points) == 0 {
		c.Empty, c.Desc = true, "No figures yet."
		return c
	}
	lo, hi := points[0].Value, points[0].Value
	for _, p := range points {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	lo = math.Min(lo, 0)
	if target > 0 {
		hi = math.Max(hi, target)
	}
	if hi == lo {
		hi = lo + 1
	}
	first, last := points[0].Day, points[len(points)-1].Day
	span := last.Sub(first).Hours()
	var pts []string
	for _, p := range points {
		x := float64(padL)
		if span > 0 {
			x += (chartW - padL - padR) * p.Day.Sub(first).Hours() / span
		} else {
			x = chartW - padR
		}
		y := padT + (chartH-padT-padB)*(hi-p.Value)/(hi-lo)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		c.Dots = append(c.Dots, dot{X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10})
	}
	c.Line = strings.Join(pts, " ")
	if target > 0 {
		c.HasTarget, c.TargetWords = true, webchart.Words(target, unit)
		c.TargetY = math.Round((padT+(chartH-padT-padB)*(hi-target)/(hi-lo))*10) / 10
	}
	c.Top, c.Bottom = webchart.Words(hi, unit), webchart.Words(lo, unit)
	c.From, c.To = first.Format("2 Jan"), last.Format("2 Jan")
	if len(points) == 1 {
		c.Desc = fmt.Sprintf("One figure so far: %s on %s.", webchart.Words(points[0].Value, unit), last.Format("2 January 2006"))
	} else {
		c.Desc = fmt.Sprintf("From %s on %s to %s on %s, over %d figures.", webchart.Words(points[0].Value, unit), first.Format("2 January 2006"),
			webchart.Words(points[len(points)-1].Value, unit), last.Format("2 January 2006"), len(points))
	}
	if c.HasTarget {
		c.Desc += " The dashed line is the target of " + c.TargetWords + "."
	}
	return c
}
