package email

import (
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// submissionPrefixes are the subject prefixes of Microsoft's format for messages sent to a
// reporting mailbox (Microsoft Defender for Office 365, "User reported settings": message
// submission format for third-party reporting tools).
var submissionPrefixes = []struct {
	prefix string
	kind   SubmissionKind
}{
	{"1|", SubmissionJunk}, {"2|", SubmissionNotJunk}, {"3|", SubmissionPhishing},
	{"junk:", SubmissionJunk}, {"not junk:", SubmissionNotJunk}, {"phishing:", SubmissionPhishing},
}

// submissionKind reads the reporter's choice from a submission's subject.
func submissionKind(subject string) (SubmissionKind, bool) {
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range submissionPrefixes {
		if strings.HasPrefix(s, p.prefix) {
			return p.kind, true
		}
	}
	return "", false
}

// unwrapSubmission recognises a Microsoft "Report" submission — a subject with one of the
// prefixes and the reported message attached unmodified — records who reported it and why,
// and returns the original message. Anything else is left as it is.
func unwrapSubmission(outer *message, a *Analysis) (*message, bool) {
	subject := outer.get("Subject")
	kind, ok := submissionKind(subject)
	if !ok || outer.root == nil {
		return nil, false
	}
	var attached, outlook []*enmime.Part
	walkParts(outer.root, func(p *enmime.Part) {
		ext := extension(partName(p))
		switch {
		case isOLE(p.Content) && (ext == "msg" || p.ContentType == "application/vnd.ms-outlook"):
			outlook = append(outlook, p)
		case p.ContentType == "message/rfc822" || ext == "eml":
			attached = append(attached, p)
		}
	})
	if len(attached) == 0 {
		if len(outlook) > 0 {
			a.warn("The reported message is attached as an Outlook .msg file, which Vigil cannot read yet, so the submission itself was analysed.")
		}
		return nil, false
	}
	if len(attached) > 1 {
		a.warn("The submission has %d attached messages; Microsoft expects one. The first was analysed.", len(attached))
	}
	inner, err := readMessage(attached[0].Content, a)
	if err != nil {
		a.warn("The reported message attached to the submission could not be read (%s), so the submission itself was analysed.", shorten(err.Error(), 160))
		return nil, false
	}
	sub := &Submission{Kind: kind, Subject: subject}
	if from := addresses(outer, "From", a); len(from) > 0 {
		sub.Submitter = &from[0]
	}
	a.Submission = sub
	who := "someone"
	if sub.Submitter != nil {
		who = sub.Submitter.Address
	}
	a.add(CodeSubmitted, "Reported as %s by %s.", kind, who)
	return inner, true
}
