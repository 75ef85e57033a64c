package email

import (
	"fmt"
	"strings"
	"testing"
)

// TestListAndBulkSignsExplainEachOther covers genuine mail whose headers look like tricks on
// their own: they must not be called malicious, and plainly genuine mail should look genuine.
func TestListAndBulkSignsExplainEachOther(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		want      Verdict
		explained []IndicatorCode // present, but counting for less
	}{
		{"modern mailing list with ARC", "From: \"Ann Lee via Infection Control\" <infection-control@lists.example.org>\r\n" +
			"Reply-To: infection-control@lists.example.org\r\nSender: infection-control-bounces@lists.example.org\r\n" +
			"Return-Path: <infection-control-bounces+jane=nhs.net@lists.example.org>\r\n" +
			"List-Id: Infection control forum <infection-control.lists.example.org>\r\nList-Unsubscribe: <https://lists.example.org/u>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" +
			"Authentication-Results: mx.nhs.net; arc=pass; spf=pass smtp.mailfrom=lists.example.org; dkim=pass header.d=lists.example.org; dmarc=pass header.from=lists.example.org\r\n" +
			"To: infection-control@lists.example.org\r\nSubject: [IPC] Norovirus season slides\r\n\r\nSlides from today's call are on the forum.\r\n",
			Safe, nil},
		{"list that keeps the poster's From", "From: \"Dr Ann Lee\" <ann.lee@hospital.example>\r\n" +
			"Reply-To: ipc-forum@lists.example.org\r\nSender: ipc-forum-bounces@lists.example.org\r\n" +
			"List-Id: <ipc-forum.lists.example.org>\r\nList-Post: <mailto:ipc-forum@lists.example.org>\r\n" +
			"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=lists.example.org; dkim=fail header.d=hospital.example; dmarc=fail header.from=hospital.example\r\n" +
			"To: ipc-forum@lists.example.org\r\nSubject: Audit tool\r\n\r\nHas anyone adapted the hand hygiene audit tool?\r\n",
			Unknown, []IndicatorCode{CodeReplyToDiffers, CodeSenderDiffers, CodeDKIMFail, CodeDMARCFail}},
		{"supplier newsletter through a mailing service", "From: \"MedSupplies\" <news@medsupplies.example>\r\n" +
			"Reply-To: customer.care@medsupplies-support.example\r\nReturn-Path: <bounce-123@mail.sendgrid.net>\r\n" +
			"List-Unsubscribe: <https://u.medsupplies.example/u>\r\nX-SG-EID: abc\r\n" +
			"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=sendgrid.net; dkim=pass header.d=medsupplies.example; dmarc=pass header.from=medsupplies.example\r\n" +
			"To: jane.smith@nhs.net\r\nSubject: New glove range\r\n\r\nOur new nitrile gloves are in stock: https://www.medsupplies.example/gloves\r\n",
			Unknown, []IndicatorCode{CodeReturnPathDiffers, CodeReplyToDiffers}},
		{"old mail without checks", "From: \"Tom\" <tom@example.com>\r\nTo: jane@example.org\r\nDate: Mon, 2 Sep 2002 10:00:00 +0100\r\nSubject: Lunch\r\n\r\nLunch on Friday?\r\n",
			Unknown, []IndicatorCode{CodeAuthMissing}},
		{"internal NHSmail without checks", "Received: from AM0PR01MB1.eurprd01.prod.outlook.com by AM0PR01MB2.eurprd01.prod.outlook.com with HTTPS; Tue, 6 Oct 2026 08:14:05 +0000\r\n" +
			"From: \"Ward 3\" <ward3@nhs.net>\r\nTo: jane.smith@nhs.net\r\nSubject: Rota change\r\n\r\nYou are on lates next Tuesday.\r\n",
			Unknown, []IndicatorCode{CodeAuthMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse([]byte(tt.raw), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			if a.SuggestedVerdict != tt.want {
				t.Errorf("verdict = %s (%s), want %s; indicators %+v", a.SuggestedVerdict, a.VerdictReason, tt.want, a.Indicators)
			}
			for _, code := range tt.explained {
				in, ok := indicator(a, code)
				if !ok || in.Explained == "" {
					t.Errorf("%s = %+v, want it present and explained", code, in)
				}
			}
		})
	}
}

func TestFreeMailClaimingAnOrganisation(t *testing.T) {
	a := analyseRaw(t, "From: \"Payroll Department\" <payroll.dept2026@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Salary\r\n\r\nPlease send me your new bank details.\r\n")
	wantIndicators(t, a, CodeFreeMailOrg)
	a = analyseRaw(t, "From: \"Jane Smith\" <jane.smith.home@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Rota\r\n\r\nSending from home.\r\n")
	noIndicators(t, a, CodeFreeMailOrg)
}

func analyseRaw(t *testing.T, raw string) *Analysis {
	t.Helper()
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestOnePromiseFromAStrangersFreeMail checks that a single promise of money counts from a
// free mail account, and not from a mailing list's member discussing the news.
func TestOnePromiseFromAStrangersFreeMail(t *testing.T) {
	lure := "From: \"MR. MUSA MOHAMMED\" <mr.musa.m198@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: GREETING TO YOU\r\n" +
		"X-MS-Exchange-Organization-SCL: 9\r\n\r\nDEAR FRIEND, I have a deal of US$18.5 million to transfer into your account.\r\n"
	a := analyseRaw(t, lure)
	wantIndicators(t, a, CodeAdvanceFee)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("one promise of millions from free mail, marked by a filter: %s, want malicious; %+v", a.SuggestedVerdict, a.Indicators)
	}
	if a := analyseRaw(t, strings.Replace(lure, "gmail.com", "bank-news.example", 1)); a.has(CodeAdvanceFee) {
		t.Errorf("one promise from a company's own domain counted: %+v", a.Indicators)
	}
	list := "From: <fork_member@hotmail.com>\r\nTo: fork@example.org\r\nList-Id: <fork.example.org>\r\nSubject: Sun buys a storage startup\r\n\r\nSun paid $411 million for it.\r\n"
	if in, ok := indicator(analyseRaw(t, list), CodeAdvanceFee); ok && in.Severity != Low {
		t.Errorf("a list member's news of millions = %+v, want a minor sign at most", in)
	}
}

// TestNewsletterSignsDoNotAddUpToAnAttack checks that minor signs alone do not make an attack
// of a message that links to many sites, and that a web page shared on a mailing list is not
// a high sign on its own.
func TestNewsletterSignsDoNotAddUpToAnAttack(t *testing.T) {
	var links strings.Builder
	for _, site := range []string{"news-one.example", "news-two.example", "news-three.example", "news-four.example", "news-five.example", "news-six.example"} {
		fmt.Fprintf(&links, "<p><a href=\"https://%s/story\">Read the story on %s</a></p>", site, site)
	}
	newsletter := "From: \"Gnome Daily\" <subscriptions@gnome-daily.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Today's news\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>Regulators threaten legal action against the record labels. Readers can buy Visa gift cards at cost.</p>" +
		"<p>Secure your e-mail with our guide.</p>" + links.String() + "\r\n"
	a := analyseRaw(t, newsletter)
	if a.SuggestedVerdict == Malicious {
		t.Errorf("a newsletter linking to many sites, with minor signs only: malicious; %+v", a.Indicators)
	}
	list := "From: <matthias@lists-member.example>\r\nTo: rpm-list@freshrpms.example\r\nList-Id: RPM discussion <rpm-list.freshrpms.example>\r\n" +
		"Subject: Quick php advice needed\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nWhy does this page break?\r\n" +
		"--b\r\nContent-Type: text/html; name=index.html\r\nContent-Disposition: attachment; filename=index.html\r\n\r\n<html><body>test</body></html>\r\n--b--\r\n"
	a = analyseRaw(t, list)
	if in, ok := indicator(a, CodeRiskyAttachment); !ok || in.Severity != Medium {
		t.Errorf("a web page shared on a list = %+v, want a medium sign", in)
	}
	if alone := analyseRaw(t, strings.Replace(list, "List-Id: RPM discussion <rpm-list.freshrpms.example>\r\n", "", 1)); alone.SuggestedVerdict != Malicious {
		t.Errorf("a web page sent to the reader alone: %s, want malicious", alone.SuggestedVerdict)
	}
}
