package email

import (
	"slices"
	"strings"
)

// weighEvidence lets signs explain each other away, the way an experienced analyst reads a
// message: a mailing list's own Reply-To, a mailing service's Return-Path or a missing check
// on old mail are normal for what the message is, so they are kept for the analyst to see
// but no longer count towards a verdict. Each explained sign says why.
func weighEvidence(a *Analysis, x mailContext, c *checker, old bool) {
	fromDomain := ""
	if a.From != nil {
		fromDomain = registrableDomain(a.From.Domain)
	}
	verified := fromDomain != "" && (a.Auth.verifiedFrom(fromDomain) || a.Auth.dkimAligned(fromDomain))
	list := x.listID != ""
	internal := fromDomain != "" && c.isOwn(fromDomain)

	for i := range a.Indicators {
		in := &a.Indicators[i]
		switch in.Code {
		case CodeReturnPathDiffers:
			switch {
			case list:
				in.explain(Info, "Mailing lists send with their own return address.")
			case x.service != "":
				in.explain(Info, "Mailing services such as "+x.service+" send with their own return address.")
			case verified:
				in.explain(Info, "The sender's domain vouched for the message with its own signature.")
			}
		case CodeSenderDiffers:
			switch {
			case list:
				in.explain(Info, "Mailing lists name themselves as the sender.")
			case x.service != "":
				in.explain(Info, "Mailing services such as "+x.service+" name themselves as the sender.")
			case verified:
				in.explain(Info, "The domain in From vouched for the message.")
			}
		case CodeReplyToDiffers:
			switch {
			case list && replyToList(a, x):
				in.explain(Info, "Replies go to the mailing list, as lists arrange.")
			case verified && x.bulk() && !replyToFreeMail(a):
				in.explain(Low, "Newsletters and notifications often take replies at another address of the company.")
			}
		case CodeAuthMissing:
			switch {
			case a.Submission != nil && a.Submission.Method == MethodPasted:
				in.explain(Info, "A forward pasted into an e-mail keeps none of the original's sender checks.")
			case old:
				in.explain(Info, "The message is older than sender checks: mail of its age carries none.")
			case internal && internalRoute(a, c):
				in.explain(Info, "It travelled only inside the organisation, where mail is not checked this way.")
			}
		case CodeNoDMARC, CodeSPFSoftFail:
			if list || verified {
				in.explain(Info, "Mailing lists and forwarding often affect this check; the message was otherwise vouched for.")
			}
		case CodeDKIMFail:
			if list {
				in.explain(Info, "Mailing lists change messages, which breaks their original signature.")
			}
		case CodeDMARCFail, CodeOwnDomainForged:
			switch {
			case list && a.Auth.forwardedIntact():
				in.explain(Info, "The mailing list vouched (ARC) that it passed before the list changed it.")
			case list && !internal && in.Code == CodeDMARCFail:
				in.explain(Low, "Mailing lists change messages, which can make this check fail; it is weaker evidence here.")
			}
		case CodeLookalikeLink:
			if in.Severity == Medium && linkedSites(a) >= widelyLinked {
				in.explain(Low, "One link among many to other sites; a server named after a word is weak evidence in a newsletter.")
			}
		case CodeAdvanceFee:
			if list {
				in.explain(Low, "Members of a mailing list discuss news of money, prizes and fortunes.")
			}
		case CodeSignInElsewhere:
			if list {
				in.explain(Low, "Members of a mailing list discuss sign-ins and passwords and link to many sites.")
			}
		case CodeRecipientInLink:
			if x.bulk() && !replyToFreeMail(a) {
				in.explain(Low, "Newsletters put the subscriber's address in their own links, to unsubscribe or sign in.")
			}
		case CodeRiskyAttachment:
			if list && onlyWebPages(a) {
				in.explain(Medium, "Members of a mailing list share web pages they are working on; a lure would come to the reader alone.")
			}
		case CodePressure, CodeGiftCards:
			if linkedSites(a) >= widelyLinked {
				in.explain(Low, "A newsletter linking to many sites; news stories use these words, and a lure needs only one page to send the reader to.")
			}
		case CodeCredentialRequest:
			if list {
				in.explain(Low, "Members of a mailing list discuss sign-ins and passwords and link to many sites.")
			}
			if x.bulk() && linkedSites(a) >= widelyLinked {
				in.explain(Low, "A newsletter linking to many sites; a lure needs only one page to send the reader to.")
			}
			if verified && !internal && linksStayWith(a, fromDomain, c) && !replyToFreeMail(a) {
				in.explain(Low, "The sender's domain vouched for the message and its links go only to the sender's own site.")
			}
			if verified && internal {
				in.explain(Info, "It came from the organisation's own domain, which vouched for it.")
			}
		}
	}
}

// explain lowers an indicator's weight and says why, keeping it for the analyst.
func (in *Indicator) explain(to Severity, why string) {
	if to.rank() < in.Severity.rank() {
		in.Severity = to
		in.Explained = why
	}
}

// onlyWebPages reports whether every risky attachment is a web page (.html, .htm).
func onlyWebPages(a *Analysis) bool {
	for _, at := range a.Attachments {
		if at.Risky && extension(at.Name) != "html" && extension(at.Name) != "htm" {
			return false
		}
	}
	return true
}

// replyToList reports whether every Reply-To belongs to the list, the sender or the From.
func replyToList(a *Analysis, x mailContext) bool {
	for _, r := range a.ReplyTo {
		d := registrableDomain(r.Domain)
		if d != x.listDomain && d != registrableDomain(senderDomain(a.Sender)) && (a.From == nil || d != registrableDomain(a.From.Domain)) {
			return false
		}
	}
	return true
}

func replyToFreeMail(a *Analysis) bool {
	for _, r := range a.ReplyTo {
		if isFreeMail(r.Domain) && (a.From == nil || !strings.EqualFold(r.Address, a.From.Address)) {
			return true
		}
	}
	return false
}

// linksStayWith reports whether every link goes to the sender's own domain, the
// organisation's, or a well-known brand's.
func linksStayWith(a *Analysis, fromDomain string, c *checker) bool {
	for _, u := range a.URLs {
		if u.Domain != fromDomain && !c.trusted(u.Host) {
			return false
		}
	}
	return true
}

// internalRoute reports whether every relay named in the Received headers belongs to the
// organisation, or to NHSmail's or Microsoft 365's own servers that carry its mail.
func internalRoute(a *Analysis, c *checker) bool {
	for _, h := range a.Received {
		for _, host := range []string{h.From, h.By} {
			host = strings.ToLower(strings.TrimSuffix(host, "."))
			if host == "" || c.isOwn(host) || strings.HasSuffix(host, ".prod.outlook.com") ||
				strings.HasSuffix(host, ".outlook.com") || strings.HasSuffix(host, ".exchangelabs.com") ||
				!strings.Contains(host, ".") {
				continue
			}
			return false
		}
	}
	return true
}

// dkimAligned reports whether a DKIM signature from the From domain passed: the domain
// vouched for the message even where DMARC was not reported.
func (au Auth) dkimAligned(fromDomain string) bool {
	return au.DKIM.Result == "pass" && au.DKIM.Domain != "" && registrableDomain(au.DKIM.Domain) == registrableDomain(fromDomain)
}

// linkedSites counts the different sites a reader could follow a link to.
func linkedSites(a *Analysis) int {
	seen := map[string]bool{}
	for _, u := range a.URLs {
		if u.Text == "" && slices.Equal(u.Sources, []string{"html"}) {
			continue // pictures and styles
		}
		seen[u.Domain] = true
	}
	return len(seen)
}
