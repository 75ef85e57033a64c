package hazard

import (
	"time"
	_ "time/tzdata" // Europe/London on machines without zone files

	"github.com/vigil-health/vigil/internal/caremap"
)

// London is UK time, summer or winter: plans are made, and wards run, by it.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Window is when a planned change takes systems down, in UK time.
type Window struct {
	Start, End time.Time
	Period     Period
	Weekend    bool // it starts on a Saturday or Sunday
}

// Period is the part of the day a window starts in. Hospitals run round
// the clock, but who is there to run a downtime procedure is not the same.
type Period string

// The periods of the day.
const (
	WorkingDay Period = "working-day" // 08:00 to 18:00
	Evening    Period = "evening"     // 18:00 to 22:00
	Overnight  Period = "overnight"   // 22:00 to 08:00
)

// WindowOf is the window starting at start and lasting d.
func WindowOf(start time.Time, d caremap.Duration) Window {
	s := start.In(London)
	w := Window{Start: s, End: s.Add(time.Duration(d)), Weekend: s.Weekday() == time.Saturday || s.Weekday() == time.Sunday}
	switch h := s.Hour(); {
	case h >= 8 && h < 18:
		w.Period = WorkingDay
	case h >= 18 && h < 22:
		w.Period = Evening
	default:
		w.Period = Overnight
	}
	return w
}

// Advice is what the time of day means for staff running downtime procedures.
func (w Window) Advice() string {
	var s string
	switch w.Period {
	case WorkingDay:
		s = "It starts in the working day, when clinics, theatre lists and wards are busiest: more patients are affected, but more staff are on site to run downtime procedures."
	case Evening:
		s = "It starts in the evening, as day staff hand over and clinics close: make sure the night teams know before they start."
	default:
		s = "It starts overnight, when fewer patients are seen but fewer staff are on site to run downtime procedures, and suppliers may be on call only. Confirm who is on call before you start."
	}
	if w.Weekend {
		s += " It is at the weekend: specialist teams and supplier support may be on call only."
	}
	return s
}

// Clock writes a time of the window as people read it: "Tue 3 Mar, 02:00".
func Clock(t time.Time) string { return t.In(London).Format("Mon 2 Jan, 15:04") }
