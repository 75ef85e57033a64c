package web

import "github.com/vigil-health/vigil/internal/impact"

// RiskLevel is a DCB0160 risk level, 1 to 5, shown as an NHS tag; 0 is "not scored".
// Page packages show clinical risk through it so that a level has one colour everywhere.
type RiskLevel int

// Label names the level as the DCB0129 and DCB0160 risk matrix does.
func (r RiskLevel) Label() string { return impact.RiskWords(int(r)) }

// Class is the NHS tag colour: red for the worst, grey for none.
func (r RiskLevel) Class() string {
	return [...]string{"nhsuk-tag--grey", "nhsuk-tag--green", "nhsuk-tag--aqua-green", "nhsuk-tag--yellow", "nhsuk-tag--orange", "nhsuk-tag--red"}[min(max(int(r), 0), 5)]
}
