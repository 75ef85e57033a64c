package email

import (
	"fmt"
	"strings"
)

// NotReported is the result of a check that the message carries no result for.
const NotReported = "not-reported"

// Auth is what the receiving mail server recorded about the sender checks (SPF, DKIM, DMARC,
// ARC and Microsoft's composite check), from the message's Authentication-Results headers.
//
// Passing checks prove only which domain sent the message, not that the domain is honest:
// they are evidence, never a verdict.
type Auth struct {
	SPF      AuthCheck `json:"spf"`
	DKIM     AuthCheck `json:"dkim"`
	DMARC    AuthCheck `json:"dmarc"`
	CompAuth AuthCheck `json:"compauth"`
	// ARC is the receiver's check of the ARC chain that forwarders (mailing lists, other
	// organisations' gateways) add to vouch for what they received.
	ARC AuthCheck `json:"arc"`
	// ARCDMARC is the DMARC result the first forwarder in the ARC chain recorded, before it
	// changed the message; set only when the receiver found the chain intact (ARC pass).
	ARCDMARC AuthCheck `json:"arc_dmarc"`
	// ARCSealer is the domain of the first forwarder that sealed the ARC chain.
	ARCSealer string `json:"arc_sealer,omitempty"`
	// ServID names the server that wrote the results. Microsoft 365 leaves it out.
	ServID string `json:"authserv_id,omitempty"`
	// Header holds the Authentication-Results headers the results were read from: the
	// topmost ones written by one server (a server may split its results over several
	// headers), because each server adds its own above the ones before it, and lower ones may
	// have been written by the sender. With Options.AuthServIDs set, only those servers'.
	Header string `json:"header,omitempty"`
	// Ignored counts Authentication-Results headers left unread because another server wrote
	// them.
	Ignored int `json:"ignored,omitempty"`
	// Lenient says a header broke the standard (as Microsoft 365's do) and was read with
	// Vigil's lenient reader.
	Lenient bool `json:"lenient,omitempty"`
}

// AuthCheck is the result of one sender check.
type AuthCheck struct {
	Result string `json:"result"`           // pass, fail, softfail, none, … or NotReported
	Domain string `json:"domain,omitempty"` // the domain checked: smtp.mailfrom, header.d or header.from
	Reason string `json:"reason,omitempty"`
}

func (c AuthCheck) reported() bool { return c.Result != NotReported }

// readAuth fills a.Auth from the Authentication-Results headers of one server: the one
// named in trusted when that is set (RFC 8601 section 5: only results written by the
// organisation's own boundary server can be believed), otherwise the topmost server with
// results. An empty string in trusted stands for Microsoft 365, whose headers name no server.
func readAuth(m *message, a *Analysis, trusted []string) {
	a.Auth = Auth{
		SPF: AuthCheck{Result: NotReported}, DKIM: AuthCheck{Result: NotReported},
		DMARC: AuthCheck{Result: NotReported}, CompAuth: AuthCheck{Result: NotReported},
		ARC: AuthCheck{Result: NotReported}, ARCDMARC: AuthCheck{Result: NotReported},
	}
	fromDomain := ""
	if a.From != nil {
		fromDomain = a.From.Domain
	}
	var headers []string
	group, grouped := "", false
	for _, value := range limitHeaders(m.values("Authentication-Results")) {
		value = strings.Join(strings.Fields(value), " ")
		servID, results, lenient := parseAuthResults(value)
		id := strings.ToLower(servID)
		switch {
		case len(trusted) > 0 && !trustedServID(id, trusted), len(trusted) == 0 && grouped && id != group:
			a.Auth.Ignored++
			continue
		case len(results) == 0:
			// "mx.example; none": the topmost server checked and found nothing to report,
			// so older headers below, from other servers, are not read instead.
			if !lenient && !grouped {
				group, grouped = id, true
			}
			continue
		}
		group, grouped = id, true
		headers = append(headers, value)
		a.Auth.ServID = servID
		a.Auth.Lenient = a.Auth.Lenient || lenient
		for _, r := range results {
			a.Auth.record(r, fromDomain)
		}
	}
	a.Auth.Header = a.capped("Authentication-Results headers", strings.Join(headers, "\n"), maxAuthHeaderText)
	if a.Auth.ARC.Result == "pass" {
		readARC(m, a)
	}
}

// record keeps one method's result: the first reported for each method, except DKIM, where
// a message can carry several signatures and the one that matters is a passing signature
// from the From domain, then any pass, then the first.
func (au *Auth) record(r authResult, fromDomain string) {
	check := AuthCheck{Result: shorten(r.result, 40), Domain: shorten(r.domain, MaxAddressLength), Reason: shorten(r.reason, MaxFieldLength)}
	var into *AuthCheck
	switch r.method {
	case "spf":
		into = &au.SPF
	case "dkim":
		if !au.DKIM.reported() || betterDKIM(check, au.DKIM, fromDomain) {
			au.DKIM = check
		}
		return
	case "dmarc":
		into = &au.DMARC
	case "compauth":
		into = &au.CompAuth
	case "arc":
		into = &au.ARC
	default:
		return
	}
	if !into.reported() {
		*into = check
	}
}

func trustedServID(id string, trusted []string) bool {
	for _, t := range trusted {
		t = strings.ToLower(strings.TrimSpace(t))
		if id == t || t != "" && strings.HasSuffix(id, "."+t) {
			return true
		}
	}
	return false
}

// limitHeaders keeps the first maxAuthHeaders values: a message cannot make the analysis
// read thousands of them.
func limitHeaders(values []string) []string {
	if len(values) > maxAuthHeaders {
		return values[:maxAuthHeaders]
	}
	return values
}

func betterDKIM(candidate, current AuthCheck, fromDomain string) bool {
	score := func(c AuthCheck) int {
		s := 0
		if c.Result == "pass" {
			s += 2
			if fromDomain != "" && registrableDomain(c.Domain) == registrableDomain(fromDomain) {
				s++
			}
		}
		return s
	}
	return score(candidate) > score(current)
}

// verifiedFrom reports whether DMARC passed for the From domain: the one check that ties the
// address a reader sees to the domain that sent the message.
func (au Auth) verifiedFrom(fromDomain string) bool {
	if au.DMARC.Result != "pass" {
		return false
	}
	return au.DMARC.Domain == "" || registrableDomain(au.DMARC.Domain) == registrableDomain(fromDomain)
}

// checkAuth turns the sender checks into indicators.
func checkAuth(a *Analysis, c *checker) {
	au := a.Auth
	if au.Header == "" {
		a.add(CodeAuthMissing, "The message has no Authentication-Results header.")
		return
	}
	fromDomain := ""
	if a.From != nil {
		fromDomain = a.From.Domain
	}
	switch au.DMARC.Result {
	case "fail":
		if au.forwardedIntact() && !c.isOwn(fromDomain) {
			a.add(CodeDMARCFailForwarded, "DMARC fail%s, but %s vouched (ARC) that it passed before forwarding.",
				forDomain(au.DMARC.Domain), orSomeone(au.ARCSealer))
			break
		}
		a.add(CodeDMARCFail, "DMARC %s%s.", au.DMARC.Result, forDomain(au.DMARC.Domain))
		if fromDomain != "" && c.isOwn(fromDomain) {
			a.add(CodeOwnDomainForged, "From %s, but DMARC failed.", a.From.Address)
		}
	case "permerror", "temperror":
		a.add(CodeDMARCError, "DMARC %s%s.", au.DMARC.Result, forDomain(au.DMARC.Domain))
	case "none", "bestguesspass":
		a.add(CodeNoDMARC, "DMARC %s%s.", au.DMARC.Result, forDomain(au.DMARC.Domain))
	}
	switch au.SPF.Result {
	case "fail", "hardfail":
		a.add(CodeSPFFail, "SPF %s%s.", au.SPF.Result, forDomain(au.SPF.Domain))
	case "softfail":
		a.add(CodeSPFSoftFail, "SPF softfail%s.", forDomain(au.SPF.Domain))
	}
	if au.DKIM.Result == "fail" {
		a.add(CodeDKIMFail, "DKIM fail%s.", forDomain(au.DKIM.Domain))
	}
	switch au.CompAuth.Result {
	case "fail", "softfail":
		a.add(CodeCompAuthFail, "compauth=%s%s.", au.CompAuth.Result, reasonText(au.CompAuth.Reason))
		if fromDomain != "" && c.isOwn(fromDomain) {
			a.add(CodeOwnDomainForged, "From %s, but Microsoft's sender check failed.", a.From.Address)
		}
	}
	if fromDomain != "" && au.verifiedFrom(fromDomain) {
		a.add(CodeAuthPass, "DMARC pass for %s (SPF %s, DKIM %s).", fromDomain, au.SPF.Result, au.DKIM.Result)
	}
}

// forwardedIntact reports whether a forwarder vouched, with an ARC chain the receiver found
// intact, that the message passed DMARC before the forwarder changed it.
func (au Auth) forwardedIntact() bool {
	return au.ARC.Result == "pass" && au.ARCDMARC.Result == "pass"
}

func orSomeone(domain string) string {
	if domain == "" {
		return "a forwarder"
	}
	return domain
}

func forDomain(d string) string {
	if d == "" {
		return ""
	}
	return " for " + d
}

func reasonText(r string) string {
	if r == "" {
		return ""
	}
	return fmt.Sprintf(" (reason %s)", r)
}
