package impact

import (
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
)

// The impact vocabulary in the words people read, on the pages and at the
// command line alike: plain English, with the DCB0129/DCB0160 terms where a
// Clinical Safety Officer needs to match them to the standard.

// Words says what happens to a target, after its name: "is unavailable".
func (m Mode) Words() string {
	switch m {
	case ModeUnavailable:
		return "is unavailable"
	case ModeDegraded:
		return "works only partly"
	case ModeIntegrity:
		return "has data that cannot be trusted"
	case ModeConfidentiality:
		return "has its data exposed"
	}
	return m.String()
}

// Words describes an event as a sentence: "CityPath LIMS is unavailable for 14 days".
func (e Event) Words(m *caremap.Map) string {
	name := m.Name(e.Target)
	if name == "" {
		name = e.Target + " (no longer in the care map)"
	}
	if e.Mode == ModeConfidentiality {
		return name + " " + e.Mode.Words()
	}
	return name + " " + e.Mode.Words() + " for " + e.Duration.Words()
}

// StateWords says what an event does to a service or asset: "Stops working;
// its data cannot be trusted".
func StateWords(s State, untrustworthy, exposed bool) string {
	var parts []string
	switch s {
	case Lost:
		parts = append(parts, "Stops working")
	case Degraded:
		parts = append(parts, "Works worse")
	}
	if untrustworthy {
		parts = append(parts, "its data cannot be trusted")
	}
	if exposed {
		parts = append(parts, "its data has been exposed")
	}
	out := strings.Join(parts, "; ")
	if out == "" {
		return "Unaffected"
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// Words says what the event does to the service.
func (s ServiceImpact) Words() string { return StateWords(s.State, s.Untrustworthy, s.Exposed) }

// Words says what the event does to the asset or supplier.
func (a Affected) Words() string { return StateWords(a.State, a.Untrustworthy, a.Exposed) }

// RiskWords names a DCB0160 risk level (1 to 5) as the standard's matrix does;
// 0 is "not scored".
func RiskWords(level int) string {
	switch level {
	case 1, 2:
		return fmt.Sprintf("Risk %d: acceptable", level)
	case 3:
		return "Risk 3: undesirable"
	case 4, 5:
		return fmt.Sprintf("Risk %d: unacceptable", level)
	}
	return "Not scored"
}

// HarmStarts says how soon patients are at risk, and why: the downtime procedure's
// safe_for against how long the service is affected.
func (s ServiceImpact) HarmStarts() (when, why string) {
	lasts := s.For.Words()
	switch {
	case s.Risk == 0:
		return "Not scored", "Patient data has been exposed. Tell your Data Protection Officer and Caldicott Guardian now."
	case s.Untrustworthy:
		return "From the start", "Downtime procedures do not catch wrong data. Check results and records another way before acting on them."
	case s.SafeFor <= 0:
		return "From the start", "There is no downtime procedure for this service. This lasts " + lasts + "."
	case s.For <= s.SafeFor:
		return "Not expected", "The downtime procedure keeps patients safe for " + s.SafeFor.Words() + ", longer than this lasts (" + lasts + ")."
	}
	return "After " + s.SafeFor.Words(), "The downtime procedure keeps patients safe for " + s.SafeFor.Words() + "; this lasts " + lasts + "."
}
