// Package feedback tells staff what became of something they reported: a
// receipt when the report arrives, then the analyst's verdict, by e-mail.
//
// Hearing back is what keeps people reporting, so every message thanks the
// reporter, never blames them, says plainly what the verdict means and what
// to do now. Templates render the words; a Sender delivers them.
package feedback

import "context"

// Verdict is what the reporter is told about their report. The values match
// the analyst's verdicts in the report package, plus the receipt.
type Verdict string

const (
	// Acknowledged is the receipt: "we have it and we're looking at it".
	Acknowledged       Verdict = "acknowledged"
	Malicious          Verdict = "malicious"
	PhishingSimulation Verdict = "phishing-simulation"
	Spam               Verdict = "spam"
	Safe               Verdict = "safe"
)

// Verdicts lists every verdict that has feedback templates.
func Verdicts() []Verdict {
	return []Verdict{Acknowledged, Malicious, PhishingSimulation, Spam, Safe}
}

// Feedback is everything the templates need to write to one reporter.
type Feedback struct {
	Verdict Verdict
	To      string // the reporter's e-mail address

	FirstName        string // may be empty: the greeting is then just "Hello,"
	Organisation     string // e.g. "Northgate General Hospital NHS Trust"
	ServiceDeskPhone string // from the organisation's settings; may be empty

	// Kind names what was reported, as a person would: "e-mail" (the
	// default), "text message", "phone call", "USB stick".
	Kind string
	// Subject is the reported e-mail's subject, if any. It is written by
	// whoever sent that e-mail, so links are removed before it is quoted.
	Subject string
	// Clicked is set when the reporter said they clicked a link, opened an
	// attachment or entered their password: the feedback then starts with
	// what to do about that.
	Clicked bool

	AnalystNote  string // optional, shown as the analyst wrote it (escaped in HTML)
	MyReportsURL string // link to the reporter's "My reports" page; optional

	// InReplyTo is the Message-ID of the reporter's own e-mail, when the
	// report came by e-mail, so the feedback shows in the same thread.
	InReplyTo string
}

// Message is a feedback e-mail ready to send.
type Message struct {
	To        string // one address: "jane.smith@nhs.net" or "Jane Smith <jane.smith@nhs.net>"
	Subject   string
	Text      string // the plain-text part
	HTML      string // the HTML part
	InReplyTo string // optional Message-ID, with or without angle brackets
}

// Sender delivers feedback e-mails.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
