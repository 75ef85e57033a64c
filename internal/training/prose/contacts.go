package prose

import (
	"html"
	"regexp"
	"slices"
	"strconv"
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
	SwitchboardPhone           string
	InformationGovernancePhone string
	CaldicottEmail             string // the Caldicott Guardian, who decides on sharing patient information
	SecurityOnCallPhone        string // the cyber security team's out-of-hours number
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
	{name: "switchboard_phone", who: "switchboard", unset: "switchboard", kind: phone,
		value: func(c Contacts) string { return c.SwitchboardPhone }},
	{name: "ig_phone", who: "the Information Governance team", unset: "your Information Governance team", kind: phone,
		value: func(c Contacts) string { return c.InformationGovernancePhone }},
	{name: "caldicott_email", who: "the Caldicott Guardian", unset: "the Caldicott Guardian (switchboard can put you through)", kind: email,
		value: func(c Contacts) string { return c.CaldicottEmail }},
	// Out of hours the IT on-call team can reach the security team, so it
	// is the next best number.
	{name: "security_on_call_phone", who: "the on-call cyber security team", unset: "the on-call cyber security team (ask switchboard)", kind: phone,
		value: func(c Contacts) string { return c.SecurityOnCallPhone }, fallback: "on_call_phone"},
}

// setters fill in the contacts an organisation sets on its local contacts
// page; the organisation's name and the service desk are its settings.
var setters = map[string]func(*Contacts, string){
	"security_email":             func(c *Contacts, v string) { c.SecurityEmail = v },
	"on_call_phone":              func(c *Contacts, v string) { c.OnCallPhone = v },
	"security_on_call_phone":     func(c *Contacts, v string) { c.SecurityOnCallPhone = v },
	"ig_email":                   func(c *Contacts, v string) { c.InformationGovernanceEmail = v },
	"ig_phone":                   func(c *Contacts, v string) { c.InformationGovernancePhone = v },
	"caldicott_email":            func(c *Contacts, v string) { c.CaldicottEmail = v },
	"switchboard_phone":          func(c *Contacts, v string) { c.SwitchboardPhone = v },
	"site_security_phone":        func(c *Contacts, v string) { c.SiteSecurityPhone = v },
	"clinical_engineering_phone": func(c *Contacts, v string) { c.ClinicalEngineeringPhone = v },
}

// Local is one contact an organisation sets for itself.
type Local struct {
	Name  string // the placeholder's name: {{switchboard_phone}}
	Who   string // "switchboard"
	Phone bool   // a phone number, otherwise an e-mail address
}

// Locals lists the contacts an organisation sets for itself, in the order
// content names them.
func Locals() []Local {
	var out []Local
	for _, p := range placeholders {
		if setters[p.name] != nil {
			out = append(out, Local{Name: p.name, Who: p.who, Phone: p.kind == phone})
		}
	}
	return out
}

// Set fills in one local contact; it is false for a name that is not one.
func (c *Contacts) Set(name, value string) bool {
	set, ok := setters[name]
	if ok {
		set(c, strings.TrimSpace(value))
	}
	return ok
}

// Get is one contact's value, "" when unset or unknown.
func (c Contacts) Get(name string) string {
	if p, ok := lookup(name); ok {
		return p.value(c)
	}
	return ""
}

// MaxContactChars bounds a contact: a number with an extension, or an address.
const MaxContactChars = 80

// CheckLocal says what is wrong with a value for a local contact, or "".
// A phone contact may be words ("bleep 2207 or ext 4321"): it is shown as
// text when a phone cannot dial it.
func CheckLocal(l Local, value string) string {
	v := strings.TrimSpace(value)
	switch {
	case v == "":
		return ""
	case len([]rune(v)) > MaxContactChars:
		return "Keep it to " + strconv.Itoa(MaxContactChars) + " characters."
	case strings.ContainsAny(v, "<>{}\n\r\t"):
		return "Write only the number or address, without brackets or line breaks."
	case !l.Phone && !mailAddress.MatchString(v):
		return "Enter an e-mail address, such as ig.team@nhs.net."
	}
	return ""
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
