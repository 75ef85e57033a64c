package report

import (
	"fmt"
	"html/template"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
)

// analysisView shows a reported e-mail's analysis to an analyst. Every
// string in it came from the e-mail's sender and is shown as text; the one
// exception is the body's HTML view, which the email package has sanitised
// down to bare formatting — no attributes at all, so no links, images,
// styles or scripts — and which the page's CSP would stop running anyway.
type analysisView struct {
	*email.Analysis
	BodyHTML template.HTML
}

func newAnalysisView(a *email.Analysis) *analysisView {
	if a == nil {
		return nil
	}
	return &analysisView{Analysis: a, BodyHTML: template.HTML(a.Body.HTML)} // sanitised, see above
}

// SuggestedLabel is Vigil's suggested verdict in the words of the verdict form.
func (v *analysisView) SuggestedLabel() string {
	if v.SuggestedVerdict == email.Unknown {
		return "No verdict: read the warning signs"
	}
	return report.Verdict(v.SuggestedVerdict).Label()
}

// SeverityTag is the NHS.UK tag colour for a severity.
func (v *analysisView) SeverityTag(s email.Severity) string {
	switch s {
	case email.High:
		return "nhsuk-tag--red"
	case email.Medium:
		return "nhsuk-tag--orange"
	case email.Low:
		return "nhsuk-tag--yellow"
	}
	return "nhsuk-tag--grey"
}

// Bytes writes a size the way people read it.
func (v *analysisView) Bytes(n int) string { return byteSize(n) }

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<10-1)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// verdictChoice is one verdict an analyst can give, with what it tells the reporters.
type verdictChoice struct {
	Value  report.Verdict
	Hint   string
	Chosen bool // the verdict already given
}

var verdictHints = map[report.Verdict]string{
	report.Malicious:          "A real scam or attack. Reporters are thanked and told what to do now.",
	report.PhishingSimulation: "One of our own practice scams. Reporters are congratulated.",
	report.Spam:               "Unwanted bulk messages, not an attack. Reporters are told they can delete it.",
	report.Safe:               "Genuine. Reporters are told they can carry on as normal.",
	report.Resolved:           "Dealt with. The reporter reads your note on My reports.",
}

// verdictChoices are the verdicts an analyst may give a report of kind k,
// with the one already given, if any, marked.
func verdictChoices(k report.Kind, given report.Verdict) []verdictChoice {
	var out []verdictChoice
	for _, v := range report.VerdictsFor(k) {
		out = append(out, verdictChoice{Value: v, Hint: verdictHints[v], Chosen: v == given})
	}
	return out
}
