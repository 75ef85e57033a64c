package chart_test

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/web/chart"
	"github.com/vigil-health/vigil/internal/web/chart/charttest"
)

func TestColumnsDrawEachDayToScaleWithItsPart(t *testing.T) {
	c := chart.Columns{ID: "volume", Title: "Alerts a day", Unit: "alerts", PartLabel: "patients at risk",
		Columns: []chart.Column{{Label: "28 Nov", Value: 10, Part: 4, Detail: "10 alerts"}, {Label: "29 Nov"}, {Label: "30 Nov <b>", Value: 5, Detail: "5 alerts"}}}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	d := charttest.Read(t, string(html))
	if d.Heights["28 Nov"] != 110 || d.Heights["30 Nov <b>"] != 55 || d.Heights["29 Nov"] != 0 {
		t.Errorf("heights %v, want the busiest day full height and the others to scale", d.Heights)
	}
	if d.Values["28 Nov"] != "10 alerts" || d.Values["29 Nov"] != "0 alerts" {
		t.Errorf("values %v", d.Values)
	}
	if len(d.Hatched) != 0 {
		t.Errorf("hatched columns %v: the part is drawn over the column, not instead of it", d.Hatched)
	}
	if !strings.Contains(string(html), `data-part="4 alerts"`) {
		t.Error("the patients-at-risk part of the first day is not drawn")
	}
	if want := "15 alerts from 28 Nov to 30 Nov <b>, 4 with patients at risk. The busiest was 28 Nov with 10 alerts."; d.Desc != want {
		t.Errorf("description %q, want %q", d.Desc, want)
	}
	if len(d.Table) != 4 || d.Table[1][0] != "28 Nov" || d.Table[1][2] != "10 alerts" {
		t.Errorf("table %q", d.Table)
	}
	if strings.Contains(string(html), "<b>") {
		t.Error("a label was not escaped")
	}
}

func TestColumnsWithNoFigures(t *testing.T) {
	html, err := chart.Columns{ID: "none", Title: "Alerts a day", Unit: "alerts"}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if d := charttest.Read(t, string(html)); d.Desc != "No figures yet." {
		t.Errorf("description %q", d.Desc)
	}
}
