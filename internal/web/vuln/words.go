package vuln

import (
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
	"github.com/vigil-health/vigil/internal/web"
)

type page struct{ web.Layout }

// tag is a coloured label.
type tag struct{ Label, Class string }

func decisionTag(p ssvc.Priority) tag {
	class := map[ssvc.Priority]string{ssvc.Immediate: "nhsuk-tag--red", ssvc.OutOfCycle: "nhsuk-tag--orange",
		ssvc.Scheduled: "nhsuk-tag--yellow", ssvc.Defer: "nhsuk-tag--grey"}[p]
	return tag{Label: p.Label(), Class: class}
}

// actionWords says what a decision asks people to do, action first.
func actionWords(p ssvc.Priority) string {
	switch p {
	case ssvc.Immediate:
		return "Act now, out of hours if need be: patch, or isolate the system until you can."
	case ssvc.OutOfCycle:
		return "Fix this before the next routine patching window, or put a mitigation in place now."
	case ssvc.Scheduled:
		return "Fix this in the next routine patching window."
	case ssvc.Defer:
		return "No action needed now. Vigil looks again whenever the advisory, the exploitation evidence or the care map changes."
	}
	return ""
}

func riskTag(risk int) tag {
	switch {
	case risk >= 4:
		return tag{fmt.Sprintf("Risk %d", risk), "nhsuk-tag--red"}
	case risk == 3:
		return tag{"Risk 3", "nhsuk-tag--orange"}
	case risk > 0:
		return tag{fmt.Sprintf("Risk %d", risk), "nhsuk-tag--green"}
	}
	return tag{"Not known", "nhsuk-tag--grey"}
}

// dayWords writes a YYYY-MM-DD date as people read it: "3 March 2027".
func dayWords(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("2 January 2006")
}

// option is one choice of a select or radios.
type option struct {
	Value, Label string
	Selected     bool
}

// control is a select for the "select" partial.
type control struct {
	Name, Label string
	Options     []option
}

// componentLabel names a component as people read it: "lodash 4.17.20".
func componentLabel(c match.Component) string {
	if c.Version == "" {
		return c.Name + " (version not known)"
	}
	return c.Name + " " + c.Version
}

// intervalWords says how often, for "every …": "day", "6 hours", "90 minutes".
func intervalWords(d time.Duration) string {
	count := func(n int64, unit string) string {
		if n == 1 {
			return unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return count(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return count(int64(d/time.Hour), "hour")
	default:
		return count(int64(d/time.Minute), "minute")
	}
}
