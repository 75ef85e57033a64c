package prose

import (
	"html"
	"regexp"
	"slices"
	"strings"
)

// Contacts are an organisation's own numbers and addresses, which lessons
// and quick answers name through placeholders such as {{service_desk_phone}}.
// Any of them may be empty: the text then falls back to words that still
// tell a member of staff who to turn to, never to a raw placeholder.
type Contacts struct {
	Organisation               string // "Riverside University Hospitals NHS Foundation Trust"
	ServiceDeskPhone           string
	ServiceDeskEmail           string
	SecurityEmail              string // the cyber security team's mailbox
	OnCallPhone                string // the out-of-hours IT on-call number
	InformationGovernanceEmail string
	SiteSecurityPhone          string
	ClinicalEngineeringPhone   string // the medical devices team (EBME)
}

type contactKind int

const (
	phone contactKind = iota
	email
	name
)

// placeholder is one name content may use. Each fills in as a whole noun
// phrase ("the IT service desk on 0300 555 0142"), so that a sentence such
// as "Call {{service_desk_phone}} now." reads well with or without a number.
type placeholder struct {
	name     string
	who      string // who the contact reaches, before " on <number>"
	unset    string // the whole phrase when neither this nor the fallback is set
	kind     contactKind
	value    func(Contacts) string
	fallback string // another placeholder of the same kind to use when this one is empty
}

var placeholders = []placeholder{
	{name: "organisation", unset: "your organisation", kind: name,
		value: func(c Contacts) string { return c.Organisation }},
	{name: "service_desk_phone", who: "the IT service desk", unset: "the IT service desk", kind: phone,
		value: func(c Contacts) string { return c.ServiceDeskPhone }},
	{name: "service_desk_email", who: "the IT service desk", unset: "the IT service desk", kind: email,
		value: func(c Contacts) string { return c.ServiceDeskEmail }},
	{name: "security_email", who: "the cyber security team", unset: "the cyber security team (the IT service desk can give you the address)", kind: email,
		value: func(c Contacts) string { return c.SecurityEmail }},
	// Out of hours the service desk number usually reaches the on-call team
	// too, so it is a better fallback than no number at all.
	{name: "on_call_phone", who: "the IT on-call team", unset: "the IT on-call team (ask switchboard to page them)", kind: phone,
		value: func(c Contacts) string { return c.OnCallPhone }, fallback: "service_desk_phone"},
	{name: "ig_email", who: "the Information Governance team", unset: "your Information Governance team", kind: email,
		value: func(c Contacts) string { return c.InformationGovernanceEmail }},
	{name: "site_security_phone", who: "site security", unset: "site security (through switchboard)", kind: phone,
		value: func(c Contacts) string { return c.SiteSecurityPhone }},
	{name: "clinical_engineering_phone", who: "clinical engineering", unset: "clinical engineering (the medical devices team)", kind: phone,
		value: func(c Contacts) string { return c.ClinicalEngineeringPhone }},
}

// Placeholders lists the names content may write between {{ and }}.
func Placeholders() []string {
	out := make([]string, len(placeholders))
	for i, p := range placeholders {
		out[i] = p.name
	}
	return out
}

func lookup(n string) (placeholder, bool) {
	i := slices.IndexFunc(placeholders, func(p placeholder) bool { return p.name == n })
	if i < 0 {
		return placeholder{}, false
	}
	return placeholders[i], true
}

// resolve picks the placeholder whose value is set, following the fallback.
func resolve(p placeholder, c Contacts) (placeholder, string) {
	if v := strings.TrimSpace(p.value(c)); v != "" {
		return p, v
	}
	if f, ok := lookup(p.fallback); ok {
		if v := strings.TrimSpace(f.value(c)); v != "" {
			return f, v
		}
	}
	return p, ""
}

// phraseHTML is the placeholder filled in as safe HTML. Numbers become tel:
// links so a tap on a phone dials them; addresses become mailto: links.
// A value that is not a plausible number or address is shown as plain text.
func phraseHTML(n string, c Contacts) string {
	p, ok := lookup(n)
	if !ok {
		return "" // compiled text holds known names only
	}
	p, v := resolve(p, c)
	if v == "" {
		return html.EscapeString(p.unset)
	}
	shown := html.EscapeString(v)
	switch p.kind {
	case phone:
		if d := dialable(v); d != "" {
			shown = `<a href="tel:` + d + `">` + shown + `</a>`
		}
		return html.EscapeString(p.who) + " on " + shown
	case email:
		if mailAddress.MatchString(v) {
			shown = `<a href="mailto:` + v + `">` + shown + `</a>`
		}
		return html.EscapeString(p.who) + " at " + shown
	}
	return shown
}

// phrasePlain is the placeholder filled in as plain text.
func phrasePlain(n string, c Contacts) string {
	p, ok := lookup(n)
	if !ok {
		return ""
	}
	p, v := resolve(p, c)
	switch {
	case v == "":
		return p.unset
	case p.kind == phone:
		return p.who + " on " + v
	case p.kind == email:
		return p.who + " at " + v
	}
	return v
}

var (
	phoneChars  = regexp.MustCompile(`^\+?[0-9 ()\-.]+$`)
	mailAddress = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$`)
)

// dialable is the number a tel: link dials: its digits, and a leading + for
// an international number. It is empty when v is not a phone number
// ("ext 4321 or bleep 22" stays text: a phone cannot dial it).
func dialable(v string) string {
	if !phoneChars.MatchString(v) {
		return ""
	}
	var b strings.Builder
	if strings.HasPrefix(v, "+") {
		b.WriteByte('+')
	}
	for _, r := range v {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 || b.Len() > 16 {
		return ""
	}
	return b.String()
}
