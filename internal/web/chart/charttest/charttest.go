// Package charttest reads back the charts of package chart, so that tests
// check the figures a chart draws and the table it carries.
package charttest

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

// Drawing is what a test reads back from a drawn chart.
type Drawing struct {
	Title, Desc string
	Bars        map[string]float64 // label → bar width
	Heights     map[string]float64 // label → bar or column height
	Values      map[string]string  // label → the value written beside it
	LineX       float64
	LineLabel   string
	Hatched     []string
	Table       [][]string // the hidden table's rows
}

// Read parses one chart's HTML as XML: the SVG's bars and line, and the table.
func Read(t *testing.T, html string) Drawing {
	t.Helper()
	d := Drawing{Bars: map[string]float64{}, Heights: map[string]float64{}, Values: map[string]string{}, LineX: -1}
	dec := xml.NewDecoder(strings.NewReader(html))
	var in string
	var row []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			in = el.Name.Local
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch in {
			case "rect":
				if v := attr("data-value"); v != "" {
					label := attr("data-label")
					w, err := strconv.ParseFloat(attr("width"), 64)
					if err != nil {
						t.Fatalf("bar %q width: %v", label, err)
					}
					d.Bars[label], d.Values[label] = w, v
					if h := attr("height"); h != "" {
						d.Heights[label], _ = strconv.ParseFloat(h, 64)
					}
					if strings.HasPrefix(attr("fill"), "url(") {
						d.Hatched = append(d.Hatched, label)
					}
				}
			case "line":
				if l := attr("data-line"); l != "" {
					d.LineLabel = l
					d.LineX, _ = strconv.ParseFloat(attr("x1"), 64)
				}
			case "tr":
				row = nil
			case "th", "td":
				row = append(row, "")
			}
		case xml.CharData:
			text := strings.TrimSpace(string(el))
			switch in {
			case "title":
				d.Title += text
			case "desc":
				d.Desc += text
			case "th", "td":
				row[len(row)-1] += text
			}
		case xml.EndElement:
			if el.Name.Local == "tr" && row != nil {
				d.Table = append(d.Table, row)
			}
			in = ""
		}
	}
	return d
}

// Find reads the chart drawn with id out of a whole page.
func Find(t *testing.T, page, id string) Drawing {
	t.Helper()
	at := strings.Index(page, `data-chart="`+id+`"`)
	if at < 0 {
		t.Fatalf("the page has no chart %q", id)
	}
	start := strings.LastIndex(page[:at], "<figure")
	end := strings.Index(page[at:], "</figure>")
	if start < 0 || end < 0 {
		t.Fatalf("the chart %q is not in a figure", id)
	}
	return Read(t, page[start:at+end+len("</figure>")])
}
