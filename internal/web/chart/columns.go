package chart

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
)

// Column is one period of a column chart, such as a day.
type Column struct {
	Label string // "29 Nov"
	Value float64
	// Part is the share of Value that matters most (alerts with patients at
	// risk, say), drawn hatched at the foot of the column; 0 for none.
	Part   float64
	Detail string // for the table: "12 alerts, 3 with patients at risk"
}

// Columns is a chart of values over time, one column per period, oldest on
// the left, sized to fit a phone however many periods there are.
type Columns struct {
	ID        string // unique on the page
	Title     string
	Unit      string // a noun such as "alerts"
	PartLabel string // what Part counts: "patients at risk"
	Columns   []Column
}

// Geometry of a column chart, in the SVG's own units.
const (
	colPlotTop    = 16 // room for the largest value's label
	colPlotHeight = 110
	colAxisRoom   = 16 // room under the columns for the first and last labels
)

type drawnColumn struct {
	Label, Value, Part, Detail string
	X, W, Y, H, PartY, PartH   float64
}

type drawnColumns struct {
	ID, Title, Desc, PartLabel string
	Width, Height, Base        int
	Columns                    []drawnColumn
	MostLabel                  string
	First, Last                string
	HasPart                    bool
}

// HTML draws the chart with its description and hidden table.
func (c Columns) HTML() (template.HTML, error) {
	var out bytes.Buffer
	if err := columnsTemplate.Execute(&out, c.layout()); err != nil {
		return "", fmt.Errorf("draw the chart %q: %w", c.Title, err)
	}
	return template.HTML(out.String()), nil // made by html/template, which escaped every value
}

func (c Columns) layout() drawnColumns {
	most := 1.0
	for _, col := range c.Columns {
		most = math.Max(most, col.Value)
	}
	base := colPlotTop + colPlotHeight
	d := drawnColumns{ID: c.ID, Title: c.Title, PartLabel: c.PartLabel, Width: width, Height: base + colAxisRoom, Base: base,
		MostLabel: Words(most, c.Unit)}
	round := func(v float64) float64 { return math.Round(v*10) / 10 }
	step := float64(width) / float64(max(len(c.Columns), 1))
	for i, col := range c.Columns {
		h := round(colPlotHeight * math.Max(col.Value, 0) / most)
		ph := round(colPlotHeight * math.Min(math.Max(col.Part, 0), math.Max(col.Value, 0)) / most)
		dc := drawnColumn{Label: col.Label, Value: Words(col.Value, c.Unit), Detail: col.Detail,
			X: round(step*float64(i) + step*0.1), W: round(step * 0.8), Y: round(float64(base) - h), H: h, PartY: round(float64(base) - ph), PartH: ph}
		if col.Part > 0 {
			dc.Part = Words(col.Part, c.Unit)
			d.HasPart = true
		}
		d.Columns = append(d.Columns, dc)
	}
	if n := len(c.Columns); n > 0 {
		d.First, d.Last = c.Columns[0].Label, c.Columns[n-1].Label
	}
	d.Desc = c.describe()
	return d
}

// describe says in a sentence what a sighted reader takes from the chart:
// the span, the total, and the busiest period.
func (c Columns) describe() string {
	if len(c.Columns) == 0 {
		return "No figures yet."
	}
	total, part, busiest := 0.0, 0.0, c.Columns[0]
	for _, col := range c.Columns {
		total += col.Value
		part += col.Part
		if col.Value > busiest.Value {
			busiest = col
		}
	}
	s := fmt.Sprintf("%s from %s to %s", Words(total, c.Unit), c.Columns[0].Label, c.Columns[len(c.Columns)-1].Label)
	if c.PartLabel != "" {
		s += fmt.Sprintf(", %s with %s", Words(part, ""), c.PartLabel)
	}
	s += "."
	if busiest.Value > 0 {
		s += fmt.Sprintf(" The busiest was %s with %s.", busiest.Label, Words(busiest.Value, c.Unit))
	}
	return s
}

// The columns are NHS blue; the part that matters most is hatched dark grey,
// so colour is never the only sign. The first and last labels under the
// axis place the span; every figure is in the hidden table.
var columnsTemplate = template.Must(template.New("columns").Parse(`<figure class="vigil-chart">
<figcaption class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>{{.Title}}</strong><br/>{{.Desc}}{{if .HasPart}}<br/>Hatched: {{.PartLabel}}.{{end}}</figcaption>
<svg viewBox="0 0 {{.Width}} {{.Height}}" width="100%" role="img" aria-labelledby="{{.ID}}-title" aria-describedby="{{.ID}}-desc" focusable="false" data-chart="{{.ID}}">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
<defs><pattern id="{{.ID}}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#4c6272"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"></line></pattern></defs>
<text x="0" y="10" font-size="10" fill="#212b32">Highest: {{.MostLabel}}</text>
{{range .Columns}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="#005eb8" data-label="{{.Label}}" data-value="{{.Value}}"></rect>
{{if .Part}}<rect x="{{.X}}" y="{{.PartY}}" width="{{.W}}" height="{{.PartH}}" fill="url(#{{$.ID}}-hatch)" data-part="{{.Part}}"></rect>
{{end}}{{end}}<line x1="0" y1="{{.Base}}" x2="{{.Width}}" y2="{{.Base}}" stroke="#212b32" stroke-width="1"></line>
<text x="0" y="{{.Height}}" dy="-3" font-size="10" fill="#212b32">{{.First}}</text>
<text x="{{.Width}}" y="{{.Height}}" dy="-3" font-size="10" fill="#212b32" text-anchor="end">{{.Last}}</text>
</svg>
<div class="nhsuk-u-visually-hidden"><table>
<caption>{{.Title}}</caption>
<thead><tr><th scope="col">Day</th><th scope="col">Figure</th><th scope="col">Count</th></tr></thead>
<tbody>{{range .Columns}}<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td><td>{{.Detail}}</td></tr>{{end}}</tbody>
</table></div>
</figure>`))
