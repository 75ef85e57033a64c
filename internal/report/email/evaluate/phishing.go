package evaluate

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
)

// phishingFamilies make attacks in the patterns that reach NHS staff and public collections
// of phishing: each family is one way of hiding the lure.
var phishingFamilies = []struct {
	name  string
	count int
	make  func(g *gen) *mail
}{
	{"credential-lookalike", 25, credentialLookalike},
	{"dmarc-passing-service", 30, dmarcPassingService},
	{"freemail-brand", 20, freemailBrand},
	{"pdf-lure", 25, pdfLure},
	{"qr-image", 20, qrImage},
	{"qr-in-pdf", 15, qrInPDF},
	{"redirector", 25, redirector},
	{"broken-href", 15, brokenHref},
	{"multilingual", 30, multilingual},
	{"gift-card-bec", 15, giftCardBEC},
	{"advance-fee", 15, advanceFee},
	{"crypto", 15, cryptoLure},
	{"invoice-fraud", 15, invoiceFraud},
	{"forwarded-pasted", 15, forwardedPasted},
	{"forwarded-attached", 15, forwardedAttached},
	{"html-attachment", 15, htmlAttachment},
}

// attackerDomain is a domain a criminal registered, cheaply, with its own passing checks.
func (g *gen) attackerDomain() string {
	word := g.pick("secure", "account", "verify", "docs", "portal", "login", "mail", "share", "notice", "support", "files", "auth")
	brand := g.pick("nhs", "office", "m365", "microsoft", "sharepoint", "docusign", "outlook", "onedrive", "payroll", "staff", "hr")
	return brand + "-" + word + g.pick(".com", ".net", ".top", ".xyz", ".info", ".online", ".site", ".click", ".co", ".live", ".app")
}

func (g *gen) lureText() (subject, body string) {
	i := g.rng.IntN(8)
	subjects := []string{"Action required: verify your mailbox", "Password expiry notice", "You have received a secure document",
		"Voicemail message (0:42)", "Your mailbox storage is full", "Unusual sign-in activity", "Shared: Q3 salary review.xlsx", "Pending messages held for delivery"}
	bodies := []string{"Your mailbox needs to be verified. Click the link below to verify your account or it will be disabled.",
		"Your password expires today. Keep your current password by signing in below.",
		"A secure document has been shared with you. Sign in to view the document.",
		"You have a new voicemail. Log in with your e-mail password to listen.",
		"Your mailbox is almost full. Upgrade your storage now to avoid losing e-mails.",
		"We detected unusual sign-in activity. Confirm your identity within the next 24 hours.",
		"HR has shared a file with you. Open the document to review the changes.",
		"3 incoming messages are held. Release them by confirming your login details."}
	return subjects[i], bodies[i]
}

func credentialLookalike(g *gen) *mail {
	d := g.attackerDomain()
	subject, body := g.lureText()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", "pass", g.pick("pass", "none"), d, d)
	m.h("From", fmt.Sprintf("\"%s\" <no-reply@%s>", g.pick("NHSmail Support", "IT Service Desk", "Microsoft 365", "Mail Administrator", "SharePoint Online"), d)).
		h("To", "jane.smith@nhs.net").h("Subject", subject).h("Date", g.date()).h("Message-ID", g.id(d))
	link := fmt.Sprintf("https://%s/%s?email=jane.smith@nhs.net", d, g.pick("login", "verify", "owa/auth", "secure/doc"))
	m.html = fmt.Sprintf(`<p>%s</p><p><a href="%s">%s</a></p><p>IT Support Team</p>`, body, link, g.pick("Verify now", "Keep password", "View document", "Sign in"))
	return m
}

func dmarcPassingService(g *gen) *mail {
	svc := g.pick("zendesk.com", "page.link", "webflow.io", "mailchimp", "firebaseapp.com", "godaddysites.com", "wixsite.com", "sharepoint.com")
	subject, body := g.lureText()
	m := &mail{}
	var from, link string
	switch svc {
	case "zendesk.com":
		tenant := g.pick("nhs-helpdesk", "support-m365", "itdesk")
		from = fmt.Sprintf("\"IT Helpdesk\" <support@%s.zendesk.com>", tenant)
		g.auth(m, "pass", "pass", "pass", tenant+".zendesk.com", "zendesk.com")
		link = "https://" + g.attackerDomain() + "/auth"
	case "page.link":
		from = fmt.Sprintf("\"Document Share\" <noreply@%s>", g.pick("docs-share.com", "filetransfer-now.net"))
		g.auth(m, "pass", "pass", "pass", "docs-share.com", "docs-share.com")
		link = fmt.Sprintf("https://%s.page.link/%x", g.pick("sharedoc", "viewfile", "nhsdocs"), g.rng.Uint32())
	case "mailchimp":
		d := g.pick("wellness-news.com", "staff-benefits.org")
		from = "\"Staff Benefits\" <info@" + d + ">"
		g.authFrom(m, "pass", "pass", "pass", "mcsv.net", d, d)
		m.h("List-Unsubscribe", "<https://"+d+"/u>")
		link = "https://" + g.attackerDomain() + "/claim"
	default:
		site := g.pick("nhs-portal", "o365-docs", "hr-update", "payroll-nhs") + "." + svc
		d := g.pick("secure-mailer.net", "notify-center.org", "alerts-mail.com")
		from = "\"" + g.pick("NHS Payroll", "Microsoft Teams", "OneDrive", "HR Department") + "\" <alert@" + d + ">"
		g.auth(m, "pass", "pass", "pass", d, d)
		link = "https://" + site + "/index.html"
	}
	g.received(m, "smtp.mailer.example", g.ip())
	m.h("From", from).h("To", "jane.smith@nhs.net").h("Subject", subject).h("Date", g.date()).h("Message-ID", g.id("mailer.example"))
	if g.rng.IntN(3) == 0 {
		m.h("Reply-To", "helpdesk."+fmt.Sprint(g.rng.IntN(999))+"@outlook.com")
	}
	m.html = fmt.Sprintf(`<p>%s</p><p><a href="%s">%s</a></p>`, body, link, g.pick("Open", "Continue", "View", "Verify"))
	return m
}

func freemailBrand(g *gen) *mail {
	subject, body := g.lureText()
	m := &mail{}
	g.received(m, "mail-sor-f41.google.com", g.ip())
	fm := g.pick("gmail.com", "outlook.com", "hotmail.com", "yahoo.com")
	g.auth(m, "pass", "pass", "pass", fm, fm)
	m.h("From", fmt.Sprintf("\"%s\" <%s%d@%s>", g.pick("NHS Payroll Team", "IT Support Desk", "Microsoft Account Team", "HR Department", "DocuSign Service"), g.pick("support.desk", "payroll.team", "admin.it"), g.rng.IntN(999), fm)).
		h("To", "jane.smith@nhs.net").h("Subject", subject).h("Date", g.date()).h("Message-ID", g.id("mail."+fm))
	m.html = fmt.Sprintf(`<p>%s</p><p><a href="https://%s/login">Click here</a></p>`, body, g.attackerDomain())
	return m
}

func pdfLure(g *gen) *mail {
	d := g.attackerDomain()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", "pass", g.pick("pass", "none", "fail"), d, d)
	m.h("From", fmt.Sprintf("\"%s\" <%s@%s>", g.pick("Accounts Payable", "DocuSign", "Remittance", "Scanner"), g.pick("ap", "noreply", "scan"), d)).
		h("To", "jane.smith@nhs.net").h("Subject", g.pick("Remittance advice", "Please sign: contract", "Scanned document", "Payment confirmation")).h("Date", g.date()).h("Message-ID", g.id(d))
	m.text = g.pick("Please see attached.", "Document attached for your review.", "", "Kind regards")
	doc := pdftest.Build(pdftest.Page{
		Text:  g.pick("REMITTANCE ADVICE\nA payment has been sent. Click below to view the secure document.", "You have received a document to review and sign.\nReview document", "Your scanned file is ready.\nOpen the file securely online"),
		Links: []string{fmt.Sprintf("https://%s/doc/%x", g.attackerDomain(), g.rng.Uint32())},
	})
	m.attachments = []attachment{{name: g.pick("Remittance.pdf", "Contract.pdf", "Scan_0042.pdf"), ctype: "application/pdf", data: doc}}
	return m
}

func qrImage(g *gen) *mail {
	d := g.attackerDomain()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", g.pick("pass", "none"), g.pick("pass", "none"), d, d)
	m.h("From", fmt.Sprintf("\"%s\" <security@%s>", g.pick("Microsoft 365", "IT Security", "MFA Service"), d)).
		h("To", "jane.smith@nhs.net").h("Subject", g.pick("MFA re-enrolment required", "Scan to re-activate your account", "Security update for your mailbox")).h("Date", g.date()).h("Message-ID", g.id(d))
	m.text = g.pick("Scan the QR code with your phone camera to complete your security update.", "Your authenticator must be set up again. Scan the code below.")
	m.attachments = []attachment{{name: "qrcode.png", ctype: "image/png", data: qrPNG(fmt.Sprintf("https://%s/mfa?u=%x", g.attackerDomain(), g.rng.Uint32()))}}
	return m
}

func qrInPDF(g *gen) *mail {
	d := g.attackerDomain()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", "pass", "pass", d, d)
	m.h("From", fmt.Sprintf("\"HR\" <hr@%s>", d)).h("To", "jane.smith@nhs.net").h("Subject", g.pick("2026 pay review", "Annual leave policy update")).h("Date", g.date()).h("Message-ID", g.id(d))
	m.text = "Please read the attached document."
	bm := qrPNG(fmt.Sprintf("https://%s/hr?id=%x", g.attackerDomain(), g.rng.Uint32()))
	img, err := decodeGray(bm)
	page := pdftest.Page{Text: "Scan the QR code to view your new salary details."}
	if err == nil {
		page.Picture = img
	}
	m.attachments = []attachment{{name: "PayReview.pdf", ctype: "application/pdf", data: pdftest.Build(page)}}
	return m
}

func redirector(g *gen) *mail {
	dest := fmt.Sprintf("https://%s/%s", g.attackerDomain(), g.pick("login", "auth", "verify"))
	var link string
	switch g.rng.IntN(5) {
	case 0:
		link = "https://www.google.com/url?q=" + url.QueryEscape(dest) + "&sa=D"
	case 1:
		link = "https://www.bing.com/ck/a?!&&p=" + fmt.Sprintf("%x", g.rng.Uint64()) + "&u=a1" + base64.RawURLEncoding.EncodeToString([]byte(dest)) + "&ntb=1"
	case 2:
		link = "https://t.co/" + fmt.Sprintf("%x", g.rng.Uint32())
	case 3:
		link = "https://click.mailer-track.com/c?r=" + url.QueryEscape(url.QueryEscape(dest))
	default:
		link = "https://urldefense.com/v3/__" + dest + "__;!!abc!def$"
	}
	subject, body := g.lureText()
	d := g.pick("notice-mail.com", "alerts-center.net", "secure-notify.org")
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", "pass", g.pick("pass", "none"), d, d)
	m.h("From", fmt.Sprintf("\"%s\" <info@%s>", g.pick("Office 365", "NHSmail", "IT Desk"), d)).h("To", "jane.smith@nhs.net").h("Subject", subject).h("Date", g.date()).h("Message-ID", g.id(d))
	m.html = fmt.Sprintf(`<p>%s</p><a href="%s">Continue</a>`, body, link)
	return m
}

func brokenHref(g *gen) *mail {
	d := g.attackerDomain()
	host := d
	var href string
	switch g.rng.IntN(4) {
	case 0:
		href = "https://" + host[:3] + "\n" + host[3:] + "/login"
	case 1:
		href = `https:\\` + host + `\owa`
	case 2:
		href = "https://portal.nhs.net@" + host + "/"
	default:
		href = "https://" + host + "/a%zz b/login"
	}
	subject, body := g.lureText()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, g.pick("pass", "softfail"), "none", g.pick("none", "pass"), d, "none")
	m.h("From", fmt.Sprintf("\"Service Desk\" <desk@%s>", d)).h("To", "jane.smith@nhs.net").h("Subject", subject).h("Date", g.date()).h("Message-ID", g.id(d))
	m.html = fmt.Sprintf(`<p>%s</p><a href="%s">Sign in</a>`, body, href)
	return m
}

func multilingual(g *gen) *mail {
	d := g.attackerDomain()
	lang := g.rng.IntN(3)
	subjects := []string{"Aviso: sua conta será bloqueada", "Aviso importante: su cuenta ha sido suspendida", "Rhybudd olaf: eich cyfrif"}
	bodies := []string{"Prezado cliente, sua conta será suspensa dentro de 24 horas. Confirme seus dados clicando no link abaixo.",
		"Estimado cliente, su cuenta ha sido bloqueada temporalmente. Verifique su cuenta haciendo clic en el enlace a continuación.",
		"Annwyl gydweithiwr, bydd eich cyfrif yn cael ei atal o fewn 24 awr. Cliciwch yma i gadarnhau eich cyfrif."}
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", g.pick("pass", "none"), g.pick("pass", "none", "fail"), d, d)
	m.h("From", fmt.Sprintf("\"%s\" <aviso@%s>", g.pick("Banco Seguro", "Soporte Técnico", "Cymorth TG", "Atendimento"), d)).h("To", "jane.smith@nhs.net").
		h("Subject", subjects[lang]).h("Date", g.date()).h("Message-ID", g.id(d))
	m.html = fmt.Sprintf(`<p>%s</p><a href="https://%s/acesso">%s</a>`, bodies[lang], g.attackerDomain(), g.pick("Acessar", "Acceder", "Mewngofnodi"))
	return m
}

func giftCardBEC(g *gen) *mail {
	name, _ := g.person()
	fm := g.pick("gmail.com", "outlook.com", "mail.com")
	m := &mail{}
	g.received(m, "mail."+fm, g.ip())
	g.auth(m, "pass", "pass", "pass", fm, fm)
	m.h("From", fmt.Sprintf("\"%s\" <%s.ceo%d@%s>", name, strings.ToLower(strings.Fields(name)[0]), g.rng.IntN(99), fm)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Quick favour", "Are you available?", "Urgent request", "Task")).h("Date", g.date()).h("Message-ID", g.id(fm))
	m.text = g.pick("Are you at your desk? I need you to get some Apple gift cards for a staff award. I'm in meetings all day and can't talk. Keep this between us for now.",
		"Hi, are you available? I need a quick favour. Can you purchase 5 Amazon gift cards and send me the codes? I will reimburse you.",
		"I need your help with something confidential. Please buy some Google Play vouchers and scratch off the codes.")
	return m
}

func advanceFee(g *gen) *mail {
	fm := g.pick("gmail.com", "yahoo.com", "outlook.com", "lawchambers-intl.com")
	m := &mail{}
	g.received(m, "mail."+fm, g.ip())
	g.auth(m, "pass", "pass", g.pick("pass", "none"), fm, fm)
	m.h("From", fmt.Sprintf("\"%s\" <%s%d@%s>", g.pick("Barrister James Okoro", "Mrs. Helen Grant", "Dr. Ahmed Musa", "UN Compensation Office"), g.pick("info", "office", "claims"), g.rng.IntN(99), fm)).
		h("To", "undisclosed-recipients:;").h("Subject", g.pick("Urgent business proposal", "Your inheritance claim", "Compensation payment notification", "Confidential")).h("Date", g.date()).h("Message-ID", g.id(fm))
	if g.rng.IntN(2) == 0 {
		m.h("Reply-To", fmt.Sprintf("claims.office%d@outlook.com", g.rng.IntN(999)))
	}
	m.text = g.pick("I am the barrister to my late client who died leaving US$ 10.5 million with no next of kin. I seek your consent to present you as beneficiary. You will receive 40% of the total.",
		"You have been selected to receive a compensation fund of $2.5 million. Contact the paying bank with your full name and phone number to claim.",
		"My late husband left a deposit of 7.2 million euros. I want to donate it to charity through you. This is strictly confidential.")
	return m
}

func cryptoLure(g *gen) *mail {
	d := g.pick("metamask-support.io", "wallet-sync.app", "binance-verify.net", "ledger-update.com")
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, "pass", "pass", "pass", d, d)
	m.h("From", fmt.Sprintf("\"%s\" <support@%s>", g.pick("MetaMask", "Wallet Support", "Binance Security", "Ledger"), d)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Claim your airdrop", "Wallet verification required", "Your wallet will be suspended")).h("Date", g.date()).h("Message-ID", g.id(d))
	if g.rng.IntN(2) == 0 {
		m.text = "Your wallet must be synchronised. Reply with your 12-word recovery phrase to avoid suspension."
	} else {
		m.html = fmt.Sprintf(`<p>You are eligible for the airdrop. Connect your wallet to claim your tokens.</p><a href="https://%s/claim">Claim</a>`, d)
	}
	return m
}

func invoiceFraud(g *gen) *mail {
	supplier := g.pick("medsupplies", "cleanco", "linenservices")
	lookalike := supplier + g.pick("-uk.com", "-ltd.co", "s.co.uk", "-invoices.com")
	m := &mail{}
	g.received(m, "mail."+lookalike, g.ip())
	g.auth(m, "pass", g.pick("pass", "none"), g.pick("pass", "none"), lookalike, lookalike)
	m.h("From", fmt.Sprintf("\"Accounts - %s\" <accounts@%s>", supplier, lookalike)).h("To", "accounts.payable@nhs.net").
		h("Subject", g.pick("Change of bank details", "Updated remittance information", "Overdue invoice - new account")).h("Date", g.date()).h("Message-ID", g.id(lookalike))
	if g.rng.IntN(2) == 0 {
		m.h("Reply-To", "accounts."+supplier+"@gmail.com")
	}
	m.text = g.pick("Please note our bank details have changed. Kindly update your records and make the payment of the overdue invoice to the new account below.\nSort code: 20-00-00 Account: 12345678",
		"Due to an audit, we have updated our banking details. Do not use the old account. Please process the payment today.")
	return m
}

func forwardedPasted(g *gen) *mail {
	name, local := g.person()
	d := g.attackerDomain()
	subject, body := g.lureText()
	m := &mail{}
	g.received(m, "relay.nhs.net", g.ip())
	g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", "phishing-reports@nhs.net").h("Subject", "FW: "+subject).h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	m.text = fmt.Sprintf("Is this genuine?\n\n________________________________\nFrom: %s <admin@%s>\nSent: Monday, 5 October 2026 09:12\nTo: %s <%s@nhs.net>\nSubject: %s\n\n%s\nhttps://%s/login\n",
		g.pick("IT Support", "Microsoft 365", "NHSmail Admin"), d, name, local, subject, body, d)
	return m
}

func forwardedAttached(g *gen) *mail {
	name, local := g.person()
	inner := credentialLookalike(g).bytes()
	m := &mail{}
	g.received(m, "relay.nhs.net", g.ip())
	g.auth(m, "pass", "pass", "pass", "nhs.net", "nhs.net")
	m.h("From", fmt.Sprintf("%q <%s@nhs.net>", name, local)).h("To", "phishing-reports@nhs.net").h("Subject", g.pick("Fwd: suspicious", "FW: is this real?", "Phishing?")).h("Date", g.date()).h("Message-ID", g.id("nhs.net"))
	m.text = "Please check the attached."
	m.attachments = []attachment{{name: "suspicious.eml", message: true, data: inner}}
	return m
}

func htmlAttachment(g *gen) *mail {
	d := g.attackerDomain()
	m := &mail{}
	g.received(m, "mail."+d, g.ip())
	g.auth(m, g.pick("softfail", "pass"), "none", g.pick("none", "fail"), d, "none")
	m.h("From", fmt.Sprintf("\"%s\" <billing@%s>", g.pick("Accounts", "Finance", "Remittance"), d)).h("To", "jane.smith@nhs.net").
		h("Subject", g.pick("Invoice attached", "Payment advice", "Outstanding balance")).h("Date", g.date()).h("Message-ID", g.id(d))
	m.text = "Please find the attached invoice."
	m.attachments = []attachment{{name: g.pick("Invoice_8812.html", "Payment.htm", "Remit.shtml"), ctype: "text/html",
		data: []byte(fmt.Sprintf(`<html><script>window.location="https://%s/o365"</script></html>`, g.attackerDomain()))}}
	return m
}
