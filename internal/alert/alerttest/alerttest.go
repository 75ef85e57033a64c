// Package alerttest checks the promises every decoded alert keeps, for the
// decoders' tests and fuzz targets.
package alerttest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/alert"
)

// Check returns what is wrong with a finished alert, or nil. A finished alert
// has a severity on Vigil's scale, a plain short title, a dedup key, UTC times,
// ids within their limit, and only observables and techniques that are valid.
func Check(a alert.Alert) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if a.Severity < alert.Info || a.Severity > alert.Critical {
		fail("severity %d is not on Vigil's scale", a.Severity)
	}
	if a.Title == "" || utf8.RuneCountInString(a.Title) > alert.MaxTitleRunes || !plain(a.Title) {
		fail("title %q is empty, too long or not plain", a.Title)
	}
	if utf8.RuneCountInString(a.RuleName) > alert.MaxRuleNameRunes || !plain(a.RuleName) {
		fail("rule name %q is too long or not plain", a.RuleName)
	}
	for _, t := range []struct {
		what, text string
		max        int
	}{
		{"category", a.Category, alert.MaxCategoryRunes},
		{"tool", a.Source.Tool, alert.MaxToolRunes},
		{"raw severity", a.SeverityRaw, alert.MaxRawSeverity},
	} {
		if utf8.RuneCountInString(t.text) > t.max || !plain(t.text) {
			fail("%s %q is too long or not plain", t.what, t.text)
		}
	}
	switch {
	case strings.HasPrefix(a.DedupKey, "id:"):
		if n := len(a.DedupKey) - 3; n == 0 || n > alert.MaxIDLength {
			fail("dedup key %q has an id of %d bytes", a.DedupKey, n)
		}
	case strings.HasPrefix(a.DedupKey, "sha256:"):
		if len(a.DedupKey) != 7+32 {
			fail("dedup key %q is not sha256: and 32 hex digits", a.DedupKey)
		}
	default:
		fail("dedup key %q is neither an id nor a hash", a.DedupKey)
	}
	if len(a.SourceID) > alert.MaxIDLength || len(a.RuleID) > alert.MaxIDLength {
		fail("an id is longer than %d bytes", alert.MaxIDLength)
	}
	if a.Received.IsZero() || a.Occurred.IsZero() || a.Received.Location() != time.UTC || a.Occurred.Location() != time.UTC {
		fail("times %v and %v are not both set and UTC", a.Received, a.Occurred)
	}
	if len(a.Observables) > alert.MaxObservables {
		fail("%d observables, more than %d", len(a.Observables), alert.MaxObservables)
	}
	for _, o := range a.Observables {
		var again alert.Alert
		if !again.Observe(o.Kind, o.Value, o.Field) || again.Observables[0] != o {
			fail("observable %+v is not in its normal form", o)
		}
	}
	if len(a.Techniques) > alert.MaxTechniques {
		fail("%d techniques, more than %d", len(a.Techniques), alert.MaxTechniques)
	}
	for _, id := range a.Techniques {
		if t, ok := alert.Technique(id); !ok || t != id {
			fail("technique %q is not an ATT&CK id in upper case", id)
		}
	}
	if _, err := json.Marshal(a); err != nil {
		fail("the alert does not marshal: %v", err)
	}
	return bad
}

func plain(s string) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
