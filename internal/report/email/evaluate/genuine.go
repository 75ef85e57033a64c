package evaluate

import (
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
)

// genuineFamilies make legitimate mail as NHS staff receive it, with the headers of the
// systems that really send it.
var genuineFamilies = []struct {
	name  string
	count int
	make  func(g *gen) *mail
}{
	{"rota-change", 30, rotaChange},
	{"pathology-results", 25, pathologyResults},
	{"payslip", 25, payslip},
	{"supplier-newsletter", 35, supplierNewsletter},
	{"microsoft-system", 25, microsoftSystem},
	{"nhsmail-system", 20, nhsmailSystem},
	{"meeting-invitation", 25, meetingInvitation},
	{"patient-letter", 20, patientLetter},
	{"forwarded-genuine", 20, forwardedGenuine},
	{"mailing-list", 35, mailingList},
	{"old-no-auth", 25, oldNoAuth},
	{"internal-no-auth", 25, internalNoAuth},
	{"personal-freemail", 20, personalFreemail},
	{"supplier-invoice", 20, supplierInvoice},
	{"event-qr", 10, eventQR},
	{"gov-notify", 15, govNotify},
}

func rotaChange(g *gen) *mail {
	name, local := g.person()
	m := &mail{}
	m.h("Received", fmt.Sprintf("from LO2P265MB%d.GBRP265.PROD.OUTLOOK.COM by LO2P265MB%d.GBRP265.PROD.OUTLOOK.COM with HTTPS; %s", g.rng.IntN(9999), g.rng.IntN(9999), g.date()))
	if g.rng.IntN(2) == 0 {
		g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	}
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", g.pick("ward7-nurses@nhs.net", "jane.smith@nhs.net", "ed-team@nhs.net")).
		h("Subject", g.pick("Rota change for next week", "Updated rota - w/c 12th", "Swap request: Tuesday lates", "Bank shifts available this weekend", "Christmas rota draft")).
		h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	m.text = fmt.Sprintf("Hi all,\n\n%s\n\nThe updated rota is on the ward drive: %s\n\nThanks,\n%s\nWard Manager",
		g.pick("Please note I have moved Tuesday's long day to Thursday.", "We are short on nights on the 14th, can anyone swap?", "The rota for December is attached and on Healthroster.", "Bank shifts are open on Healthroster until Friday."),
		g.pick("https://healthroster.allocate-cloud.com/", "https://nhs.sharepoint.com/sites/ward7/rota", "https://intranet.northgate.nhs.uk/rota"), name)
	return m
}

func pathologyResults(g *gen) *mail {
	lab := g.pick("pathology", "labresults", "ice")
	domain := g.pick("northgate.nhs.uk", "nhs.net", "pathlab-partnership.co.uk")
	m := &mail{}
	g.received(m, "smtp."+domain, g.ip())
	g.auth(m, "pass", "pass", "pass", domain, domain)
	m.h("From", fmt.Sprintf("\"Pathology Results\" <%s@%s>", lab, domain)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("New results available", "Results ready: 3 reports", "Critical result telephoned - please review", "Microbiology report available")).
		h("Date", g.date()).h("Message-ID", g.id(domain))
	m.text = fmt.Sprintf("New results are available for patients under your care.\n\nLog in to ICE to view and acknowledge them: https://ice.%s/icedesktop\n\n%s\n\nThis is an automated message from the pathology system. Do not reply.",
		domain, g.pick("2 reports are unacknowledged.", "A critical potassium result was telephoned to the ward at 14:05.", "Reports for ward 7 are waiting."))
	return m
}

func payslip(g *gen) *mail {
	provider := g.pick("esr.nhs.uk", "payroll-services.co.uk", "sbs.nhs.uk")
	m := &mail{}
	g.received(m, "o1.ptr"+fmt.Sprint(g.rng.IntN(999))+".sendgrid.net", g.ip())
	g.authFrom(m, "pass", "pass", "pass", "sendgrid.net", provider, provider)
	m.h("Return-Path", fmt.Sprintf("<bounces+%d@em%d.sendgrid.net>", g.rng.IntN(99999), g.rng.IntN(999)))
	m.h("From", fmt.Sprintf("\"Payroll\" <noreply@%s>", provider)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Your payslip is ready", "Your P60 is available", "Payslip for November", "Pay advice available")).
		h("Date", g.date()).h("Message-ID", g.id(provider)).h("X-SG-EID", fmt.Sprintf("%x", g.rng.Uint64()))
	m.html = fmt.Sprintf(`<p>Dear colleague,</p><p>Your %s is now available. Sign in to the employee self-service portal to view it.</p><p><a href="https://my.%s/payslips">View my payslip</a></p><p>Payroll Services</p>`,
		g.pick("payslip", "P60", "pay advice"), provider)
	return m
}

func supplierNewsletter(g *gen) *mail {
	brand := g.pick("medsupplies", "carequip", "wardware", "clinitrain", "healthtech-weekly", "nursingtimes", "bmj", "rcn")
	domain := brand + g.pick(".co.uk", ".com", ".org.uk")
	esp := g.pick("mcsv.net", "sendgrid.net", "amazonses.com", "createsend.com", "mktomail.com")
	m := &mail{}
	g.received(m, "mail"+fmt.Sprint(g.rng.IntN(99))+"."+esp, g.ip())
	if g.rng.IntN(3) == 0 {
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; spf=pass smtp.mailfrom=bounce.%s; dkim=pass header.d=%s header.s=k1; dkim=pass header.d=%s; dmarc=pass (p=none) header.from=%s", esp, esp, domain, domain))
	} else {
		g.authFrom(m, "pass", "pass", "pass", esp, domain, domain)
	}
	m.h("Return-Path", fmt.Sprintf("<bounce-%d@%s>", g.rng.IntN(99999), esp))
	m.h("From", fmt.Sprintf("%q <news@%s>", strings.ToUpper(brand[:1])+brand[1:], domain)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("This month: new glove range and CPD events", "Your weekly digest", "Last chance to book: infection control webinar", "Spring catalogue out now", "5 things to read this week")).
		h("Date", g.date()).h("Message-ID", g.id(domain)).
		h("List-Unsubscribe", fmt.Sprintf("<https://%s/unsubscribe?u=%x>, <mailto:unsub@%s>", domain, g.rng.Uint32(), domain))
	if g.rng.IntN(2) == 0 {
		m.h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	if g.rng.IntN(2) == 0 {
		m.h("Reply-To", "hello@"+brand+"-support.com")
	}
	var links strings.Builder
	for i := 0; i < 5+g.rng.IntN(10); i++ {
		fmt.Fprintf(&links, `<p><a href="https://click.%s/ls/click?upn=%x">Read more</a> <img src="https://img.%s/%d.png"></p>`, domain, g.rng.Uint64(), domain, i)
	}
	m.html = "<html><body><h1>" + brand + "</h1><p>" + g.pick("Book your place now: places are limited.", "New products for your ward.", "Our CPD events return in March.") + "</p>" + links.String() +
		fmt.Sprintf(`<p><a href="https://%s/unsubscribe">Unsubscribe</a> | <a href="https://%s/preferences">Manage preferences</a></p></body></html>`, domain, domain)
	return m
}

func microsoftSystem(g *gen) *mail {
	m := &mail{}
	g.received(m, "mail-"+g.pick("db", "am", "lo")+fmt.Sprint(g.rng.IntN(9))+".outbound.protection.outlook.com", g.ip())
	from := g.pick("no-reply@microsoft.com", "msonlineservicesteam@microsoftonline.com", "no-reply@sharepointonline.com", "noreply@email.teams.microsoft.com")
	domain := from[strings.Index(from, "@")+1:]
	g.auth(m, "pass", "pass", "pass", domain, domain)
	kind := g.rng.IntN(4)
	subjects := []string{"Jane Smith shared \"Ward audit 2026.xlsx\" with you", "You have 3 new messages in Teams", "Your Microsoft 365 sign-in from a new device", "Weekly digest: your Viva Insights"}
	m.h("From", "\"Microsoft\" <"+from+">").h("To", "jane.smith@nhs.net").h("Subject", subjects[kind]).h("Date", g.date()).h("Message-ID", g.id(domain))
	links := []string{"https://nhs.sharepoint.com/:x:/s/ward7/EabcDEF", "https://teams.microsoft.com/l/message/19:abc", "https://account.microsoft.com/security", "https://insights.viva.office.com/"}
	m.html = fmt.Sprintf(`<p>%s</p><p><a href="%s">Open</a></p><p>Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>`, subjects[kind], links[kind])
	return m
}

func nhsmailSystem(g *gen) *mail {
	m := &mail{}
	g.received(m, "relay.nhs.net", g.ip())
	g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	m.h("From", "\"NHSmail\" <nhsmail.support@nhs.net>").h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("NHSmail: planned maintenance this Sunday", "Your NHSmail password will expire in 7 days", "NHSmail: new portal features", "Reminder: keep your recovery details up to date")).
		h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	m.text = "Dear NHSmail user,\n\n" + g.pick("The NHSmail portal will be unavailable on Sunday between 06:00 and 08:00.",
		"Your password will expire in 7 days. Change it at any time in the NHSmail portal: https://portal.nhs.net",
		"The NHSmail portal has new self-service features: https://portal.nhs.net/Help",
		"Please check your recovery details in the portal: https://portal.nhs.net") + "\n\nNHSmail Support"
	return m
}

func meetingInvitation(g *gen) *mail {
	name, local := g.person()
	m := &mail{}
	g.received(m, "relay.nhs.net", g.ip())
	g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	topic := g.pick("Governance meeting", "Sepsis audit review", "Ward 7 huddle", "Teaching: ECG interpretation", "1:1", "Bed meeting")
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", "jane.smith@nhs.net").h("Subject", topic).h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	meet := fmt.Sprintf("https://teams.microsoft.com/l/meetup-join/19%%3ameeting_%x%%40thread.v2/0", g.rng.Uint64())
	m.html = fmt.Sprintf(`<p>%s</p><p>Microsoft Teams meeting</p><p><a href="%s">Click here to join the meeting</a></p><p>Meeting ID: %d</p>`, topic, meet, g.rng.IntN(1e9))
	m.attachments = []attachment{{name: "invite.ics", ctype: "text/calendar", data: []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:" + topic + "\r\nLOCATION:Microsoft Teams\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")}}
	return m
}

func patientLetter(g *gen) *mail {
	domain := g.pick("northgate.nhs.uk", "drdoctor.co.uk", "patientsknowbest.com", "accurx.com")
	m := &mail{}
	g.received(m, "out."+domain, g.ip())
	g.auth(m, "pass", "pass", "pass", domain, domain)
	m.h("From", "\"Outpatient Letters\" <letters@"+domain+">").h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Clinic letter sent to your patient", "Letter ready for review", "Appointment letter delivered")).h("Date", g.date()).h("Message-ID", g.id(domain))
	m.text = fmt.Sprintf("A clinic letter has been sent.\n\nReview the letter in the portal: https://app.%s/letters/%d\n\nThis message was sent automatically.", domain, g.rng.IntN(999999))
	return m
}

func forwardedGenuine(g *gen) *mail {
	name, local := g.person()
	inner := rotaChange(g).bytes()
	m := &mail{}
	g.received(m, "relay.nhs.net", g.ip())
	g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", "jane.smith@nhs.net").h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	if g.rng.IntN(2) == 0 {
		m.h("Subject", "FW: rota")
		m.text = "FYI - see below.\n\nFrom: Ward Manager <ward.manager@nhs.net>\nSent: Monday, 5 October 2026 09:12\nTo: Ward 7 <ward7@nhs.net>\nSubject: Rota\n\nThe rota for next month is on Healthroster.\n"
	} else {
		m.h("Subject", "Fwd: rota change")
		m.text = "See attached."
		m.attachments = []attachment{{name: "rota.eml", message: true, data: inner}}
	}
	return m
}

func mailingList(g *gen) *mail {
	name, local := g.person()
	list := g.pick("ipc-forum", "nurse-educators", "digital-health", "sepsis-network", "pharmacy-uk")
	listDomain := g.pick("jiscmail.ac.uk", "lists.nhs.uk", "googlegroups.com", "groups.io")
	poster := g.pick("nhs.net", "northgate.nhs.uk", "gmail.com", "ucl.ac.uk")
	m := &mail{}
	g.received(m, "lists."+listDomain, g.ip())
	rewrite := g.rng.IntN(2) == 0
	fromAddr := local + "@" + poster
	fromName := name
	if rewrite { // DMARC mitigation: the list writes its own address in From
		fromAddr, fromName = list+"@"+listDomain, name+" via "+list
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; arc=pass (i=1); spf=pass smtp.mailfrom=%s; dkim=pass header.d=%s; dmarc=pass header.from=%s", listDomain, listDomain, listDomain))
	} else {
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; arc=pass (i=1); spf=pass smtp.mailfrom=%s; dkim=fail header.d=%s; dkim=pass header.d=%s; dmarc=fail header.from=%s", listDomain, poster, listDomain, poster))
	}
	m.h("ARC-Seal", "i=1; a=rsa-sha256; t=1; cv=none; d="+listDomain+"; s=arc; b=abc")
	m.h("ARC-Authentication-Results", fmt.Sprintf("i=1; %s; dkim=pass header.d=%s; dmarc=pass header.from=%s", listDomain, poster, poster))
	m.h("From", fmt.Sprintf("%q <%s>", fromName, fromAddr)).h("To", list+"@"+listDomain).
		h("Reply-To", list+"@"+listDomain).h("Sender", list+"-bounces@"+listDomain).
		h("List-Id", fmt.Sprintf("%s <%s.%s>", list, list, listDomain)).h("List-Post", "<mailto:"+list+"@"+listDomain+">").
		h("List-Unsubscribe", "<mailto:"+list+"-leave@"+listDomain+">").h("Precedence", "list").
		h("Return-Path", "<"+list+"-bounces@"+listDomain+">").
		h("Subject", "["+list+"] "+g.pick("Audit tool for hand hygiene?", "Slides from Tuesday", "Job: band 6 educator", "Re: norovirus season", "New NICE guidance")).
		h("Date", g.date()).h("Message-ID", g.id(poster))
	m.text = g.pick("Has anyone adapted the audit tool for community settings?", "Slides are on the forum: https://"+listDomain+"/g/"+list+"/files", "Please share with colleagues.") +
		"\n\n-- \nTo unsubscribe, visit https://" + listDomain + "/" + list
	return m
}

func oldNoAuth(g *gen) *mail {
	name, local := g.person()
	domain := g.pick("example.com", "btinternet.com", "univ.example.ac.uk", "clinic.example.org")
	m := &mail{}
	m.h("Received", fmt.Sprintf("from mail.%s ([%s]) by mail.example.org with SMTP; Mon, %d Sep 200%d 10:%02d:00 +0100", domain, g.ip(), 1+g.rng.IntN(28), 2+g.rng.IntN(6), g.rng.IntN(60)))
	m.h("From", fmt.Sprintf("%q <%s@%s>", name, local, domain)).h("To", "jane@example.org").
		h("Subject", g.pick("Re: lunch on Friday", "Minutes of the meeting", "Photos from the weekend", "Draft paper", "Re: your question about the audit")).
		h("Date", fmt.Sprintf("Mon, %d Sep 200%d 10:00:00 +0100", 1+g.rng.IntN(28), 2+g.rng.IntN(6)))
	if g.rng.IntN(3) == 0 {
		m.h("Reply-To", local+"@home."+domain)
	}
	m.text = g.pick("Sounds good, see you then.", "Minutes attached, comments by Friday please.", "Photos are at http://www."+domain+"/photos/", "I have read the draft - a few comments inline.")
	return m
}

func internalNoAuth(g *gen) *mail {
	name, local := g.person()
	m := &mail{}
	m.h("Received", fmt.Sprintf("from AM0PR01MB%d.eurprd01.prod.exchangelabs.com by AM0PR01MB%d.eurprd01.prod.exchangelabs.com with HTTPS; %s", g.rng.IntN(9999), g.rng.IntN(9999), g.date()))
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Handover", "Can you cover Thursday?", "Drug round audit", "Staff room fridge", "Training dates")).h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	m.text = g.pick("Bed 4 needs obs every 2 hours overnight.", "Happy to swap if you can do my Sunday.", "Please clear the fridge by Friday.", "Training dates are on the intranet.")
	return m
}

func personalFreemail(g *gen) *mail {
	name, local := g.person()
	m := &mail{}
	g.received(m, "mail-"+fmt.Sprint(g.rng.IntN(99))+".google.com", g.ip())
	g.auth(m, "pass", "pass", "pass", "gmail.com", "gmail.com")
	m.h("From", fmt.Sprintf("%q <%s%d@gmail.com>", name, local, g.rng.IntN(99))).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Sending from my home e-mail", "Photos from the leaving do", "Can't log in from home", "Running late")).h("Date", g.date()).h("Message-ID", g.id("mail.gmail.com"))
	m.text = g.pick("Hi, my work laptop is broken so I'm using this address. See you tomorrow.", "Here are the photos! x", "Stuck in traffic, be there by 8.")
	return m
}

func supplierInvoice(g *gen) *mail {
	domain := g.pick("medsupplies.co.uk", "cleanco.com", "linen-services.co.uk", "agency-nurses.co.uk")
	m := &mail{}
	g.received(m, "mail."+domain, g.ip())
	g.auth(m, "pass", "pass", "pass", domain, domain)
	m.h("From", "\"Accounts Receivable\" <accounts@"+domain+">").h("To", "accounts.payable@nhs.net").
		h("Subject", fmt.Sprintf("Invoice INV-%d", 10000+g.rng.IntN(89999))).h("Date", g.date()).h("Message-ID", g.id(domain))
	m.text = "Please find attached our invoice for goods delivered last month. Payment terms are 30 days.\n\nAccounts Receivable"
	doc := pdftest.Build(pdftest.Page{Text: fmt.Sprintf("INVOICE\nAmount due: GBP %d.%02d\nPayment terms: 30 days\nBank details as on your supplier record.", 100+g.rng.IntN(9000), g.rng.IntN(100))})
	m.attachments = []attachment{{name: "invoice.pdf", ctype: "application/pdf", data: doc}}
	return m
}

func eventQR(g *gen) *mail {
	domain := g.pick("nhsconfed.org", "rcn.org.uk", "kingsfund.org.uk")
	m := &mail{}
	g.received(m, "mail."+domain, g.ip())
	g.auth(m, "pass", "pass", "pass", domain, domain)
	m.h("From", "\"Events\" <events@"+domain+">").h("To", "jane.smith@nhs.net").h("Subject", "Your ticket for the annual conference").h("Date", g.date()).h("Message-ID", g.id(domain))
	m.text = "Thank you for booking. Show the QR code at registration."
	m.attachments = []attachment{{name: "ticket.png", ctype: "image/png", data: qrPNG(fmt.Sprintf("https://www.%s/events/ticket/%d", domain, g.rng.IntN(99999)))}}
	return m
}

func govNotify(g *gen) *mail {
	m := &mail{}
	g.received(m, "a"+fmt.Sprint(g.rng.IntN(99))+".smtp-out.amazonses.com", g.ip())
	m.h("Authentication-Results", "mx.nhs.net; spf=pass smtp.mailfrom=eu-west-1.amazonses.com; dkim=pass header.d=notifications.service.gov.uk; dkim=pass header.d=amazonses.com; dmarc=pass header.from=notifications.service.gov.uk")
	m.h("Return-Path", fmt.Sprintf("<%x@eu-west-1.amazonses.com>", g.rng.Uint64()))
	m.h("From", "\"NHS Business Services Authority\" <nhsbsa@notifications.service.gov.uk>").h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Your pension statement is ready", "Your NHS Pension: annual benefit statement", "Confirm your email address")).h("Date", g.date()).h("Message-ID", g.id("notifications.service.gov.uk"))
	m.text = "Your annual benefit statement is available. Sign in to Total Reward Statements to view it: https://www.totalrewardstatements.nhs.uk\n\nNHS Business Services Authority"
	return m
}
