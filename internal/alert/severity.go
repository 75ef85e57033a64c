package alert

import (
	"fmt"
	"strings"
)

// Severity is Vigil's scale, the same for every source. Higher is worse, so
// severities compare with < and >. The zero value means "not set"; a finished
// Alert always has one of the five.
type Severity uint8

const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// ParseSeverity reads a severity word, ignoring case: info (or informational),
// low, medium, high or critical.
func ParseSeverity(word string) (Severity, bool) {
	word = strings.TrimSpace(word)
	if strings.EqualFold(word, "informational") {
		return Info, true
	}
	for s := Info; s <= Critical; s++ {
		if strings.EqualFold(word, severityNames[s]) {
			return s, true
		}
	}
	return 0, false
}

func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("alert severity %d is not on Vigil's scale", uint8(s))
	}
	return []byte(s.String()), nil
}

func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("alert severity %q: want info, low, medium, high or critical", b)
	}
	*s = v
	return nil
}
