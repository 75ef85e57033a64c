package email

import "fmt"

// Weights of the severities towards a malicious verdict. One High indicator is enough on its
// own; so are two Medium ones, or a Medium one with two Low ones.
const (
	weightHigh       = 4
	weightMedium     = 2
	weightLow        = 1
	maliciousAtScore = 4
)

// suggestVerdict sums up the indicators. The rules, in order:
//
//   - the organisation's simulation marker → phishing-simulation;
//   - a High indicator, or a score of maliciousAtScore → malicious;
//   - bulk-mail signs, or a "junk" report, without enough for malicious → spam;
//   - no warning signs at all, from the organisation's own domain, confirmed by DMARC → safe;
//   - anything else → unknown, for an analyst to decide.
//
// Passing sender checks never make a message safe on their own: mail from outside the
// organisation is at best unknown, because criminals pass those checks with their own domains.
func suggestVerdict(a *Analysis, c *checker) {
	if a.Simulation != nil {
		a.SuggestedVerdict = PhishingSimulation
		a.VerdictReason = "This is one of the organisation's own practice phishing e-mails. Thank the person who reported it: that was exactly the right thing to do."
		a.Evidence = []IndicatorCode{CodeSimulation}
		return
	}
	score, highs := 0, 0
	var warnings []IndicatorCode
	for _, in := range a.Indicators { // sorted, most serious first
		switch in.Severity {
		case High:
			score, highs = score+weightHigh, highs+1
		case Medium:
			score += weightMedium
		case Low:
			score += weightLow
		default:
			continue
		}
		warnings = append(warnings, in.Code)
	}

	switch {
	case highs > 0 || score >= maliciousAtScore:
		a.SuggestedVerdict = Malicious
		a.Evidence = warnings
		a.VerdictReason = fmt.Sprintf("Treat it as an attack: Vigil found %s. The most serious: %s",
			countText(len(warnings), "warning sign"), a.Indicators[0].Reason)
	case a.has(CodeBulkMail) || a.Submission != nil && a.Submission.Kind == SubmissionJunk:
		a.SuggestedVerdict = Spam
		a.Evidence = append(codesIf(a, CodeBulkMail), warnings...)
		a.VerdictReason = "It looks like unwanted bulk mail, with no sign of an attack on the reader."
	case score == 0 && a.From != nil && c.isOwn(a.From.Domain) && a.Auth.verifiedFrom(a.From.Domain):
		a.SuggestedVerdict = Safe
		a.Evidence = []IndicatorCode{CodeInternal, CodeAuthPass}
		a.VerdictReason = "It came from the organisation's own domain, the domain confirmed it, and nothing in it looks dangerous."
	default:
		a.SuggestedVerdict = Unknown
		a.Evidence = warnings
		if score == 0 {
			a.VerdictReason = "No warning signs were found, but Vigil cannot confirm it came from inside the organisation. An analyst should decide."
		} else {
			a.VerdictReason = fmt.Sprintf("Vigil found %s, none of them conclusive. An analyst should look at it.", countText(len(warnings), "minor warning sign"))
		}
	}
}

func codesIf(a *Analysis, code IndicatorCode) []IndicatorCode {
	if a.has(code) {
		return []IndicatorCode{code}
	}
	return nil
}

func countText(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
