// Package report is Vigil's "speak up" service: staff report anything
// suspicious — an e-mail, a call, a lost smartcard, a device acting oddly —
// and always hear back.
//
// A report is saved before anything else happens to it, so nothing is lost:
// a reported e-mail is stored exactly as received (size-capped, and never
// served as what it claims to be) before it is analysed. Reported e-mails
// that belong together are grouped into campaigns; an analyst gives one
// verdict per campaign and every reporter in it hears back, on their "My
// reports" page and by e-mail. Later reports of a known campaign get the
// verdict at once.
package report

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/report/email"
)

// Status is where a report is in its life.
type Status string

const (
	// Draft is a report still being filled in. Only its author can see it,
	// and drafts left for a day are deleted.
	Draft Status = "draft"
	// Open is a sent report waiting for a verdict.
	Open Status = "open"
	// Closed is a report with a verdict.
	Closed Status = "closed"
)

// Label is the status as the reporter reads it.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Not sent yet"
	case Open:
		return "We are looking at it"
	case Closed:
		return "Checked"
	}
	return string(s)
}

// MyReportsPath is the page where reporters see what became of what they
// reported: the pages serve it and feedback e-mails link to it.
const MyReportsPath = "/my-reports"

// Source is how a report reached Vigil.
type Source string

const (
	FromWeb     Source = "web"     // the staff journey
	FromMailbox Source = "mailbox" // the reporting mailbox
	FromAPI     Source = "api"     // another system, with an API token
)

// Verdict is what an analyst decided a report was.
type Verdict string

const (
	Malicious          Verdict = "malicious"
	PhishingSimulation Verdict = "phishing-simulation"
	Spam               Verdict = "spam"
	Safe               Verdict = "safe"
	// Resolved is for reports that are not a message to judge — a lost
	// smartcard, a tailgater — once they have been dealt with.
	Resolved Verdict = "resolved"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{Malicious, PhishingSimulation, Spam, Safe, Resolved}

// VerdictsFor lists the verdicts a report of the kind can get: each kind
// its own. Only a message can be junk, only something that could have been
// our own practice scam can be one, and an e-mail is always judged as what it
// was — "dealt with" would tell its reporter nothing.
func VerdictsFor(k Kind) []Verdict {
	switch k {
	case Email:
		return []Verdict{Malicious, PhishingSimulation, Spam, Safe}
	case CallOrText:
		return []Verdict{Malicious, PhishingSimulation, Spam, Safe, Resolved}
	case Clicked:
		return []Verdict{Malicious, PhishingSimulation, Safe, Resolved}
	case LostDevice:
		return []Verdict{Malicious, Resolved}
	}
	return []Verdict{Malicious, Safe, Resolved}
}

// Label is the verdict as the reporter reads it.
func (v Verdict) Label() string {
	switch v {
	case Malicious:
		return "A real scam or attack"
	case PhishingSimulation:
		return "A practice scam: well spotted"
	case Spam:
		return "Junk, not an attack"
	case Safe:
		return "Genuine and safe"
	case Resolved:
		return "Dealt with"
	}
	return string(v)
}

// Report is one thing a member of staff reported.
type Report struct {
	ID     string
	OrgID  string
	Kind   Kind
	Status Status
	Source Source

	ReporterID   string // empty when anonymous, or when a mailbox sender is not a person in Vigil
	ReporterName string
	// ReporterAddress is the From address of a mailbox report whose sender
	// is not a person in Vigil, kept so the analyst knows who to ask.
	ReporterAddress string
	Anonymous       bool

	Details Details
	// Subject is the reported e-mail's subject: text written by whoever sent
	// the e-mail, to be shown only as text.
	Subject string
	// AnalysisNote says why the analysis is missing or limited, in plain words.
	AnalysisNote string
	// HasEmail says a reported e-mail is stored with the report.
	HasEmail  bool
	EmailName string // the uploaded file's name, as the reporter's computer called it
	EmailSize int

	CampaignID  string
	Verdict     Verdict // empty while open
	VerdictNote string
	VerdictAt   *time.Time

	CreatedAt time.Time
	SentAt    *time.Time

	analysis       string // JSON of email.Analysis, decoded on demand
	replyMessageID string // the Message-ID of the reporter's own e-mail, for threading feedback
	processed      bool   // filed: analysed, in its campaign, feedback queued
}

// Analysis decodes the stored analysis of the reported e-mail; nil when there is none.
func (r Report) Analysis() *email.Analysis {
	if r.analysis == "" {
		return nil
	}
	var a email.Analysis
	if err := json.Unmarshal([]byte(r.analysis), &a); err != nil {
		return nil
	}
	return &a
}

// Clicked says whether the reporter said they clicked, replied, gave details
// or entered a password: feedback then starts with what to do about it.
func (r Report) Clicked() bool {
	switch r.Kind {
	case Clicked:
		return true
	case Email:
		return r.Details["clicked"] == "yes"
	case CallOrText:
		return r.Details["gave"] == "yes"
	}
	return false
}

// Noun is what was reported, for feedback: "text message", "lost device".
func (r Report) Noun() string {
	if r.Kind == CallOrText {
		if r.Details["channel"] == "text" {
			return "text message"
		}
		return "phone call"
	}
	return r.Kind.Noun()
}

// Title names the report in lists: the e-mail's subject, or the kind.
func (r Report) Title() string {
	if s := strings.TrimSpace(r.Subject); s != "" {
		return s
	}
	return r.Kind.Title()
}

// Campaign is a group of reported e-mails that are one attack (or one
// newsletter, or one practice scam), judged once.
type Campaign struct {
	ID           string
	OrgID        string
	Title        string // the first report's subject
	SenderDomain string
	Verdict      Verdict // empty while open
	VerdictNote  string
	DecidedBy    string
	DecidedAt    *time.Time
	// WarningText is the short "we've seen this" warning for all staff, shown
	// while WarningPublishedAt is set.
	WarningText        string
	WarningPublishedAt *time.Time
	CreatedAt          time.Time
	LastReportAt       time.Time
	Reports            int // how many reports it holds
	Reporters          int // how many different people reported it
}

// Warning is a published "we've seen this" warning.
type Warning struct {
	CampaignID  string
	Title       string
	Text        string
	PublishedAt time.Time
	National    bool // from the national centre, about a lure several organisations reported
}
