package email

import (
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// readHeaders fills the sender, recipients, subject, date and delivery path.
func readHeaders(m *message, a *Analysis) {
	a.Subject = a.capped("subject", m.get("Subject"), MaxSubjectLength)
	a.MessageID = a.capped("Message-ID", strings.Trim(m.get("Message-Id"), "<> \t"), MaxFieldLength)
	if d := m.get("Date"); d != "" {
		if t, err := mail.ParseDate(d); err == nil {
			a.Date = t.UTC()
		} else {
			a.warn("The Date header could not be read: %q.", shorten(d, 80))
		}
	}

	from := addresses(m, "From", a)
	if len(from) > 0 {
		a.From = &from[0]
		readBrokenFrom(m.header.Get("From"), a)
	}
	if len(from) > 1 {
		a.warn("The From header names %d senders; only the first was checked.", len(from))
	}
	if s := addresses(m, "Sender", a); len(s) > 0 {
		a.Sender = &s[0]
	}
	a.ReplyTo = addresses(m, "Reply-To", a)
	a.To = addresses(m, "To", a)
	// The receiving server writes Return-Path from the envelope sender; "<>" means a bounce.
	a.ReturnPath = a.capped("Return-Path", strings.Trim(m.get("Return-Path"), "<> \t"), MaxAddressLength)

	received := m.values("Received")
	if len(received) > MaxReceivedHops {
		a.warn("The message has %d Received headers; only the newest %d were read.", len(received), MaxReceivedHops)
		received = received[:MaxReceivedHops]
	}
	for i := len(received) - 1; i >= 0; i-- {
		h := parseHop(received[i])
		h.Raw = a.capped("Received header", h.Raw, MaxHopLength)
		h.From, h.By, h.With = shorten(h.From, MaxNameLength), shorten(h.By, MaxNameLength), shorten(h.With, MaxNameLength)
		a.Received = append(a.Received, h)
	}
}

// addresses parses an address header, tolerating the damage real mail has.
func addresses(m *message, name string, a *Analysis) []Address {
	raw := m.header.Get(name)
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	list, err := enmime.ParseAddressList(raw)
	if err != nil || len(list) == 0 {
		// A bare address is still worth having when the rest of the header is broken.
		if addr := bareAddress.FindString(raw); addr != "" {
			return []Address{newAddress("", addr)}
		}
		a.warn("The %s header could not be read: %q.", name, shorten(raw, 80))
		return nil
	}
	if len(list) > MaxRecipients {
		a.warn("The %s header names %d addresses; only the first %d were kept.", name, len(list), MaxRecipients)
		list = list[:MaxRecipients]
	}
	out := make([]Address, 0, len(list))
	for _, l := range list {
		ad := newAddress(a.capped("display name in "+name, l.Name, MaxNameLength), l.Address)
		ad.Address = a.capped("address in "+name, ad.Address, MaxAddressLength)
		out = append(out, ad)
	}
	return out
}

var bareAddress = regexp.MustCompile(`[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)

func newAddress(name, addr string) Address {
	addr = strings.TrimSpace(addr)
	domain := ""
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		domain = addr[i+1:]
	}
	return Address{Name: strings.TrimSpace(name), Address: addr, Domain: strings.ToLower(strings.TrimSuffix(domain, "."))}
}

// String writes the address as a mail program shows it.
func (ad Address) String() string {
	if ad.Name == "" {
		return ad.Address
	}
	return `"` + ad.Name + `" <` + ad.Address + `>`
}

var (
	bracketedIP = regexp.MustCompile(`\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]`)
	hopWord     = regexp.MustCompile(`(?i)(?:^|\s)(from|by|with|via|id|for)\s+(\S+)`)
)

// parseHop reads the parts of a Received header that an analyst follows: who handed the
// message over, from which address, to whom, and when. Received headers have no reliable
// grammar in practice, so this reads words, not a syntax tree.
func parseHop(raw string) Hop {
	raw = strings.Join(strings.Fields(raw), " ")
	h := Hop{Raw: raw}
	clauses := raw
	if i := strings.LastIndexByte(raw, ';'); i >= 0 {
		clauses = raw[:i]
		if t, err := mail.ParseDate(strings.TrimSpace(raw[i+1:])); err == nil {
			h.Date = t.UTC()
		}
	}
	for _, m := range hopWord.FindAllStringSubmatch(withoutComments(clauses), -1) {
		word, value := strings.ToLower(m[1]), strings.Trim(m[2], "<>;")
		switch {
		case word == "from" && h.From == "":
			h.From = value
		case word == "by" && h.By == "":
			h.By = value
		case word == "with" && h.With == "":
			h.With = value
		}
	}
	// The sender's address is in the from clause, in brackets or as a bare address in the
	// comment (Microsoft 365 writes "(2603:10a6:...)").
	fromClause := clauses
	if i := strings.Index(strings.ToLower(clauses), " by "); i >= 0 {
		fromClause = clauses[:i]
	}
	for _, m := range bracketedIP.FindAllStringSubmatch(fromClause, -1) {
		if ip, err := netip.ParseAddr(m[1]); err == nil {
			h.IP = ip.String()
			return h
		}
	}
	for _, word := range strings.FieldsFunc(fromClause, func(r rune) bool { return strings.ContainsRune(" ()[]", r) }) {
		if ip, err := netip.ParseAddr(word); err == nil {
			h.IP = ip.String()
			break
		}
	}
	return h
}

// withoutComments drops parenthesised comments, which may contain any words.
func withoutComments(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
			b.WriteByte(' ')
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var displayNameAddress = regexp.MustCompile(`[A-Za-z0-9._%+'\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)`)

// checkSender looks for the tricks that make a message seem to come from someone it does not.
func checkSender(a *Analysis, c *checker) {
	if a.From == nil || a.From.Domain == "" {
		a.add(CodeMissingFrom, "")
		return
	}
	from := a.From
	fromDomain := registrableDomain(from.Domain)

	if len(c.orgDomains) > 0 {
		if c.isOwn(from.Domain) {
			a.add(CodeInternal, "Sent from %s.", from.Address)
		} else {
			a.add(CodeExternal, "Sent from %s.", from.Address)
		}
	}

	// A display name that is itself an address, but not this one: "jane.smith@nhs.net" <x@evil.example>.
	if m := displayNameAddress.FindStringSubmatch(withoutHiddenMarks(from.Name)); m != nil {
		if registrableDomain(strings.ToLower(m[1])) != fromDomain {
			a.add(CodeDisplayNameAddress, "The name shows %s, but the message came from %s.", m[0], from.Address)
		}
	}
	if claim, ok := c.trustedNameClaim(from.Name, from.Domain); ok {
		a.add(CodeDisplayNameTrusted, "The name says %q (%s), but the address is %s.", from.Name, claim, from.Address)
	}

	for _, who := range senderAddresses(a) {
		if l, ok := c.lookalike(who.addr.Domain); ok {
			a.add(CodeLookalikeSender, "%s address %s %s.", who.role, who.addr.Address, l.how)
		}
	}

	if isFreeMail(from.Domain) {
		if claim := organisationClaim(from.Name); claim != "" {
			a.add(CodeFreeMailOrg, "The name %q says %q, but the address is %s.", shorten(from.Name, 100), claim, from.Address)
		}
	}
	for _, r := range a.ReplyTo {
		switch {
		case r.Domain == "" || strings.EqualFold(r.Address, from.Address):
		case isFreeMail(r.Domain) && !isFreeMail(from.Domain):
			a.add(CodeReplyToFreeMail, "It comes from %s, but replies go to %s.", from.Address, r.Address)
		case registrableDomain(r.Domain) != fromDomain:
			a.add(CodeReplyToDiffers, "It comes from %s, but replies go to %s.", from.Address, r.Address)
		}
	}
	if a.Sender != nil && a.Sender.Domain != "" && registrableDomain(a.Sender.Domain) != fromDomain {
		a.add(CodeSenderDiffers, "From %s, sent by %s.", from.Address, a.Sender.Address)
	}
	if rp := newAddress("", a.ReturnPath); rp.Domain != "" && registrableDomain(rp.Domain) != fromDomain {
		a.add(CodeReturnPathDiffers, "From %s, return address %s.", from.Address, a.ReturnPath)
	}

	var endings []string
	for _, who := range senderAddresses(a) {
		if tld, ok := abusedEnding(who.addr.Domain); ok && !slices.Contains(endings, who.addr.Domain) {
			endings = append(endings, who.addr.Domain)
			a.add(CodeAbusedDomainEnding, "%s address %s ends in .%s.", who.role, who.addr.Address, tld)
		}
	}
}

type roleAddress struct {
	role string // how the analyst knows this address: "From", "Reply-To"
	addr Address
}

// senderAddresses lists the addresses that speak for the sender.
func senderAddresses(a *Analysis) []roleAddress {
	var out []roleAddress
	if a.From != nil {
		out = append(out, roleAddress{"From", *a.From})
	}
	if a.Sender != nil {
		out = append(out, roleAddress{"Sender", *a.Sender})
	}
	for _, r := range a.ReplyTo {
		out = append(out, roleAddress{"Reply-To", r})
	}
	return out
}

// readBrokenFrom handles a From line that breaks the address rules in a way mail programs
// forgive, such as an unquoted comma in the name ("Gift card, jehd <x@example.com>"): the
// reader still sees the name, so it is kept for the checks, and the broken line is a sign.
func readBrokenFrom(raw string, a *Analysis) {
	if _, err := enmime.ParseAddressList(raw); err == nil || a.From.Name != "" {
		return
	}
	shown := raw
	if i := strings.Index(shown, a.From.Address); i >= 0 {
		shown = shown[:i]
	}
	shown = strings.Trim(shown, " \t\"'<>,;()")
	if shown != "" {
		a.From.Name = a.capped("display name in From", enmime.DecodeRFC2047(shown), MaxNameLength)
	}
	a.add(CodeMalformedFrom, "The From line reads %q.", shorten(raw, 120))
}
