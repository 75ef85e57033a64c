package email

import "time"

// Analysis is what Vigil found in a reported e-mail. Names, addresses, subjects, link words,
// file names and details are taken from the message and are untrusted: show them as text,
// never as HTML. Body.HTML is the one exception: it has been sanitised.
type Analysis struct {
	Subject    string    `json:"subject"`
	From       *Address  `json:"from"` // nil when the message has no usable From
	Sender     *Address  `json:"sender,omitempty"`
	ReplyTo    []Address `json:"reply_to"`
	ReturnPath string    `json:"return_path,omitempty"` // the envelope sender, without < >
	To         []Address `json:"to,omitempty"`
	Date       time.Time `json:"date,omitzero"`
	MessageID  string    `json:"message_id,omitempty"`

	Auth Auth `json:"auth"`
	// Received is the delivery path, oldest hop first: Received[0] is the relay nearest the
	// sender, the last one is the organisation's own mail server.
	Received    []Hop        `json:"received"`
	URLs        []URL        `json:"urls"`
	Attachments []Attachment `json:"attachments"`

	// Simulation is set when the message carries the organisation's own phishing-simulation
	// marker: the reporter did the right thing and should be thanked.
	Simulation *Simulation `json:"simulation,omitempty"`
	// Submission is set when the file was a report wrapped around the original message: a
	// Microsoft "Report" submission, a forward with the original attached (any mail
	// program's "forward as attachment"), or a forward with the original pasted into the
	// body. Everything else in the Analysis then describes the original message.
	Submission *Submission `json:"submission,omitempty"`

	// Indicators are the signs found, most serious first.
	Indicators       []Indicator     `json:"indicators"`
	SuggestedVerdict Verdict         `json:"suggested_verdict"`
	VerdictReason    string          `json:"verdict_reason"`
	Evidence         []IndicatorCode `json:"evidence"` // the indicators behind the suggested verdict

	Body SafeView `json:"body"`

	// Warnings say what could not be read or was left out, in plain English.
	Warnings []string `json:"warnings"`
	Size     int      `json:"size"`   // bytes of the analysed message
	SHA256   string   `json:"sha256"` // of the analysed message: the original, when unwrapped from a submission
}

// Address is one mailbox from a header.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
	Domain  string `json:"domain"` // lower case, as written after the @
}

// Hop is one Received header: one mail server handing the message to the next.
type Hop struct {
	From string    `json:"from,omitempty"` // the name the sending server gave
	By   string    `json:"by,omitempty"`   // the receiving server
	With string    `json:"with,omitempty"` // the protocol, e.g. ESMTPS
	IP   string    `json:"ip,omitempty"`   // the sending server's address, when recorded
	Date time.Time `json:"date,omitzero"`
	Raw  string    `json:"raw"`
}

// URL is one distinct link found in the message.
type URL struct {
	URL    string `json:"url"`    // the real destination: wrappers and redirectors are removed
	Domain string `json:"domain"` // registrable domain, e.g. "example.co.uk"; the address for IP links
	Host   string `json:"host"`   // in ASCII (punycode for international names)
	// UnicodeHost is the host as a reader sees it, set only when it differs from Host.
	UnicodeHost string `json:"unicode_host,omitempty"`
	Defanged    string `json:"defanged"`       // safe to paste into a chat or ticket: hxxps://evil[.]example
	Text        string `json:"text,omitempty"` // the words of the first link that pointed here
	// Wrapper is the link exactly as written when the destination was found inside it (Safe
	// Links, Proofpoint, Mimecast, a search engine's click tracker, a redirect): the evidence.
	Wrapper string `json:"wrapper,omitempty"`
	// WrappedBy names each wrapper removed, outermost first.
	WrappedBy []string `json:"wrapped_by,omitempty"`
	// OnlyDomain says the wrapper keeps the destination to itself and shows only its domain
	// (Mimecast): URL then names just that domain.
	OnlyDomain bool     `json:"only_domain,omitempty"`
	Sources    []string `json:"sources"` // "text", "html", "attachment:NAME", "qr:NAME" (a QR code in that attachment)
}

// Attachment is one file carried by the message. Its content is never opened or run: it is
// hashed, its first bytes are compared with known file signatures, and zip archives have their
// table of contents read.
type Attachment struct {
	Name         string   `json:"name"`
	DeclaredType string   `json:"declared_type"` // what the message says it is
	SniffedType  string   `json:"sniffed_type"`  // what its first bytes say it is
	Size         int      `json:"size"`
	SHA256       string   `json:"sha256"`
	Inline       bool     `json:"inline,omitempty"`
	Risky        bool     `json:"risky"`
	RiskReasons  []string `json:"risk_reasons,omitempty"`
	Encrypted    bool     `json:"encrypted,omitempty"`     // a password-protected archive
	ArchiveFiles []string `json:"archive_files,omitempty"` // names inside a zip, up to MaxArchiveEntries
}

// Simulation records the phishing-simulation marker that matched.
type Simulation struct {
	Header string `json:"header"`
	Value  string `json:"value"`
}

// SubmissionKind is what the reporter said the message was, in Microsoft's report format.
type SubmissionKind string

const (
	SubmissionJunk     SubmissionKind = "junk"     // subject prefix "1|" or "Junk:"
	SubmissionNotJunk  SubmissionKind = "not-junk" // subject prefix "2|" or "Not junk:"
	SubmissionPhishing SubmissionKind = "phishing" // subject prefix "3|" or "Phishing:"
	// SubmissionForwarded is a forward to a reporting mailbox, where the reporter did not
	// say what they thought the message was.
	SubmissionForwarded SubmissionKind = "forwarded"
)

// SubmissionMethod is how the original message came wrapped in the report.
type SubmissionMethod string

const (
	MethodMicrosoftReport SubmissionMethod = "microsoft-report" // Microsoft's Report button or add-in
	MethodAttached        SubmissionMethod = "attached"         // forwarded as an attachment (.eml or .msg)
	MethodPasted          SubmissionMethod = "pasted"           // forwarded inline: the original pasted into the body
)

// Submission describes the wrapper around a reported message: who reported it and how.
type Submission struct {
	Kind      SubmissionKind   `json:"kind"`
	Method    SubmissionMethod `json:"method"`
	Submitter *Address         `json:"submitter"` // who reported it: the outermost wrapper's From
	Subject   string           `json:"subject"`   // the outermost wrapper's subject, prefix included
	// Layers counts the wrappers removed: a forward of a forward is 2. At most MaxForwardDepth.
	Layers int `json:"layers"`
}

// SafeView is the body made safe for an analyst to read: nothing in it loads, runs or links.
type SafeView struct {
	Text string `json:"text"`           // the plain-text body, with URLs defanged
	HTML string `json:"html,omitempty"` // the HTML body sanitised: no scripts, styles, images or links; URLs defanged
	// Truncated says a view was cut at MaxSafeViewBytes.
	Truncated bool `json:"truncated,omitempty"`
}

// Verdict is the suggested outcome for a reported e-mail. It is a suggestion for an analyst,
// who gives the final verdict.
type Verdict string

const (
	Malicious          Verdict = "malicious"
	PhishingSimulation Verdict = "phishing-simulation"
	Spam               Verdict = "spam"
	Safe               Verdict = "safe"
	Unknown            Verdict = "unknown"
)
