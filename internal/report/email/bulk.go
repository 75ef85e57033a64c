package email

import (
	"net/mail"
	"strings"
)

// mailContext is what the headers say about how the message was sent: through a mailing
// list, by a bulk-mail service, or flagged as spam on the way. These explain signs that
// would otherwise look like tricks: lists and mailing services put their own addresses in
// Sender, Reply-To and Return-Path as a matter of course.
type mailContext struct {
	listID      string // the List-Id, without its angle brackets
	listDomain  string // the registrable domain the list posts from (List-Id, List-Post)
	unsubscribe bool   // List-Unsubscribe
	oneClick    bool   // List-Unsubscribe-Post: one-click unsubscribe, as large senders must
	precedence  string // bulk, list or junk
	service     string // the bulk-mail service the headers name
	spamFlag    string // a filter on the way called it spam: which header said so
}

func (x mailContext) bulk() bool {
	return x.listID != "" || x.unsubscribe || x.precedence != "" || x.service != ""
}

// bulkServices are the domains of mailing services, as they appear in Return-Path, Sender
// or a DKIM signature of the mail they send for their customers.
var bulkServices = map[string]string{
	"amazonses.com": "Amazon SES", "sendgrid.net": "SendGrid", "mailgun.org": "Mailgun", "mailgun.net": "Mailgun",
	"mcsv.net": "Mailchimp", "mcdlv.net": "Mailchimp", "rsgsv.net": "Mailchimp", "mailchimpapp.net": "Mailchimp",
	"mandrillapp.com": "Mailchimp", "sparkpostmail.com": "SparkPost", "mktomail.com": "Marketo",
	"hubspotemail.net": "HubSpot", "hubspotstarter.net": "HubSpot", "exacttarget.com": "Salesforce",
	"exct.net": "Salesforce", "salesforce.com": "Salesforce", "createsend.com": "Campaign Monitor",
	"cmail19.com": "Campaign Monitor", "cmail20.com": "Campaign Monitor", "constantcontact.com": "Constant Contact",
	"ccsend.com": "Constant Contact", "rsys5.net": "Oracle Responsys", "postmarkapp.com": "Postmark",
	"mtasv.net": "Postmark", "sendinblue.com": "Brevo", "brevo.com": "Brevo", "mailjet.com": "Mailjet",
	"mjt.lu": "Mailjet", "emarsys.net": "Emarsys", "dmtrk.net": "Dotdigital", "dotmailer-email.com": "Dotdigital",
	"pure360.com": "Pure360", "zendesk.com": "Zendesk", "freshdesk.com": "Freshdesk", "intercom-mail.com": "Intercom",
	"mailerlite.com": "MailerLite", "mlsend.com": "MailerLite", "klaviyomail.com": "Klaviyo",
	"googlegroups.com": "Google Groups", "groups.io": "Groups.io", "govdelivery.com": "GovDelivery",
	"notifications.service.gov.uk": "GOV.UK Notify", "smtp2go.com": "SMTP2GO",
	"bounces.google.com": "Google", "facebookmail.com": "Facebook", "linkedin.com": "LinkedIn",
}

// serviceHeaders are headers only mailing services add.
var serviceHeaders = map[string]string{
	"X-Ses-Outgoing": "Amazon SES", "X-Sg-Eid": "SendGrid", "X-Mailgun-Sid": "Mailgun", "X-Mc-User": "Mailchimp",
	"X-Mandrill-User": "Mailchimp", "X-Campaign": "a mailing service", "X-Mailer-Sid": "a mailing service",
	"Feedback-Id": "a mailing service", "X-Csa-Complaints": "a certified bulk sender", "X-Sfmc-Stack": "Salesforce",
	"X-Mailjet-Campaign": "Mailjet", "X-Hs-Cid": "HubSpot", "X-Pm-Message-Id": "Postmark", "X-Zendesk-From-Account-Id": "Zendesk",
}

// readContext reads the list and bulk-mail headers.
func readContext(m *message, a *Analysis) mailContext {
	var x mailContext
	if id := m.get("List-Id"); id != "" {
		x.listID = shorten(strings.TrimSpace(id), MaxFieldLength)
		if i, j := strings.LastIndexByte(id, '<'), strings.LastIndexByte(id, '>'); i >= 0 && j > i {
			x.listID = id[i+1 : j]
		}
		x.listDomain = registrableDomain(strings.Trim(x.listID, "<> "))
	} else if addr := olderListAddress(m, a); addr.Domain != "" {
		x.listID = shorten(addr.Address, MaxFieldLength)
		x.listDomain = registrableDomain(addr.Domain)
	}
	if post := m.get("List-Post"); post != "" {
		if i := strings.Index(strings.ToLower(post), "mailto:"); i >= 0 {
			addr, _, _ := strings.Cut(post[i+7:], ">")
			if d := newAddress("", addr).Domain; d != "" {
				x.listDomain = registrableDomain(d)
			}
		}
	}
	x.unsubscribe = m.header.Get("List-Unsubscribe") != ""
	x.oneClick = m.header.Get("List-Unsubscribe-Post") != ""
	if p := strings.ToLower(m.get("Precedence")); p == "bulk" || p == "list" || p == "junk" {
		x.precedence = p
	}
	for h, who := range serviceHeaders {
		if m.header.Get(h) != "" {
			x.service = who
			break
		}
	}
	for _, d := range []string{newAddress("", a.ReturnPath).Domain, senderDomain(a.Sender), a.Auth.DKIM.Domain} {
		if who, ok := bulkServiceOf(d); ok {
			x.service = who
			break
		}
	}
	switch {
	case strings.EqualFold(m.get("X-Spam-Flag"), "yes"):
		x.spamFlag = "X-Spam-Flag"
	case strings.HasPrefix(strings.ToLower(m.get("X-Spam-Status")), "yes"):
		x.spamFlag = "X-Spam-Status"
	case spamConfidence(m.get("X-Ms-Exchange-Organization-Scl")) >= 5:
		x.spamFlag = "X-MS-Exchange-Organization-SCL"
	case strings.Contains(m.get("X-Forefront-Antispam-Report"), "SCL:5;") ||
		strings.Contains(m.get("X-Forefront-Antispam-Report"), "SCL:6;") ||
		strings.Contains(m.get("X-Forefront-Antispam-Report"), "SCL:9;"):
		x.spamFlag = "X-Forefront-Antispam-Report"
	}
	return x
}

func senderDomain(ad *Address) string {
	if ad == nil {
		return ""
	}
	return ad.Domain
}

func bulkServiceOf(domain string) (string, bool) {
	domain = strings.ToLower(domain)
	for d := domain; d != ""; {
		if who, ok := bulkServices[d]; ok {
			return who, true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return "", false
}

func spamConfidence(v string) int {
	v = strings.TrimSpace(v)
	if len(v) != 1 || v[0] < '0' || v[0] > '9' {
		return -1
	}
	return int(v[0] - '0')
}

// checkBulk records the list and bulk-mail context as indicators the analyst can see.
func checkBulk(a *Analysis, x mailContext) {
	switch {
	case x.listID != "":
		a.add(CodeMailingList, "List-Id: %s.", x.listID)
	case x.unsubscribe:
		a.add(CodeBulkMail, "It has a List-Unsubscribe header.")
	case x.precedence != "":
		a.add(CodeBulkMail, "Its Precedence header says %s.", x.precedence)
	case x.service != "":
		a.add(CodeBulkMail, "It was sent through %s.", x.service)
	}
	if x.spamFlag != "" {
		a.add(CodeSpamFlagged, "%s.", x.spamFlag)
	}
}

// oldMail reports whether the message was written before sender checks were common (DMARC
// was published in 2012 and took years to spread): missing results say nothing about it.
func oldMail(a *Analysis, m *message) bool {
	if !a.Date.IsZero() {
		return a.Date.Year() < 2014
	}
	if d, err := mail.ParseDate(m.get("Date")); err == nil {
		return d.Year() < 2014
	}
	return false
}

// olderListAddress finds the list of a message sent before List-Id was common: Yahoo! Groups'
// Mailing-List header ("list x@yahoogroups.com; contact …"), Mailman's X-BeenThere, or a
// Sender on mail marked as list or bulk mail.
func olderListAddress(m *message, a *Analysis) Address {
	if ml := m.get("Mailing-List"); ml != "" {
		list, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(ml), "list "), ";")
		return newAddress("", strings.TrimSpace(list))
	}
	if bt := m.get("X-BeenThere"); bt != "" {
		return newAddress("", strings.Trim(strings.TrimSpace(bt), "<>"))
	}
	if p := strings.ToLower(m.get("Precedence")); (p == "bulk" || p == "list") && a.Sender != nil {
		return *a.Sender
	}
	return Address{}
}
