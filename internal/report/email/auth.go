package email

import (
	"fmt"
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// NotReported is the result of a check that the message carries no result for.
const NotReported = "not-reported"

// Auth is what the receiving mail server recorded about the sender checks (SPF, DKIM, DMARC
// and Microsoft's composite check), from the message's Authentication-Results header.
//
// Passing checks prove only which domain sent the message, not that the domain is honest:
// they are evidence, never a verdict.
type Auth struct {
	SPF      AuthCheck `json:"spf"`
	DKIM     AuthCheck `json:"dkim"`
	DMARC    AuthCheck `json:"dmarc"`
	CompAuth AuthCheck `json:"compauth"`
	// ServID names the server that wrote the results. Microsoft 365 leaves it out.
	ServID string `json:"authserv_id,omitempty"`
	// Header is the Authentication-Results header the results were read from: the topmost
	// one with results, because each server adds its own above the ones before it, and
	// lower ones may have been written by the sender.
	Header string `json:"header,omitempty"`
	// Lenient says the header broke the standard (as Microsoft 365's do) and was read with
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

// readAuth fills a.Auth from the topmost Authentication-Results header that has results.
func readAuth(m *message, a *Analysis) {
	a.Auth = Auth{
		SPF: AuthCheck{Result: NotReported}, DKIM: AuthCheck{Result: NotReported},
		DMARC: AuthCheck{Result: NotReported}, CompAuth: AuthCheck{Result: NotReported},
	}
	fromDomain := ""
	if a.From != nil {
		fromDomain = a.From.Domain
	}
	for _, value := range m.values("Authentication-Results") {
		value = strings.Join(strings.Fields(value), " ")
		servID, results, lenient := parseAuthResults(value)
		if len(results) == 0 {
			continue
		}
		a.Auth.Header, a.Auth.ServID, a.Auth.Lenient = value, servID, lenient
		for _, r := range results {
			check := AuthCheck{Result: r.result, Domain: r.domain, Reason: r.reason}
			switch r.method {
			case "spf":
				if !a.Auth.SPF.reported() {
					a.Auth.SPF = check
				}
			case "dkim":
				// A message can carry several signatures; the one that matters is a passing
				// signature from the From domain, then any pass, then the first.
				if !a.Auth.DKIM.reported() || betterDKIM(check, a.Auth.DKIM, fromDomain) {
					a.Auth.DKIM = check
				}
			case "dmarc":
				if !a.Auth.DMARC.reported() {
					a.Auth.DMARC = check
				}
			case "compauth":
				if !a.Auth.CompAuth.reported() {
					a.Auth.CompAuth = check
				}
			}
		}
		return
	}
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

// authResult is one method's result from an Authentication-Results header.
type authResult struct {
	method, result, domain, reason string
}

// parseAuthResults reads one Authentication-Results value. It tries go-msgauth's strict
// RFC 8601 reader first; Microsoft 365 omits the authserv-id the RFC requires, which the strict
// reader refuses, so those headers are read leniently instead.
func parseAuthResults(value string) (servID string, results []authResult, lenient bool) {
	id, parsed, err := authres.Parse(value)
	if err == nil && !strings.Contains(id, "=") {
		for _, r := range parsed {
			if ar, ok := fromAuthres(r); ok {
				results = append(results, ar)
			}
		}
		return id, results, false
	}
	servID, results = parseAuthResultsLeniently(value)
	return servID, results, true
}

func fromAuthres(r authres.Result) (authResult, bool) {
	switch r := r.(type) {
	case *authres.SPFResult:
		return authResult{"spf", strings.ToLower(string(r.Value)), domainOf(r.From), r.Reason}, true
	case *authres.DKIMResult:
		return authResult{"dkim", strings.ToLower(string(r.Value)), domainOf(r.Domain), r.Reason}, true
	case *authres.DMARCResult:
		return authResult{"dmarc", strings.ToLower(string(r.Value)), domainOf(r.From), r.Reason}, true
	case *authres.GenericResult:
		if strings.EqualFold(r.Method, "compauth") {
			return authResult{"compauth", strings.ToLower(string(r.Value)), "", r.Params["reason"]}, true
		}
	}
	return authResult{}, false
}

// authMethods are the methods the lenient reader records.
var authMethods = map[string]string{"spf": "smtp.mailfrom", "dkim": "header.d", "dmarc": "header.from", "compauth": ""}

// parseAuthResultsLeniently reads "method=result key=value …" statements separated by
// semicolons, with or without an authserv-id in front, ignoring comments.
func parseAuthResultsLeniently(value string) (servID string, results []authResult) {
	for i, statement := range strings.Split(withoutComments(value), ";") {
		fields := strings.Fields(statement)
		if len(fields) == 0 {
			continue
		}
		if i == 0 && !strings.Contains(fields[0], "=") {
			servID = fields[0]
			continue
		}
		method, result, ok := strings.Cut(fields[0], "=")
		method = strings.ToLower(method)
		domainKey, known := authMethods[method]
		if !ok || !known {
			continue
		}
		r := authResult{method: method, result: strings.ToLower(strings.Trim(result, `"`))}
		for _, f := range fields[1:] {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				continue
			}
			k, v = strings.ToLower(k), strings.Trim(v, `"`)
			switch {
			case domainKey != "" && k == domainKey:
				r.domain = domainOf(v)
			case method == "spf" && k == "smtp.helo" && r.domain == "":
				r.domain = domainOf(v)
			case k == "reason":
				r.reason = v
			}
		}
		results = append(results, r)
	}
	return servID, results
}

// domainOf takes the domain from an address or returns the domain given, in lower case.
func domainOf(s string) string {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return strings.ToLower(strings.Trim(s, "<>. "))
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
		a.add(CodeDMARCFail, "DMARC %s%s.", au.DMARC.Result, forDomain(au.DMARC.Domain))
		if fromDomain != "" && c.isOwn(fromDomain) {
			a.add(CodeOwnDomainForged, "From %s, but DMARC failed.", a.From.Address)
		}
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
