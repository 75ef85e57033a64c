// Package alert is the one shape Vigil gives every security alert it ingests,
// whichever detection tool raised it (Wazuh, Elastic, Microsoft Defender or
// Sentinel, a firewall). Decoders in the subpackages turn each tool's own
// record into an Alert; later steps store it, tie its observables to the
// assets in the care map, rank it by clinical impact and raise incidents.
//
// This package holds no I/O: it is the vocabulary the decoders, the store, the
// ingest bus and the correlation share.
package alert

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Format names the shape an alert arrived in.
type Format string

const (
	Wazuh   Format = "wazuh"   // Wazuh alerts.json lines, or the integrator's webhook payload
	ECS     Format = "ecs"     // Elastic Common Schema, event.kind "alert"
	OCSF    Format = "ocsf"    // OCSF Detection Finding, class_uid 2004
	Generic Format = "generic" // Vigil's own small shape, for webhooks such as a Sentinel Logic App
	CEF     Format = "cef"     // ArcSight Common Event Format, over syslog
)

// Source says where an alert came from.
type Source struct {
	Format Format `json:"format"`
	// Tool is the product that raised the alert as the record names it ("Wazuh",
	// "Elastic Security", "Palo Alto Networks PAN-OS").
	Tool string `json:"tool"`
	// Name is what Vigil calls the sender: the API token's or the listener's name.
	// The caller sets it; dedup keys are unique within one Name.
	Name string `json:"name"`
}

// ToolName names a tool from its vendor and product as a record gives them:
// "Palo Alto Networks PAN-OS", or either alone, or one of them once when both
// say the same.
func ToolName(vendor, product string) string {
	switch {
	case vendor == "":
		return product
	case product == "" || vendor == product:
		return vendor
	}
	return vendor + " " + product
}

// Alert is one alert, normalised.
type Alert struct {
	Source Source `json:"source"`
	// SourceID is the source's own id for the alert, empty when it has none.
	SourceID string `json:"source_id,omitempty"`
	// DedupKey makes a retry harmless: the same key from the same Source.Name is
	// the same alert. See Finish.
	DedupKey string `json:"dedup_key"`
	// Received is when Vigil received the alert; Occurred is when the source says it
	// happened, or Received when the source does not say. Both are UTC.
	Received time.Time `json:"received"`
	Occurred time.Time `json:"occurred"`
	// Severity is on Vigil's scale; SeverityRaw is the source's own value, as text.
	Severity    Severity `json:"severity"`
	SeverityRaw string   `json:"severity_raw,omitempty"`
	RuleID      string   `json:"rule_id,omitempty"`
	RuleName    string   `json:"rule_name,omitempty"`
	// Category is the source's own classification ("authentication_failures",
	// "malware"); Techniques are MITRE ATT&CK technique ids such as T1110 or T1059.001.
	Category   string   `json:"category,omitempty"`
	Techniques []string `json:"techniques,omitempty"`
	// Observables are what a later step matches against the care map's assets.
	Observables []Observable `json:"observables,omitempty"`
	// Title is short and plain, for a list on a phone.
	Title string `json:"title"`
	// Raw is the record as received, kept as evidence. Its size is bounded by the
	// decoder's record or frame limit.
	Raw []byte `json:"raw,omitempty"`
}

// Limits on the text an alert keeps. Ids longer than MaxIDLength make a record
// invalid (a cut id could name another alert); longer text is shortened.
const (
	MaxIDLength       = 256
	MaxTitleRunes     = 200
	MaxRuleNameRunes  = 500
	MaxCategoryRunes  = 200
	MaxToolRunes      = 100
	MaxRawSeverity    = 40 // runes of SeverityRaw
	MaxTechniques     = 32
	MaxObservables    = 64
	maxObservableText = 256
	maxURLText        = 2048
)

// Finish completes an alert after a decoder has filled it: it makes the texts
// plain and short, falls back to the rule name, then the tool, for a title, sets
// Occurred to Received when the source gave no time, makes times UTC, and sets
// the dedup key unless the decoder has.
//
// The dedup key is the source's own id for the event, when it has one: a key the
// decoder set with EventKey, else EventKey(SourceID). Otherwise it is StableKey.
func (a *Alert) Finish() {
	a.Received = a.Received.UTC()
	a.Title = CleanText(a.Title, MaxTitleRunes)
	a.RuleName = CleanText(a.RuleName, MaxRuleNameRunes)
	a.Category = CleanText(a.Category, MaxCategoryRunes)
	a.Source.Tool = CleanText(a.Source.Tool, MaxToolRunes)
	a.SeverityRaw = CleanText(a.SeverityRaw, MaxRawSeverity)
	if a.Title == "" {
		a.Title = a.RuleName
	}
	if a.Title == "" {
		a.Title = CleanText("Alert from "+a.Source.Tool, MaxTitleRunes)
	}
	if a.Occurred.IsZero() {
		a.Occurred = a.Received
	} else {
		a.Occurred = a.Occurred.UTC()
	}
	switch {
	case a.DedupKey != "":
	case a.SourceID != "":
		a.DedupKey = EventKey(a.SourceID)
	default:
		a.DedupKey = a.StableKey()
	}
}

// CleanText makes s plain: control characters and runs of white space become one
// space, invalid UTF-8 is replaced, and text longer than max runes is cut with "…".
func CleanText(s string, max int) string {
	if isPlain(s, max) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s { // invalid UTF-8 arrives as U+FFFD
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if utf8.RuneCountInString(out) <= max {
		return out
	}
	n := 0
	for i := range out {
		if n == max-1 {
			return strings.TrimRight(out[:i], " ") + "…"
		}
		n++
	}
	return out
}

// isPlain is the fast path of CleanText: short ASCII or UTF-8 text with single
// inner spaces and nothing to trim.
func isPlain(s string, max int) bool {
	if len(s) > max || s == "" {
		return s == ""
	}
	prevSpace := true // no leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c < ' ' || c == 0x7f:
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace
}
