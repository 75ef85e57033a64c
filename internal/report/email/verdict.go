package email

import (
	"fmt"
	"slices"
)

// Weights of the severities towards a malicious verdict. One High indicator is enough on its
// own; so are two Medium ones, or a Medium one with two Low ones.
const (
	weightHigh       = 4
	weightMedium     = 2
	weightLow        = 1
	maliciousAtScore = 4
)

// suggestVerdict weighs the indicators, after weighEvidence has let normal signs of lists and
// bulk mail explain each other away. The rules, in order:
//
//   - the organisation's simulation marker → phishing-simulation;
//   - a High indicator, or a score of maliciousAtScore → malicious;
//   - a spam filter's mark, or a "junk" report, without enough for malicious → spam;
//   - no warning signs at all, and a sender who vouched for the message: the organisation's
//     own domain, another domain confirmed by DMARC (not a free mail account), or a mailing
//     list whose signature or ARC chain held → safe ("looks genuine");
//   - bulk mail (not a mailing list) that nobody vouched for, with minor warning signs → spam;
//   - anything else → unknown, for an analyst to decide.
//
// Passing sender checks never outweigh a warning sign: criminals pass those checks with their
// own domains, so they count as evidence of genuineness only when nothing else is wrong.
func suggestVerdict(a *Analysis, c *checker, x mailContext) {
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
	vouched, vouchers := vouchedFor(a, c, x)
	// A spam filter's mark (a minor sign, counted above) is another analyst's opinion: it
	// tips a message with a real warning sign over, but it is never enough alone. A sender's
	// own DMARC pass does not outweigh it: junk mailers pass with their throwaway domains.
	if a.has(CodeSpamFlagged) && score >= weightMedium+weightLow && score < maliciousAtScore && a.Indicators[0].Severity.rank() >= Medium.rank() {
		score = maliciousAtScore
	}

	// Minor signs alone add up to an attack only in a message with one place to send the
	// reader: a newsletter linking to many sites collects them from its news stories.
	if highs == 0 && score >= maliciousAtScore && a.Indicators[0].Severity == Low && linkedSites(a) >= widelyLinked {
		score = maliciousAtScore - 1
	}
	switch {
	case highs > 0 || score >= maliciousAtScore:
		a.SuggestedVerdict = Malicious
		a.Evidence = warnings
		a.VerdictReason = fmt.Sprintf("Treat it as an attack: Vigil found %s. The most serious: %s",
			countText(len(warnings), "warning sign"), a.Indicators[0].Reason)
	case x.spamFlag != "" || a.Submission != nil && a.Submission.Kind == SubmissionJunk:
		a.SuggestedVerdict = Spam
		a.Evidence = append(codesIf(a, CodeSpamFlagged, CodeBulkMail, CodeMailingList), warnings...)
		a.VerdictReason = "It looks like unwanted bulk mail, with no sign of an attack on the reader."
	case score == 0 && vouched && a.From != nil && c.isOwn(a.From.Domain):
		a.SuggestedVerdict = Safe
		a.Evidence = []IndicatorCode{CodeInternal, CodeAuthPass}
		a.VerdictReason = "It came from the organisation's own domain, the domain confirmed it, and nothing in it looks dangerous."
	case score == 0 && vouched:
		a.SuggestedVerdict = Safe
		a.Evidence = vouchers
		a.VerdictReason = "It looks genuine: the sender confirmed it sent this message, and nothing in it looks dangerous. If it is unwanted, the reader can unsubscribe or delete it."
	case x.bulk() && x.listID == "" && !vouched && highs == 0 && score > 0 && !a.has(CodeCredentialRequest) && !a.has(CodePressure):
		a.SuggestedVerdict = Spam
		a.Evidence = append(codesIf(a, CodeBulkMail, CodeMailingList), warnings...)
		a.VerdictReason = "It looks like bulk mail that its sender did not confirm, with no sign of an attack on the reader."
	default:
		a.SuggestedVerdict = Unknown
		a.Evidence = warnings
		if score == 0 {
			a.VerdictReason = "No warning signs were found, but Vigil cannot confirm who sent it. An analyst should decide."
		} else {
			a.VerdictReason = fmt.Sprintf("Vigil found %s, none of them conclusive. An analyst should look at it.", countText(len(warnings), "minor warning sign"))
		}
	}
}

// vouchedFor reports whether the sender vouched for the message in a way a criminal cannot
// borrow: the From domain's own DMARC pass (not a free mail provider's, which anyone can
// use), or a mailing list whose signature or ARC chain held. It returns the evidence.
func vouchedFor(a *Analysis, c *checker, x mailContext) (bool, []IndicatorCode) {
	if a.From == nil || a.From.Domain == "" {
		return false, nil
	}
	from := a.From.Domain
	switch {
	case c.isOwn(from):
		return a.Auth.verifiedFrom(from), []IndicatorCode{CodeInternal, CodeAuthPass}
	case isFreeMail(from):
		return false, nil
	case a.Auth.verifiedFrom(from):
		return true, codesIf(a, CodeAuthPass, CodeMailingList, CodeBulkMail)
	case x.listID != "" && (a.Auth.forwardedIntact() || a.Auth.DKIM.Result == "pass"):
		return true, codesIf(a, CodeMailingList, CodeDMARCFailForwarded)
	}
	return false, nil
}

// codesIf returns those of the codes that were recorded, in the order given.
func codesIf(a *Analysis, codes ...IndicatorCode) []IndicatorCode {
	var out []IndicatorCode
	for _, code := range codes {
		if a.has(code) && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

func countText(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
