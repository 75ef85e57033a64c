package email

import (
	"fmt"
	"slices"
	"strings"
)

// Severity says how much an indicator counts towards a malicious verdict.
type Severity string

const (
	Info   Severity = "info"   // context, or good news; never counts against the message
	Low    Severity = "low"    // common in genuine mail too
	Medium Severity = "medium" // suspicious
	High   Severity = "high"   // a trick genuine senders do not use
)

// rank orders severities, most serious first when sorting.
func (s Severity) rank() int {
	switch s {
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// IndicatorCode names a kind of indicator. Codes are stable: reports, campaigns and the API
// store them, so a code is never renamed or reused.
type IndicatorCode string

// Indicator is one sign found in a message.
type Indicator struct {
	Code     IndicatorCode `json:"code"`
	Severity Severity      `json:"severity"`
	// Reason says what the sign means, in plain words for anyone.
	Reason string `json:"reason"`
	// Detail gives the facts behind it for an analyst: names, addresses, domains.
	Detail string `json:"detail,omitempty"`
	// Explained says why the sign counts for less here than on its own, for example a
	// mailing list's Reply-To; its Severity has then been lowered.
	Explained string `json:"explained,omitempty"`
}

const (
	CodeMissingFrom        IndicatorCode = "sender.missing-from"
	CodeDisplayNameAddress IndicatorCode = "sender.display-name-address"
	CodeDisplayNameTrusted IndicatorCode = "sender.display-name-trusted"
	CodeLookalikeSender    IndicatorCode = "sender.lookalike-domain"
	CodeOwnDomainForged    IndicatorCode = "sender.own-domain-forged"
	CodeReplyToDiffers     IndicatorCode = "sender.reply-to-differs"
	CodeReturnPathDiffers  IndicatorCode = "sender.return-path-differs"
	CodeSenderDiffers      IndicatorCode = "sender.sender-differs"
	CodePhishingToolkit    IndicatorCode = "sender.phishing-toolkit"
	CodeFreeMailOrg        IndicatorCode = "sender.freemail-organisation"
	CodeReplyToFreeMail    IndicatorCode = "sender.reply-to-freemail"
	CodeExternal           IndicatorCode = "sender.external"
	CodeInternal           IndicatorCode = "sender.internal"
	CodeAbusedDomainEnding IndicatorCode = "domain.abused-ending"

	CodeDMARCFail    IndicatorCode = "auth.dmarc-fail"
	CodeSPFFail      IndicatorCode = "auth.spf-fail"
	CodeSPFSoftFail  IndicatorCode = "auth.spf-softfail"
	CodeDKIMFail     IndicatorCode = "auth.dkim-fail"
	CodeCompAuthFail IndicatorCode = "auth.compauth-fail"
	CodeNoDMARC      IndicatorCode = "auth.no-dmarc"
	CodeDMARCError   IndicatorCode = "auth.dmarc-error"
	// CodeDMARCFailForwarded is a DMARC failure that a forwarder's intact ARC chain explains.
	CodeDMARCFailForwarded IndicatorCode = "auth.dmarc-fail-forwarded"
	CodeAuthMissing        IndicatorCode = "auth.missing"
	CodeAuthPass           IndicatorCode = "auth.pass"

	CodeLinkTextMismatch  IndicatorCode = "url.text-mismatch"
	CodeLookalikeLink     IndicatorCode = "url.lookalike-domain"
	CodeIPAddressLink     IndicatorCode = "url.ip-address"
	CodeInternationalLink IndicatorCode = "url.international"
	CodeRecipientInLink   IndicatorCode = "url.recipient-in-link"
	CodeUnusualScheme     IndicatorCode = "url.unusual-scheme"
	CodeHiddenUserInfo    IndicatorCode = "url.userinfo"
	CodeLinkShortener     IndicatorCode = "url.shortener"
	CodeSafeLinksUnwrap   IndicatorCode = "url.safelinks-unwrapped"
	CodeLinkUnwrapped     IndicatorCode = "url.unwrapped"
	CodeRedirectLink      IndicatorCode = "url.redirect"
	CodeDisguisedLink     IndicatorCode = "url.disguised"
	CodeUnreadableLink    IndicatorCode = "url.unreadable"
	CodeQRCode            IndicatorCode = "url.qr-code"
	CodeFreeHostingLink   IndicatorCode = "url.free-hosting"

	CodeRiskyAttachment    IndicatorCode = "attachment.risky-type"
	CodeMacroDocument      IndicatorCode = "attachment.macro"
	CodeEncryptedArchive   IndicatorCode = "attachment.encrypted-archive"
	CodeRiskyInArchive     IndicatorCode = "attachment.risky-in-archive"
	CodeDoubleExtension    IndicatorCode = "attachment.double-extension"
	CodeDisguisedName      IndicatorCode = "attachment.disguised-name"
	CodeTypeMismatch       IndicatorCode = "attachment.type-mismatch"
	CodePressure           IndicatorCode = "content.pressure"
	CodeBulkMail           IndicatorCode = "content.bulk-mail"
	CodeMailingList        IndicatorCode = "content.mailing-list"
	CodeSpamFlagged        IndicatorCode = "content.spam-flagged"
	CodeCredentialRequest  IndicatorCode = "content.credential-request"
	CodeBankDetailsChange  IndicatorCode = "content.bank-details"
	CodeSignInElsewhere    IndicatorCode = "content.sign-in-elsewhere"
	CodeGiftCards          IndicatorCode = "content.gift-cards"
	CodeCryptoRequest      IndicatorCode = "content.crypto"
	CodeAdvanceFee         IndicatorCode = "content.advance-fee"
	CodeSecrecy            IndicatorCode = "content.secrecy"
	CodeSimulation         IndicatorCode = "simulation.marker"
	CodeSimulationMismatch IndicatorCode = "simulation.marker-mismatch"
	CodeLearnedMalicious   IndicatorCode = "learned.like-malicious"
	CodeLearnedGenuine     IndicatorCode = "learned.like-genuine"
	CodeSubmitted          IndicatorCode = "report.submitted"
	CodeForwarded          IndicatorCode = "report.forwarded"
	CodeBrandImpersonation IndicatorCode = "sender.brand-impersonation"
	CodeImpossibleDomain   IndicatorCode = "sender.impossible-domain"
	CodeFreeHostingSender  IndicatorCode = "sender.free-hosting"
	CodeDisguisedText      IndicatorCode = "content.disguised-letters"
	CodeRecipientInSubject IndicatorCode = "content.recipient-in-subject"
	CodePrize              IndicatorCode = "content.prize"
	CodeMalformedFrom      IndicatorCode = "sender.malformed-from"
	CodeDating             IndicatorCode = "content.dating"
	CodeMachineMadeSender  IndicatorCode = "sender.machine-made"
	CodeFakeInvoice        IndicatorCode = "content.fake-invoice"
	CodeRandomSubject      IndicatorCode = "content.random-subject"
	CodeDisplayNameDomain  IndicatorCode = "sender.display-name-domain"
	CodeRelayedLink        IndicatorCode = "url.relayed-by-service"
)

type indicatorText struct {
	severity Severity
	reason   string
}

// indicatorTexts is the one place where indicators are worded, so that the words can be
// reviewed together. Reasons are for a tired clinician: short, plain, no blame.
var indicatorTexts = map[IndicatorCode]indicatorText{
	CodeMissingFrom: {Medium,
		"It does not say who sent it. Genuine e-mails always do."},
	CodeDisplayNameAddress: {High,
		"The sender's name shows an e-mail address that is not the real one. This trick makes a message look like it came from someone you know."},
	CodeRelayedLink: {Medium,
		"It was sent by a service that passes on words anyone can type (a chat window, a help desk, a form, code-hosting notifications), and it links to a site that is not the service's. The service's good name does not vouch for that link."},
	CodeDisplayNameDomain: {Medium,
		"The sender's name is a website's address, but the message came from a different domain. Criminals name a well-known site to borrow its trust."},
	CodeDisplayNameTrusted: {Medium,
		"The sender's name claims to be a trusted team or brand, but the e-mail address belongs to someone else."},
	CodeLookalikeSender: {High,
		"The sender's address is made to look like a trusted one, but it belongs to someone else."},
	CodeOwnDomainForged: {High,
		"It claims to come from our own e-mail domain, but that domain's checks failed. Someone is probably pretending to be a colleague."},
	CodeReplyToDiffers: {Medium,
		"Replies would go to a different place from the one it claims to come from, so your answer could reach a stranger."},
	CodeReturnPathDiffers: {Low,
		"Its hidden return address belongs to a different domain from the sender's. Mailing services do this too, so on its own it means little."},
	CodeSenderDiffers: {Low,
		"It was sent on someone else's behalf by a different domain. Mailing services do this, but it can also hide the real sender."},
	CodePhishingToolkit: {Low,
		"It was sent with a phishing tool. Such tools are used for practice e-mails and by criminals alike."},
	CodeFreeMailOrg: {Medium,
		"The sender's name claims a company, a team or a service, but it was sent from a free personal e-mail account."},
	CodeReplyToFreeMail: {Medium,
		"Replies would go to a free personal e-mail account, not to the organisation it claims to come from."},
	CodeExternal: {Info,
		"It came from outside the organisation."},
	CodeInternal: {Info,
		"It came from one of the organisation's own e-mail domains."},
	CodeAbusedDomainEnding: {Low,
		"An address in it ends in a way that criminals use a lot, because such names are cheap and quick to get."},

	CodeDMARCFail: {Medium,
		"The sender's domain says this message failed its checks. The From address may be forged."},
	CodeSPFFail: {Medium,
		"It was sent by a server that the sender's domain does not allow to send its mail."},
	CodeSPFSoftFail: {Low,
		"It was sent by a server that the sender's domain does not fully trust."},
	CodeDKIMFail: {Medium,
		"Its digital signature does not match. It may have been changed on the way, or forged."},
	CodeCompAuthFail: {Medium,
		"Microsoft's own check of the sender failed."},
	CodeNoDMARC: {Low,
		"The sender's domain does not protect its address, so anyone could send mail that appears to come from it."},
	CodeDMARCError: {Low,
		"The sender's domain has a broken or unreachable protection setting, so its address could not be checked."},
	CodeDMARCFailForwarded: {Info,
		"It failed a sender check after a mailing list or another organisation forwarded it. The forwarder confirmed it passed before, which is normal for forwarded mail."},
	CodeAuthMissing: {Low,
		"It carries no sender check results, so Vigil cannot confirm who sent it."},
	CodeAuthPass: {Info,
		"The sender's domain confirmed that it sent this message. That proves who sent it, not that it is honest: criminals pass these checks with their own domains."},

	CodeLinkTextMismatch: {High,
		"A link shows one web address but goes to another. This is a common phishing trick."},
	CodeLookalikeLink: {High,
		"A link goes to a web address made to look like a trusted one."},
	CodeIPAddressLink: {Medium,
		"A link goes to a bare computer address instead of a named website. Genuine organisations rarely do this."},
	CodeInternationalLink: {Medium,
		"A link's web address uses letters from another alphabet. Some of them look exactly like ordinary letters."},
	CodeRecipientInLink: {Medium,
		"A link carries the recipient's own e-mail address. Fake sign-in pages use this to fill in your name and look genuine."},
	CodeUnusualScheme: {Medium,
		"A link would run code or open a file instead of a web page."},
	CodeHiddenUserInfo: {Medium,
		"A link hides its real destination behind an @ sign."},
	CodeLinkShortener: {Low,
		"A link goes through a link-shortening service, which hides where it really leads."},
	CodeSafeLinksUnwrap: {Info,
		"A link was wrapped by Microsoft Safe Links. Vigil shows where it really goes."},
	CodeLinkUnwrapped: {Info,
		"A link was wrapped by a mail security service. Vigil shows where it really goes."},
	CodeRedirectLink: {Low,
		"A link passes through another website, such as a search engine, before it reaches where it really goes. This hides the real destination."},
	CodeDisguisedLink: {Medium,
		"A link's address is written in a disguised way that web browsers still follow. Genuine senders have no reason to do this."},
	CodeFreeHostingLink: {Low,
		"A link goes to a page on a free website service, where anyone can put up a page in minutes. Criminals host fake sign-in pages there."},
	CodeQRCode: {Medium,
		"It has a QR code that leads to a website. Scanning it with a phone skips the protection on your work computer, which is why criminals use them."},
	CodeUnreadableLink: {Low,
		"A link is written so badly that Vigil cannot tell where it goes. Do not click it."},

	CodeRiskyAttachment: {High,
		"It has an attachment of a kind that can run code or show a fake sign-in page. Do not open it."},
	CodeMacroDocument: {High,
		"It has an Office document with macros. Macros can install harmful software."},
	CodeEncryptedArchive: {High,
		"It has a password-protected zip file. Criminals lock files so that security checks cannot look inside."},
	CodeRiskyInArchive: {High,
		"A zip file in it holds a file of a kind that can run code."},
	CodeDoubleExtension: {High,
		"An attachment's name hides its real type, for example invoice.pdf.html."},
	CodeDisguisedName: {High,
		"An attachment's name contains hidden characters that disguise its real type."},
	CodeTypeMismatch: {Medium,
		"An attachment is not the kind of file its name or label says it is."},
	CodePressure: {Medium,
		"It pushes you to act fast or warns of a penalty. Pressure is the most common sign of a scam."},
	CodeBulkMail: {Info,
		"It looks like bulk or marketing mail."},
	CodeMailingList: {Info,
		"It came through a mailing list."},
	CodeSpamFlagged: {Low,
		"A spam filter on the way marked it as spam. On its own that makes it unwanted mail, not an attack."},
	CodeCredentialRequest: {Medium,
		"It asks you to sign in, open a shared file or confirm your details. Criminals use this to steal passwords."},
	CodeSignInElsewhere: {Medium,
		"It asks you to sign in or give details, but its link goes to a different website from the sender's own."},
	CodeBankDetailsChange: {Medium,
		"It asks for a payment or says bank details have changed. Always check such requests by phone, using a number you already know."},
	CodeGiftCards: {Medium,
		"It asks for gift cards or voucher codes. No genuine colleague or company asks to be paid this way."},
	CodeCryptoRequest: {Medium,
		"It asks about a crypto wallet, its recovery words or a cryptocurrency payment. Genuine services never ask for these."},
	CodeAdvanceFee: {Medium,
		"It promises money, an inheritance or a prize. Such offers are a scam to make you pay a fee or share your details."},
	CodeSecrecy: {Medium,
		"It asks you to keep it quiet, or checks you are alone and free to act. Scammers do this to stop you asking anyone."},
	CodeSimulation: {Info,
		"This is one of the organisation's own practice phishing e-mails. Reporting it was exactly the right thing to do."},
	CodeSimulationMismatch: {Medium,
		"It carries a practice-phishing label, but not one the organisation uses. Criminals sometimes copy such labels to look harmless."},
	CodeBrandImpersonation: {High,
		"The sender's name is a well-known company's, but the address does not belong to that company."},
	CodeImpossibleDomain: {High,
		"The sender's address ends in a domain that cannot exist, so replies could never reach it. The address was made up."},
	CodeFreeHostingSender: {Medium,
		"It was sent from an address on a free website service, not from a company's own domain."},
	CodeDisguisedText: {Medium,
		"Words in it are written with look-alike letters from other alphabets, so that spam filters cannot read them."},
	CodeRecipientInSubject: {Medium,
		"The subject contains your own e-mail address. Mass scams do this to look personal."},
	CodePrize: {Medium,
		"It offers a prize, a bonus or free spins. Such offers lure people to scam or gambling sites."},
	CodeMalformedFrom: {Medium,
		"The sender's line is written in a broken way that mail programs forgive but genuine mail systems do not produce."},
	CodeDating: {Medium,
		"It offers dating or sex. Such messages lead to scam and malware sites."},
	CodeMachineMadeSender: {Medium,
		"The sender's mailbox name is a jumble of letters made up by a program. Mass mailers do this so that filters cannot learn who they are."},
	CodeFakeInvoice: {Medium,
		"It says you have paid or been charged for something and asks you to call or reply to cancel. Fake invoices lead to phone scams."},
	CodeRandomSubject: {Medium,
		"The subject has a jumble of letters and digits in it. Mass mailers change it in every copy so that spam filters cannot recognise the message."},
	CodeLearnedMalicious: {Low,
		"It looks like reports your analysts marked as attacks before."},
	CodeLearnedGenuine: {Info,
		"It looks like reports your analysts marked as genuine before."},
	CodeSubmitted: {Info,
		"A member of staff reported this message with the Report button in Outlook."},
	CodeForwarded: {Info,
		"A member of staff forwarded this message to report it. Vigil analysed the original message inside."},
}

// add records an indicator. A code is recorded once per analysis: later details for the same
// code are joined to the first, so one trick used five times is one indicator, not five.
func (a *Analysis) add(code IndicatorCode, detailFormat string, args ...any) {
	text, ok := indicatorTexts[code]
	if !ok { // a code added without words; TestEveryIndicatorHasWords catches it
		text = indicatorText{Medium, "Vigil noticed something unusual about this message."}
	}
	detail := detailFormat
	if len(args) > 0 {
		detail = fmt.Sprintf(detailFormat, args...)
	}
	for i := range a.Indicators {
		if a.Indicators[i].Code != code {
			continue
		}
		if detail != "" && !containsLine(a.Indicators[i].Detail, detail) {
			if a.Indicators[i].Detail == "" {
				a.Indicators[i].Detail = detail
			} else {
				a.Indicators[i].Detail += "\n" + detail
			}
		}
		return
	}
	a.Indicators = append(a.Indicators, Indicator{Code: code, Severity: text.severity, Reason: text.reason, Detail: detail})
}

func containsLine(text, line string) bool {
	return slices.Contains(strings.Split(text, "\n"), line)
}

// addAs records an indicator at a severity other than its usual one, when the evidence is
// weaker or stronger than usual.
func (a *Analysis) addAs(code IndicatorCode, sev Severity, detailFormat string, args ...any) {
	existed := a.has(code)
	a.add(code, detailFormat, args...)
	if !existed {
		a.Indicators[len(a.Indicators)-1].Severity = sev
	}
}

// raise sets a recorded indicator's severity to at least sev: a strong instance of a sign
// outweighs a weak one found before it.
func (a *Analysis) raise(code IndicatorCode, sev Severity) {
	for i := range a.Indicators {
		if a.Indicators[i].Code == code && a.Indicators[i].Severity.rank() < sev.rank() {
			a.Indicators[i].Severity = sev
		}
	}
}

// has reports whether an indicator with the code was recorded.
func (a *Analysis) has(code IndicatorCode) bool {
	return slices.ContainsFunc(a.Indicators, func(in Indicator) bool { return in.Code == code })
}

// sortIndicators puts the most serious first, keeping the order found within a severity.
func (a *Analysis) sortIndicators() {
	slices.SortStableFunc(a.Indicators, func(x, y Indicator) int {
		return y.Severity.rank() - x.Severity.rank()
	})
}

// warn records something the analysis could not read or left out.
func (a *Analysis) warn(format string, args ...any) {
	if len(a.Warnings) == maxWarnings {
		a.Warnings = append(a.Warnings, "There were more problems reading this message; only the first ones are listed.")
	}
	if len(a.Warnings) > maxWarnings {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(a.Warnings, msg) {
		a.Warnings = append(a.Warnings, msg)
	}
}
