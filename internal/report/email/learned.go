package email

import "strings"

// Classifier judges a message by what an organisation's analysts decided about similar
// reports. Package classify provides one that learns from every verdict.
type Classifier interface {
	// Classify returns a judgement, or false while it has not seen enough of both kinds of
	// report to judge.
	Classify(a *Analysis) (Judgement, bool)
}

// Judgement is a classifier's view of one message.
type Judgement struct {
	// Malicious is how likely the message is an attack, from 0 to 1, going by the reports
	// the classifier learnt from.
	Malicious float64
	// Similar is how many reports of the kind it leans to the classifier learnt from.
	Similar int
	// Tokens are the words and signs that weighed most, most telling first.
	Tokens []string
}

// Thresholds at which a judgement becomes an indicator; between them it says nothing.
const (
	learnedMaliciousAt = 0.9
	learnedGenuineAt   = 0.1
)

// checkLearned adds the classifier's judgement as an indicator. It is Low at most, so it can
// tip a message that already has a warning sign but never makes a verdict on its own.
func checkLearned(a *Analysis, cl Classifier) {
	if cl == nil {
		return
	}
	j, ok := cl.Classify(a)
	if !ok {
		return
	}
	tokens := strings.Join(j.Tokens[:min(len(j.Tokens), 6)], ", ")
	switch {
	case j.Malicious >= learnedMaliciousAt:
		a.add(CodeLearnedMalicious, "Looks like %s you marked malicious (%.0f %% alike): %s.", countText(j.Similar, "report"), 100*j.Malicious, tokens)
	case j.Malicious <= learnedGenuineAt:
		a.add(CodeLearnedGenuine, "Looks like %s you marked genuine (%.0f %% alike): %s.", countText(j.Similar, "report"), 100*(1-j.Malicious), tokens)
	}
}
