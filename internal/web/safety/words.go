package safety

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/web"
)

// risk is a DCB risk level, 1 to 5, shown as an NHS tag; 0 is "not assessed".
type risk int

// Label names the level as the DCB0129 and DCB0160 matrix does.
func (r risk) Label() string {
	if r == 0 {
		return "Not assessed"
	}
	return impact.RiskWords(int(r))
}

// Class is the NHS tag colour: red for the worst, grey for none.
func (r risk) Class() string {
	return [...]string{"nhsuk-tag--grey", "nhsuk-tag--green", "nhsuk-tag--aqua-green", "nhsuk-tag--yellow", "nhsuk-tag--orange", "nhsuk-tag--red"}[min(max(int(r), 0), 5)]
}

// option is one choice of a select, radios or checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

func consequenceOptions(selected caremap.Consequence) []option {
	out := []option{{Value: "", Label: "Choose a consequence", Selected: selected == 0}}
	for c := caremap.Minor; c <= caremap.Catastrophic; c++ {
		out = append(out, option{Value: c.String(), Label: capitalise(c.String()), Selected: c == selected})
	}
	return out
}

func likelihoodOptions(selected caremap.Likelihood) []option {
	out := []option{{Value: "", Label: "Choose a likelihood", Selected: selected == 0}}
	for l := caremap.VeryLow; l <= caremap.VeryHigh; l++ {
		out = append(out, option{Value: l.String(), Label: capitalise(strings.ReplaceAll(l.String(), "-", " ")), Selected: l == selected})
	}
	return out
}

func typeOptions(selected hazard.Type) []option {
	var out []option
	for _, t := range hazard.Types {
		out = append(out, option{Value: string(t), Label: t.Label(), Selected: t == selected})
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dateField is a date as the three boxes of the NHS date input show it.
type dateField struct {
	Day, Month, Year string
}

func dateFieldOf(t time.Time) dateField {
	if t.IsZero() {
		return dateField{}
	}
	return dateField{Day: strconv.Itoa(t.Day()), Month: strconv.Itoa(int(t.Month())), Year: strconv.Itoa(t.Year())}
}

// parse reads the three boxes; all empty is no date.
func (d dateField) parse() (time.Time, bool) {
	if d.Day == "" && d.Month == "" && d.Year == "" {
		return time.Time{}, true
	}
	day, e1 := strconv.Atoi(d.Day)
	month, e2 := strconv.Atoi(d.Month)
	year, e3 := strconv.Atoi(d.Year)
	if e1 != nil || e2 != nil || e3 != nil || year < 2000 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 April
	}
	return t, true
}

func dateFieldFrom(get func(string) string, name string) dateField {
	return dateField{Day: strings.TrimSpace(get(name + "-day")), Month: strings.TrimSpace(get(name + "-month")), Year: strings.TrimSpace(get(name + "-year"))}
}

func dayWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// words turns a vocabulary code into words: "very-high" → "very high".
func words(code string) string { return strings.ReplaceAll(code, "-", " ") }

// page is what every clinical safety page's view embeds: the shell's layout,
// and the pieces its templates build form controls and tables from.
type page struct{ web.Layout }

func (h *Pages) page(r *http.Request, title string) page { return page{h.Layout(r, title)} }

// control is one form control for the "select" and "date-input" partials.
type control struct {
	Layout  *web.Layout
	Name    string
	Label   string
	Hint    string
	Options []option
	Date    dateField
}

// Select is a drop-down list.
func (p *page) Select(name, label, hint string, options []option) control {
	return control{Layout: &p.Layout, Name: name, Label: label, Hint: hint, Options: options}
}

// Date is the NHS date input: day, month and year boxes.
func (p *page) Date(name, legend, hint string, d dateField) control {
	return control{Layout: &p.Layout, Name: name, Label: legend, Hint: hint, Date: d}
}

// table is a table of hazards for the "hazard-table" partial.
type table struct {
	ID, Caption string
	Rows        []hazardRow
}

// Table is a table of hazards.
func (p *page) Table(id, caption string, rows []hazardRow) table {
	return table{ID: id, Caption: caption, Rows: rows}
}

// caseTable is a table of the safety case's hazards.
type caseTable struct {
	ID, Caption string
	Rows        []caseHazard
}

// CaseTable is a table of the safety case's hazards.
func (p *page) CaseTable(id, caption string, rows []caseHazard) caseTable {
	return caseTable{ID: id, Caption: caption, Rows: rows}
}
