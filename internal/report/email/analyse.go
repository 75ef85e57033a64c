// Package email analyses an e-mail that a member of staff reported as suspicious.
//
// It reads the message and describes what it finds — who really sent it, whether the
// sender's domain vouched for it, where its links go, what its attachments are — as
// indicators with plain-English reasons, and suggests a verdict with the evidence for it.
//
// It never opens a link, runs an attachment, loads an image or renders the message.
// Everything it returns is text; the one piece of HTML it returns has been sanitised and has
// no links or images left in it.
package email

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
)

// DefaultSimulationHeader is the header Vigil's own phishing simulations carry.
const DefaultSimulationHeader = "X-Vigil-Simulation"

// Options describe the organisation the reported message was sent to.
type Options struct {
	// OrgDomains are the organisation's own mail domains, e.g. "nhs.net" or
	// "riverside.nhs.uk". Mail from them counts as internal; addresses made to look like
	// them are a warning sign. Without them, Vigil cannot tell internal mail from external.
	OrgDomains []string

	// SimulationMarkers recognise the organisation's own phishing simulations, so that the
	// reporter is thanked instead of alarmed. nil means one marker: DefaultSimulationHeader
	// with any value. An empty, non-nil slice turns recognition off.
	//
	// Set Values to a code known only to the simulation team: a marker that accepts any
	// value can be copied by a criminal who has seen one of the simulations.
	SimulationMarkers []SimulationMarker

	// AuthServIDs name the organisation's own boundary mail servers as they sign their
	// Authentication-Results headers (the authserv-id, e.g. "mx.nhs.net"). When set, only
	// those headers are believed: any other could have been written by the sender. An empty
	// string stands for Microsoft 365, whose headers carry no authserv-id. When unset, the
	// topmost server's headers are read.
	AuthServIDs []string

	// Classifier, when set, judges the message by what the organisation's analysts decided
	// about similar reports (see package classify). Its judgement is one more indicator,
	// never the verdict on its own.
	Classifier Classifier

	// MaxSize is the largest message accepted, in bytes. Zero means DefaultMaxSize.
	MaxSize int
}

// SimulationMarker is a header that phishing simulations carry.
//
// GoPhish's own X-Gophish-Contact header is deliberately not a default: criminals use
// GoPhish too, so its header is reported as an indicator, not trusted as a simulation.
type SimulationMarker struct {
	Header string   // e.g. "X-Vigil-Simulation"
	Values []string // accepted values, compared exactly; empty accepts any non-empty value
}

// Errors that Analyse wraps in a *vigil.Error with code vigil.Invalid; test with errors.Is.
var (
	ErrEmpty      = errors.New("email: empty message")
	ErrTooLarge   = errors.New("email: message too large")
	ErrNotAnEmail = errors.New("email: not an e-mail message")
	ErrOutlookMsg = errors.New("email: unreadable Outlook .msg file")
)

// Analyse reads a reported e-mail, in RFC 5322 (.eml) or Outlook (.msg) form, and describes
// it. When the file is a report wrapped around the original — a Microsoft "Report"
// submission, a forward with the original attached, or a forward with the original pasted
// into the body — the original is analysed and the wrapper recorded in Analysis.Submission.
//
// Problems that leave part of the message unreadable are listed in Analysis.Warnings and the
// rest is still analysed. Analyse returns an error only when there is nothing to analyse: the
// input is empty, over the size limit, or not an e-mail at all.
func Analyse(raw []byte, opts Options) (*Analysis, error) {
	opts = opts.withDefaults()
	if len(raw) == 0 {
		return nil, invalid(ErrEmpty, "The file is empty.")
	}
	if len(raw) > opts.MaxSize {
		return nil, invalid(ErrTooLarge, "The e-mail is larger than the %s limit.", sizeText(opts.MaxSize))
	}
	a := &Analysis{}
	if isOLE(raw) {
		eml, err := outlookToEML(raw)
		if err != nil {
			return nil, invalid(fmt.Errorf("%w: %w", ErrOutlookMsg, err),
				"This looks like an Outlook .msg file, but Vigil could not read it. In Outlook, forward the e-mail as an attachment, or save it with File > Save As.")
		}
		raw = eml
		if !outlookHeadersKept(raw) {
			a.warn("The Outlook file did not keep the e-mail's original headers, so the delivery path and sender checks are missing.")
		}
	}
	msg, err := readMessage(raw, a)
	if err != nil {
		return nil, err
	}
	c := newChecker(opts)
	msg = unwrapReport(msg, a, c)
	sum := sha256.Sum256(msg.raw)
	a.Size, a.SHA256 = len(msg.raw), hex.EncodeToString(sum[:])

	if len(c.orgDomains) == 0 {
		a.warn("No organisation domains were given, so Vigil could not tell internal mail from external mail or spot look-alikes of your own domains.")
	}
	readHeaders(msg, a)
	readAuth(msg, a, opts.AuthServIDs)
	documentWords := readURLs(msg, a)
	readAttachments(msg, a)
	a.Body = safeView(msg, a)

	x := readContext(msg, a)
	checkSender(a, c)
	checkImpersonation(a)
	checkAuth(a, c)
	checkURLs(a, c)
	checkRelayedLinks(a, c)
	checkContent(a, documentWords)
	checkSignInElsewhere(a, c)
	checkQRDestinations(a, c)
	checkBulk(a, x)
	checkSimulation(msg, a, opts.SimulationMarkers)

	weighEvidence(a, x, c, oldMail(a, msg))
	checkLearned(a, opts.Classifier)
	a.sortIndicators()
	suggestVerdict(a, c, x)
	a.fillNils()
	return a, nil
}

func (o Options) withDefaults() Options {
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.SimulationMarkers == nil {
		o.SimulationMarkers = []SimulationMarker{{Header: DefaultSimulationHeader}}
	}
	return o
}

// fillNils makes empty lists encode as [] rather than null, which is easier for API users.
func (a *Analysis) fillNils() {
	if a.ReplyTo == nil {
		a.ReplyTo = []Address{}
	}
	if a.Received == nil {
		a.Received = []Hop{}
	}
	if a.URLs == nil {
		a.URLs = []URL{}
	}
	if a.Attachments == nil {
		a.Attachments = []Attachment{}
	}
	if a.Indicators == nil {
		a.Indicators = []Indicator{}
	}
	if a.Evidence == nil {
		a.Evidence = []IndicatorCode{}
	}
	if a.Warnings == nil {
		a.Warnings = []string{}
	}
}

// capped cuts a field taken from the message at max bytes, saying so in a warning.
func (a *Analysis) capped(what, s string, max int) string {
	if len(s) <= max {
		return s
	}
	a.warn("The %s was longer than %d characters; Vigil kept the first %d.", what, max, max)
	return shorten(s, max)
}

func invalid(cause error, format string, args ...any) error {
	return &vigil.Error{Code: vigil.Invalid, Message: fmt.Sprintf(format, args...), Err: cause}
}

// sizeText writes a byte count the way people say it.
func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<10-1)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
