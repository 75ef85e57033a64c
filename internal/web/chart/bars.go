// Package chart draws the small charts a board member reads on a
// dashboard, on the server as SVG, so they cost no JavaScript and print in
// a board pack. Each chart carries its own text alternative: a title, a
// description that says what it shows, and the figures as a table that
// screen readers read and sighted people do not see.
package chart

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bar is one row of a bar chart.
type Bar struct {
	Label string
	Value float64
	// Detail is what the figure counts, for the table: "45 of 50 staff".
	Detail string
}

// Bars is a horizontal bar chart, one bar per row, with an optional line
// for a target or a limit.
type Bars struct {
	ID          string // unique on the page
	Title       string
	Unit        string  // "%" or a noun such as "teams"
	Max         float64 // the right-hand end; 0 means the largest value or the line
	Line        float64 // where the target or limit line is drawn; 0 means none
	LineLabel   string  // "95% target"
	LineIsLimit bool    // a limit is passed by going above it, a target by reaching it
	Bars        []Bar
}

// Geometry of the drawing, in the SVG's own units: a phone-width box,
// each row a label above its bar.
const (
	width     = 320
	rowHeight = 34
	barHeight = 14
	top       = 18 // room for the line's label
	valueRoom = 44 // room right of the bars for the value
)

type drawnBar struct {
	Label, Value, Detail string
	LabelY, Y            int
	W                    float64
	ValueX               float64
	Beyond               bool // beyond the line: short of a target, or over a limit
}

type drawn struct {
	ID, Title, Desc string
	Width, Height   int
	BarH            int
	Bars            []drawnBar
	HasLine         bool
	LineX           float64
	LineLabel       string
	LineAnchor      string
	Column          string
}

// HTML draws the chart with its description and hidden table.
func (b Bars) HTML() (template.HTML, error) {
	d := b.layout()
	var out bytes.Buffer
	if err := barsTemplate.Execute(&out, d); err != nil {
		return "", fmt.Errorf("draw the chart %q: %w", b.Title, err)
	}
	return template.HTML(out.String()), nil // made by html/template, which escaped every value
}

func (b Bars) layout() drawn {
	most := b.Max
	if most <= 0 {
		most = math.Max(b.Line, 1)
		for _, bar := range b.Bars {
			most = math.Max(most, bar.Value)
		}
	}
	plot := float64(width - valueRoom)
	scale := func(v float64) float64 { return math.Round(plot*math.Min(math.Max(v, 0), most)/most*10) / 10 }
	d := drawn{ID: b.ID, Title: b.Title, Width: width, Height: top + rowHeight*len(b.Bars) + 4, BarH: barHeight, Column: "Figure"}
	if b.Unit == "%" {
		d.Column = "Per cent"
	} else if b.Unit != "" {
		d.Column = strings.ToUpper(b.Unit[:1]) + b.Unit[1:]
	}
	beyond := 0
	for i, bar := range b.Bars {
		y := top + rowHeight*i
		w := scale(bar.Value)
		db := drawnBar{Label: bar.Label, Value: Words(bar.Value, b.Unit), Detail: bar.Detail, LabelY: y + 12, Y: y + 16, W: w, ValueX: w + 4}
		if b.Line > 0 {
			db.Beyond = bar.Value < b.Line
			if b.LineIsLimit {
				db.Beyond = bar.Value > b.Line
			}
		}
		if db.Beyond {
			beyond++
		}
		d.Bars = append(d.Bars, db)
	}
	if b.Line > 0 {
		d.HasLine, d.LineX, d.LineLabel, d.LineAnchor = true, scale(b.Line), b.LineLabel, "end"
		if d.LineX < plot/2 {
			d.LineAnchor = "start"
		}
	}
	d.Desc = b.describe(beyond)
	return d
}

// describe says in a sentence what a sighted reader takes from the chart.
func (b Bars) describe(beyond int) string {
	if len(b.Bars) == 0 {
		return "No figures yet."
	}
	lo, hi := b.Bars[0], b.Bars[0]
	for _, bar := range b.Bars {
		if bar.Value < lo.Value {
			lo = bar
		}
		if bar.Value > hi.Value {
			hi = bar
		}
	}
	s := fmt.Sprintf("%d bars, from %s (%s) to %s (%s).", len(b.Bars), lo.Label, Words(lo.Value, b.Unit), hi.Label, Words(hi.Value, b.Unit))
	if lo.Value == hi.Value {
		s = fmt.Sprintf("%d bars, each %s.", len(b.Bars), Words(lo.Value, b.Unit))
		if len(b.Bars) == 1 {
			s = fmt.Sprintf("One bar: %s, %s.", lo.Label, Words(lo.Value, b.Unit))
		}
	}
	switch {
	case b.Line <= 0:
	case b.LineIsLimit:
		s += fmt.Sprintf(" %d of %d are over the %s.", beyond, len(b.Bars), b.LineLabel)
	default:
		s += fmt.Sprintf(" %d of %d reach the %s.", len(b.Bars)-beyond, len(b.Bars), b.LineLabel)
	}
	return s
}

// Words writes a figure with its unit: "72%", "3 teams", "1 team", "1 person",
// "1.5 hours"; figures of 100 or more are whole numbers.
func Words(v float64, unit string) string {
	n := fmt.Sprintf("%.0f", v)
	if v != math.Trunc(v) && math.Abs(v) < 100 {
		n = fmt.Sprintf("%.1f", v)
	}
	switch {
	case unit == "%":
		return n + "%"
	case unit == "":
		return n
	case n == "1" && unit == "people":
		return "1 person"
	case n == "1":
		return "1 " + strings.TrimSuffix(unit, "s")
	}
	return n + " " + unit
}

// The colours are the NHS.UK palette's blue, and its dark grey for text
// and lines; bars beyond the line are hatched grey as well as coloured, so
// that colour is never the only sign. The data table is hidden inside a div:
// a table grows to fit its cells whatever width the hiding class gives it,
// and would widen a phone's page.
var barsTemplate = template.Must(template.New("bars").Parse(`<figure class="vigil-chart">
<figcaption class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>{{.Title}}</strong><br/>{{.Desc}}</figcaption>
<svg viewBox="0 0 {{.Width}} {{.Height}}" width="100%" role="img" aria-labelledby="{{.ID}}-title" aria-describedby="{{.ID}}-desc" focusable="false" data-chart="{{.ID}}">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
<defs><pattern id="{{.ID}}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#4c6272"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"></line></pattern></defs>
{{range .Bars}}<text x="0" y="{{.LabelY}}" font-size="11" fill="#212b32">{{.Label}}</text>
<rect x="0" y="{{.Y}}" width="{{.W}}" height="{{$.BarH}}" fill="{{if .Beyond}}url(#{{$.ID}}-hatch){{else}}#005eb8{{end}}" data-label="{{.Label}}" data-value="{{.Value}}"></rect>
<text x="{{.ValueX}}" y="{{.Y}}" dy="11" font-size="11" fill="#212b32">{{.Value}}</text>
{{end}}{{if .HasLine}}<line x1="{{.LineX}}" y1="12" x2="{{.LineX}}" y2="{{.Height}}" stroke="#212b32" stroke-width="2" stroke-dasharray="4 3" data-line="{{.LineLabel}}"></line>
<text x="{{.LineX}}" y="10" font-size="10" fill="#212b32" text-anchor="{{.LineAnchor}}">{{.LineLabel}}</text>
{{end}}</svg>
<div class="nhsuk-u-visually-hidden"><table>
<caption>{{.Title}}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">{{.Column}}</th><th scope="col">Count</th></tr></thead>
<tbody>{{range .Bars}}<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td><td>{{.Detail}}</td></tr>{{end}}</tbody>
</table></div>
</figure>`))
