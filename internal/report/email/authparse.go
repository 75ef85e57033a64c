package email

import (
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// readARC reads the DMARC result the first forwarder recorded (the ARC-Authentication-Results
// header with the lowest instance) and the domain that sealed it.
func readARC(m *message, a *Analysis) {
	lowest := 0
	for _, value := range limitHeaders(m.values("Arc-Authentication-Results")) {
		i, rest := arcInstance(value)
		if i == 0 || lowest != 0 && i >= lowest {
			continue
		}
		_, results, _ := parseAuthResults(strings.Join(strings.Fields(rest), " "))
		for _, r := range results {
			if r.method == "dmarc" {
				lowest = i
				a.Auth.ARCDMARC = AuthCheck{Result: r.result, Domain: r.domain}
			}
		}
	}
	for _, value := range limitHeaders(m.values("Arc-Seal")) {
		i, _ := arcInstance(value)
		if i != lowest {
			continue
		}
		for _, tag := range strings.Split(value, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(tag), "=")
			if strings.TrimSpace(k) == "d" {
				a.Auth.ARCSealer = domainOf(strings.TrimSpace(v))
			}
		}
	}
}

// arcInstance splits "i=2; mx.example; dkim=pass …" into 2 and the rest.
func arcInstance(value string) (int, string) {
	first, rest, ok := strings.Cut(value, ";")
	k, v, _ := strings.Cut(strings.TrimSpace(first), "=")
	if !ok || strings.TrimSpace(k) != "i" {
		return 0, ""
	}
	n := 0
	for _, c := range strings.TrimSpace(v) {
		if c < '0' || c > '9' || n > 1000 {
			return 0, ""
		}
		n = n*10 + int(c-'0')
	}
	return n, rest
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
	case *authres.ARCResult:
		return authResult{"arc", strings.ToLower(string(r.Value)), "", ""}, true
	case *authres.GenericResult:
		if strings.EqualFold(r.Method, "compauth") {
			return authResult{"compauth", strings.ToLower(string(r.Value)), "", r.Params["reason"]}, true
		}
	}
	return authResult{}, false
}

// authMethods are the methods the lenient reader records.
var authMethods = map[string]string{"spf": "smtp.mailfrom", "dkim": "header.d", "dmarc": "header.from", "compauth": "", "arc": ""}

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
