package email

import (
	"encoding/base64"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// checkURLs turns the links into indicators.
func checkURLs(a *Analysis, c *checker) {
	recipients := recipientForms(a.To)
	hosts := map[string]struct{}{} // each host is checked for look-alikes once
	for _, u := range a.URLs {
		checkWrapper(a, u)
		if _, err := netip.ParseAddr(strings.Trim(u.Host, "[]")); err == nil {
			a.add(CodeIPAddressLink, "%s", u.Defanged)
			continue
		}
		if u.UnicodeHost != "" {
			if strings.Contains(u.Domain, "xn--") {
				a.add(CodeInternationalLink, "%s is written %s.", defangHost(u.Host), u.UnicodeHost)
			} else {
				// A company with an international name registers it as its domain; foreign
				// letters only in a made-up name in front of an ordinary domain are there to
				// make each copy's link different.
				a.add(CodeInternationalLink, "%s is written %s: the foreign letters are only in a made-up name in front of %s.",
					defangHost(u.Host), u.UnicodeHost, defangHost(u.Domain))
				a.raise(CodeInternationalLink, High)
			}
		}
		if _, done := hosts[u.Host]; !done {
			hosts[u.Host] = struct{}{}
			if l, ok := c.lookalike(u.Host); ok && l.weak {
				a.addAs(CodeLookalikeLink, Medium, "%s %s.", defangHost(u.Host), l.how)
			} else if ok {
				a.add(CodeLookalikeLink, "%s %s.", defangHost(u.Host), l.how)
				a.raise(CodeLookalikeLink, High)
			}
		}
		if h := freeHost(u.Host); h != "" && (a.From == nil || registrableDomain(a.From.Domain) != u.Domain) {
			a.add(CodeFreeHostingLink, "%s is on %s.", defangHost(u.Host), h)
		}
		if isShortener(u.Host) {
			a.add(CodeLinkShortener, "%s", u.Defanged)
		}
		if tld, ok := abusedEnding(u.Host); ok && !c.trusted(u.Host) {
			a.add(CodeAbusedDomainEnding, "Link to %s ends in .%s.", defangHost(u.Host), tld)
		}
		if who := recipientIn(u.URL, recipients); who != "" && !unsubscribeLink(u.URL) {
			a.add(CodeRecipientInLink, "%s carries %s.", u.Defanged, who)
		}
	}
}

// checkWrapper reports what was unwrapped from a link, and a redirect through another site.
func checkWrapper(a *Analysis, u URL) {
	if len(u.WrappedBy) == 0 {
		return
	}
	wrapper := defangHost(hostOfLink(u.Wrapper))
	switch u.WrappedBy[0] {
	case wrapSafeLinks:
		a.add(CodeSafeLinksUnwrap, "%s really goes to %s.", wrapper, u.Defanged)
	case wrapProofpoint, wrapMimecast:
		if u.OnlyDomain {
			a.add(CodeLinkUnwrapped, "%s (%s) goes to a page on %s; only the domain is shown.", wrapper, u.WrappedBy[0], defangHost(u.Host))
		} else {
			a.add(CodeLinkUnwrapped, "%s (%s) really goes to %s.", wrapper, u.WrappedBy[0], u.Defanged)
		}
	}
	if slices.Contains(u.WrappedBy, wrapRedirect) && !ownTracker(a, hostOfLink(u.Wrapper), u) {
		a.add(CodeRedirectLink, "A link through %s really goes to %s.", wrapper, u.Defanged)
	}
}

func hostOfLink(raw string) string {
	if p, err := parseLink(raw); err == nil && p.url != nil {
		return p.url.Hostname()
	}
	return raw
}

// recipientForms are the ways a recipient's address is written into a personalised link:
// as is, and base64 encoded.
func recipientForms(to []Address) map[string]string {
	forms := map[string]string{}
	for _, r := range to {
		addr := strings.ToLower(r.Address)
		if !strings.Contains(addr, "@") {
			continue
		}
		forms[addr] = addr
		forms[strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(addr)), "=")] = addr
		forms[strings.TrimRight(base64.URLEncoding.EncodeToString([]byte(addr)), "=")] = addr
	}
	return forms
}

func recipientIn(link string, forms map[string]string) string {
	if len(forms) == 0 {
		return ""
	}
	decoded := link
	if d, err := url.QueryUnescape(link); err == nil {
		decoded = d
	}
	lower := strings.ToLower(decoded)
	for form, addr := range forms {
		if strings.Contains(lower, form) || strings.Contains(decoded, form) {
			return addr
		}
	}
	return ""
}

// checkLinkText reports a link whose words show a web address other than where it goes.
func checkLinkText(a *Analysis, text string, u URL) {
	shown := relaxedURLs().FindString(text)
	if shown == "" || strings.Contains(shown, "@") && !strings.Contains(shown, "/") {
		return
	}
	lower := strings.ToLower(shown)
	nameOnly := !strings.Contains(lower, "://") && !strings.HasPrefix(lower, "www.") && !strings.Contains(lower, "/")
	if !strings.Contains(shown, "://") {
		shown = "http://" + shown
	}
	sp, err := parseLink(shown)
	if err != nil || sp.url == nil || sp.url.Hostname() == "" {
		return
	}
	shownHost := strings.ToLower(unwrapLink(sp.url).url.Hostname())
	if registrableDomain(shownHost) == u.Domain || !namesASite(shownHost) {
		return
	}
	// Words such as "ASP.NET" or "CNET News.com" name a product, and a newsletter's links go
	// through its own click counter: neither is a trick unless the words name a trusted site.
	ownSite := a.From != nil && !isFreeMail(a.From.Domain) && u.Domain == registrableDomain(a.From.Domain)
	if (nameOnly || ownSite) && !famousHost(shownHost) {
		return
	}
	a.add(CodeLinkTextMismatch, "The link shows %s but goes to %s.", defangHost(shownHost), defangHost(u.Host))
}

// namesASite reports whether a host written in a link's words could be a web site, not a
// version number such as 5.0.2.0.
func namesASite(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return possibleDomain(host) && strings.ContainsFunc(host, func(r rune) bool { return r < '0' || r > '9' && r != '.' })
}

// famousHost reports whether a host belongs to, or carries the name of, a brand that
// criminals imitate.
func famousHost(host string) bool {
	for _, b := range wellKnownBrands {
		if ownedBy(host, b.domains) {
			return true
		}
	}
	for _, b := range consumerBrands {
		if ownsMark(host, b.marks) {
			return true
		}
	}
	return false
}

// ownTracker reports whether a redirect is the sender's own click tracker or its mailing
// service's: newsletters count clicks this way, and the destination is judged anyway.
func ownTracker(a *Analysis, wrapperHost string, u URL) bool {
	d := registrableDomain(wrapperHost)
	if _, bulk := bulkServiceOf(wrapperHost); bulk || d == u.Domain {
		return true
	}
	return a.From != nil && d == registrableDomain(a.From.Domain)
}

// unsubscribeLink reports a newsletter's link to leave it or change what it sends, which
// carries the subscriber's address for good reason.
func unsubscribeLink(link string) bool {
	l := strings.ToLower(link)
	for _, w := range []string{"unsub", "remove", "optout", "opt-out", "opt_out", "preferences", "leave"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
