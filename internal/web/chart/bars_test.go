package chart_test

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/web/chart"
	"github.com/vigil-health/vigil/internal/web/chart/charttest"
)

func TestBarsDrawEachValueAgainstTheTarget(t *testing.T) {
	c := chart.Bars{ID: "roles", Title: "Completed in 12 months, by job role", Unit: "%", Max: 100, Line: 95, LineLabel: "95% target",
		Bars: []chart.Bar{{Label: "Nurse or midwife", Value: 50, Detail: "5 of 10 staff"}, {Label: "Doctor", Value: 100, Detail: "4 of 4 staff"}, {Label: "A&E <admin>", Value: 0}}}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	d := charttest.Read(t, string(html))
	if d.Title != "Completed in 12 months, by job role" || d.Desc != "3 bars, from A&E <admin> (0%) to Doctor (100%). 1 of 3 reach the 95% target." {
		t.Errorf("title %q, description %q", d.Title, d.Desc)
	}
	full := d.Bars["Doctor"]
	if full <= 0 || d.Bars["Nurse or midwife"] != full/2 || d.Bars["A&E <admin>"] != 0 {
		t.Errorf("bar widths %v are not in proportion", d.Bars)
	}
	if d.LineLabel != "95% target" || d.LineX != full*0.95 {
		t.Errorf("the target line at %v (%q), full width %v", d.LineX, d.LineLabel, full)
	}
	if strings.Join(d.Hatched, ",") != "Nurse or midwife,A&E <admin>" {
		t.Errorf("bars short of the target: %v", d.Hatched)
	}
	want := [][]string{{"Name", "Per cent", "Count"}, {"Nurse or midwife", "50%", "5 of 10 staff"}, {"Doctor", "100%", "4 of 4 staff"}, {"A&E <admin>", "0%", ""}}
	if len(d.Table) != len(want) {
		t.Fatalf("table %q", d.Table)
	}
	for i := range want {
		if strings.Join(d.Table[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("table row %d: %q, want %q", i, d.Table[i], want[i])
		}
	}
}

func TestBarsOverALimit(t *testing.T) {
	c := chart.Bars{ID: "load", Title: "Teams per buddy", Unit: "teams", Line: 4, LineLabel: "limit of 4", LineIsLimit: true,
		Bars: []chart.Bar{{Label: "Tom", Value: 3}, {Label: "Marcus", Value: 5}}}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	d := charttest.Read(t, string(html))
	if d.Values["Marcus"] != "5 teams" || d.Bars["Tom"] >= d.LineX || d.Bars["Marcus"] <= d.LineX || strings.Join(d.Hatched, ",") != "Marcus" ||
		!strings.HasSuffix(d.Desc, "1 of 2 are over the limit of 4.") {
		t.Errorf("%+v", d)
	}
	same, err := chart.Bars{ID: "same", Title: "Overdue", Unit: "staff", Bars: []chart.Bar{{Label: "A", Value: 1}, {Label: "B", Value: 1}}}.HTML()
	if d := charttest.Read(t, string(same)); err != nil || d.Desc != "2 bars, each 1 staff." {
		t.Errorf("equal bars: %q, %v", d.Desc, err)
	}
	empty, err := chart.Bars{ID: "none", Title: "Nothing"}.HTML()
	if err != nil || !strings.Contains(string(empty), "No figures yet.") {
		t.Errorf("an empty chart: %s %v", empty, err)
	}
}
