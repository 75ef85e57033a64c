package assurance

import (
	"strings"
	"testing"
	"time"
)

func TestChartPointsStayInsideTheBoxAndSayWhereTheyGo(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	c := newChart("x", "Reports", "reports", []point{{day(1), 4}, {day(8), 10}, {day(15), 7}})
	if len(c.Dots) != 3 {
		t.Fatalf("%d dots", len(c.Dots))
	}
	for _, d := range c.Dots {
		if d.X < padL || d.X > chartW-padR || d.Y < padT || d.Y > chartH-padB {
			t.Errorf("dot %+v outside the plot", d)
		}
	}
	// Higher values are drawn higher up: a smaller y.
	if !(c.Dots[1].Y < c.Dots[2].Y && c.Dots[2].Y < c.Dots[0].Y) {
		t.Errorf("dots %+v are not in value order", c.Dots)
	}
	if !strings.Contains(c.Desc, "From 4 reports on 1 March 2026 to 7 reports on 15 March 2026") {
		t.Errorf("description %q", c.Desc)
	}
	if empty := newChart("y", "None", "", nil); !empty.Empty || empty.Desc == "" {
		t.Errorf("an empty chart %+v", empty)
	}
	if one := newChart("z", "One", "%", []point{{day(1), 50}}); !strings.Contains(one.Desc, "One figure so far: 50%") {
		t.Errorf("a single figure %q", one.Desc)
	}
}

func TestATargetIsDrawnAndSaid(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	c := newTargetChart("t", "Completed in 12 months", "%", []point{{day(1), 60}, {day(8), 80}}, 95)
	if !c.HasTarget || c.Top != "95%" || !strings.HasSuffix(c.Desc, "The dashed line is the target of 95%.") {
		t.Errorf("a chart with a target: %+v", c)
	}
	// The target sits above both values and inside the plot.
	if !(c.TargetY >= padT && c.TargetY < c.Dots[1].Y && c.Dots[1].Y < c.Dots[0].Y) {
		t.Errorf("target at %v, dots %+v", c.TargetY, c.Dots)
	}
	if plain := newChart("p", "Reports", "reports", []point{{day(1), 4}}); plain.HasTarget || strings.Contains(plain.Desc, "target") {
		t.Errorf("a chart without a target: %+v", plain)
	}
}
