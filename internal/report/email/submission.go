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

// forwardPrefixes start the subject of a forward, in the mail programs and languages staff
// use ("Fwd:", Outlook's "FW:", Thunderbird's "[Fwd: …]", Portuguese "Enc:", Spanish "RV:",
// German "WG:", French "TR:", Welsh "Ym:").
var forwardPrefixes = []string{"fwd:", "fw:", "[fwd:", "fwd ", "enc:", "rv:", "wg:", "tr:", "ym:", "doorst:", "vs:", "i:"}

func isForwardSubject(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range forwardPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// unwrapReport removes the wrappers around a reported message — a Microsoft submission, a
// forward with the original attached, a forward with the original pasted in — up to
// MaxForwardDepth of them, records the outermost reporter in a.Submission, and returns the
// original. A message that is not a report is returned as it is.
func unwrapReport(msg *message, a *Analysis, c *checker) *message {
	for layer := 0; layer < MaxForwardDepth; layer++ {
		inner, kind, method := unwrapOnceReport(msg, a, c, layer)
		if inner == nil {
			break
		}
		if a.Submission == nil {
			sub := &Submission{Kind: kind, Method: method, Subject: a.capped("reporter's subject", msg.get("Subject"), MaxSubjectLength)}
			if from := addresses(msg, "From", a); len(from) > 0 {
				sub.Submitter = &from[0]
			}
			a.Submission = sub
		}
		a.Submission.Layers++
		msg = inner
	}
	if sub := a.Submission; sub != nil {
		who := "someone"
		if sub.Submitter != nil {
			who = sub.Submitter.Address
		}
		if sub.Method == MethodMicrosoftReport {
			a.add(CodeSubmitted, "Reported as %s by %s.", sub.Kind, who)
		} else {
			a.add(CodeForwarded, "Forwarded by %s (%s, %s).", who, sub.Method, countText(sub.Layers, "layer"))
		}
	}
	return msg
}

// unwrapOnceReport removes one wrapper.
func unwrapOnceReport(outer *message, a *Analysis, c *checker, layer int) (*message, SubmissionKind, SubmissionMethod) {
	subject := outer.get("Subject")
	kind, isSubmission := submissionKind(subject)
	reporter := fromReporter(outer, c, layer)
	attached := attachedMessages(outer)
	if len(attached) > 0 && (isSubmission || reporter && looksForwarded(outer, c)) {
		if len(attached) > 1 {
			if isSubmission {
				a.warn("The submission has %d attached messages; Microsoft expects one. The first was analysed.", len(attached))
			} else {
				a.warn("The report has %d attached messages; the first was analysed.", len(attached))
			}
		}
		inner, err := readAttachedMessage(attached[0], a)
		if err == nil {
			if isSubmission {
				return inner, kind, MethodMicrosoftReport
			}
			return inner, SubmissionForwarded, MethodAttached
		}
		a.warn("The reported message attached to the report could not be read (%s), so the report itself was analysed.", shorten(err.Error(), 160))
		return nil, "", ""
	}
	if isSubmission && outer.root != nil && len(attached) == 0 && hasOutlookAttachment(outer) {
		a.warn("The reported message is attached as an Outlook .msg file that Vigil could not read, so the submission itself was analysed.")
	}
	if !isSubmission && !reporter {
		return nil, "", ""
	}
	if inner := unwrapPasted(outer, a); inner != nil {
		if isSubmission {
			return inner, kind, MethodPasted
		}
		return inner, SubmissionForwarded, MethodPasted
	}
	return nil, "", ""
}

// attachedMessages lists the parts that are whole e-mails: message/rfc822 parts, .eml files
// and Outlook .msg files.
func attachedMessages(m *message) []*enmime.Part {
	var out []*enmime.Part
	walkParts(m.root, func(p *enmime.Part) {
		ext := extension(partName(p))
		switch {
		case p.ContentType == "message/rfc822" || ext == "eml":
			out = append(out, p)
		case isOLE(p.Content) && (ext == "msg" || p.ContentType == "application/vnd.ms-outlook"):
			out = append(out, p)
		}
	})
	return out
}

func hasOutlookAttachment(m *message) bool {
	found := false
	walkParts(m.root, func(p *enmime.Part) {
		found = found || extension(partName(p)) == "msg" || p.ContentType == "application/vnd.ms-outlook"
	})
	return found
}

// fromReporter reports whether a message may be someone passing another on to report it.
// The outermost wrapper must come from inside the organisation when its domains are known:
// otherwise a criminal could write a fake "forwarded message" into a lure and have Vigil
// analyse the fake instead of the lure, and record the criminal as the reporter. Inner
// wrappers, already passed on by a reporter, need only a forward's subject.
func fromReporter(m *message, c *checker, layer int) bool {
	from := addresses(m, "From", &Analysis{})
	own := len(from) > 0 && len(c.orgDomains) > 0 && c.isOwn(from[0].Domain)
	switch {
	case own:
		return true
	case layer > 0 || len(c.orgDomains) == 0:
		return isForwardSubject(m.get("Subject")) || strings.TrimSpace(m.get("Subject")) == ""
	}
	return false
}

// looksForwarded reports whether a message carrying another is someone passing it on,
// rather than a message that happens to attach one: a forward's subject, a sender inside the
// organisation, or a short covering note.
func looksForwarded(m *message, c *checker) bool {
	if isForwardSubject(m.get("Subject")) || strings.TrimSpace(m.get("Subject")) == "" {
		return true
	}
	if from := addresses(m, "From", &Analysis{}); len(from) > 0 && len(c.orgDomains) > 0 && c.isOwn(from[0].Domain) {
		return true
	}
	note := strings.Join(strings.Fields(m.text), " ")
	return len(note) < 2000 && strings.Count(note, "://") <= 2
}

// readAttachedMessage reads an attached e-mail, converting an Outlook .msg file first.
func readAttachedMessage(p *enmime.Part, a *Analysis) (*message, error) {
	raw := p.Content
	if isOLE(raw) {
		converted, err := outlookToEML(raw)
		if err != nil {
			return nil, err
		}
		raw = converted
	}
	return readMessage(raw, a)
}
