package email

import (
	"encoding/base64"
	"strings"
	"testing"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestBrandInTheNameButNotTheAddress(t *testing.T) {
	tests := []struct {
		name, from string
		want       bool
	}{
		{"wallet name on an unrelated domain", `"MetaMask" <support@wonolo.example>`, true},
		{"bank name with ordinary words", `"Equipe Bradesco Seguranca" <alerta@regularizacao.example>`, true},
		{"brand on its own domain", `"PayPal" <service@mail.paypal.co.uk>`, false},
		{"brand on its own hyphenated domain", `"Royal Mail" <no-reply@royal-mail.example>`, false},
		{"a newsletter about the brand", `"Lockergnome Apple Core" <subscriptions@lockergnome.example>`, false},
		{"a person sharing a brand's word", `"Chase Roberts" <chase@roberts.example>`, false},
		{"a broker's name on a rented mail domain", `"Robinhood" <postmaster@booking-api.example>`, true},
		{"a bank's name on someone else's address", `"TF Bank" <zertifikat@provider.example>`, true},
		{"a brand's credit offer on a phone company's address", `"PayPal Guthaben" <reply@phone-company.example>`, true},
		{"a broker on its own domain", `"Robinhood" <notifications@robinhood.com>`, false},
		{"a wallet written with capital I for small l", `"Trust WaIIet" <customer_service@tpg.example>`, true},
		{"a tax office written with small l for capital I", `"lRS.GOV" <117756535765781@shop.example>`, true},
		{"a parcel carrier's tracking name", `"USPS Tracking Status" <social2016@university.example>`, true},
		{"a points scheme on someone else's address", `"Pagseguro Pontos" <admin@notificandoavisos.example>`, true},
		{"a person whose name has a capital I", `"Ian McIntyre" <ian@mcintyre.example>`, false},
		{"a wallet on its own domain written with capitals", `"Trust WALLET" <support@trustwallet.com>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyseRaw(t, "From: "+tt.from+"\r\nTo: jane.smith@nhs.net\r\nSubject: Notice\r\n\r\nHello.\r\n")
			if _, got := indicator(a, CodeBrandImpersonation); got != tt.want {
				t.Errorf("brand impersonation = %v, want %v; indicators %+v", got, tt.want, a.Indicators)
			}
		})
	}
}

func TestImpersonatingABrandIsCalledMalicious(t *testing.T) {
	a := analyseRaw(t, "From: \"Ledger Team\" <noreply@survey-host.example>\r\nTo: jane.smith@nhs.net\r\n"+
		"Subject: Manual device update required\r\n\r\nPlease update your device today.\r\n")
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious; indicators %+v", a.SuggestedVerdict, a.Indicators)
	}
	if _, ok := indicator(a, CodeBrandImpersonation); !ok {
		t.Errorf("no brand impersonation in %+v", a.Indicators)
	}
}

func TestImpossibleSenderDomain(t *testing.T) {
	for _, domain := range []string{"correios", "campanhas491417", "%atendimento.com", "shop.invalidending"} {
		a := analyseRaw(t, "From: \"Aviso\" <aviso@"+domain+">\r\nTo: jane.smith@nhs.net\r\nSubject: Pedido\r\n\r\nOla.\r\n")
		wantIndicators(t, a, CodeImpossibleDomain)
	}
	for _, domain := range []string{"example.co.uk", "nhs.net", "xn--bcher-kva.example"} {
		a := analyseRaw(t, "From: \"Tom\" <tom@"+domain+">\r\nTo: jane.smith@nhs.net\r\nSubject: Lunch\r\n\r\nLunch?\r\n")
		noIndicators(t, a, CodeImpossibleDomain)
	}
}

func TestDisguisedLetters(t *testing.T) {
	tests := []struct {
		subject string
		want    bool
	}{
		{"=?UTF-8?B?" + b64("𝗟𝗔𝗦𝗧 𝗔𝗟𝗘𝗥𝗧 for you") + "?=", true},
		{"=?UTF-8?B?" + b64("Gеt a high lеvеl of protection") + "?=", true}, // Cyrillic е inside Latin words
		{"=?UTF-8?B?" + b64("Привет, meeting at noon") + "?=", false},       // whole words in each alphabet
		{"Ward rota for December", false},
	}
	for _, tt := range tests {
		a := analyseRaw(t, "From: \"Tom\" <tom@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: "+tt.subject+"\r\n\r\nHello.\r\n")
		if _, got := indicator(a, CodeDisguisedText); got != tt.want {
			t.Errorf("subject %q: disguised letters = %v, want %v", a.Subject, got, tt.want)
		}
	}
}

func TestSenderOnFreeHostingAndAddressInSubject(t *testing.T) {
	a := analyseRaw(t, "From: \"PayCenter\" <noreply@madona-24fbd.firebaseapp.com>\r\nTo: jane.smith@nhs.net\r\n"+
		"Subject: jane.smith@nhs.net, claim your bonus\r\n\r\nYour welcome bonus is waiting.\r\n")
	wantIndicators(t, a, CodeFreeHostingSender, CodeRecipientInSubject, CodePrize)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious; indicators %+v", a.SuggestedVerdict, a.Indicators)
	}
}

func TestFreeMailNamesThatClaimAnInvoiceOrAnAuthority(t *testing.T) {
	for _, name := range []string{"Nota Emitida - 813704788758188", "Itaucard - Pague sua fatura", "Barrister Musa Mohammed", "Ripple Support"} {
		a := analyseRaw(t, "From: \""+name+"\" <someone1990@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Ola\r\n\r\nOla.\r\n")
		wantIndicators(t, a, CodeFreeMailOrg)
	}
	a := analyseRaw(t, "From: \"Ann Lee\" <ann.lee1990@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Lunch\r\n\r\nLunch on Friday?\r\n")
	noIndicators(t, a, CodeFreeMailOrg)
}

func TestBrokenFromLineKeepsTheNameTheReaderSees(t *testing.T) {
	a := analyseRaw(t, "From: EDEKA-Gutschein, jehd <service@friends.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Hallo\r\n\r\nHallo.\r\n")
	wantIndicators(t, a, CodeMalformedFrom)
	if a.From == nil || a.From.Name != "EDEKA-Gutschein, jehd" {
		t.Errorf("From = %+v, want the name the reader sees kept", a.From)
	}
	ok := analyseRaw(t, "From: \"Smith, Jane\" <jane@example.com>\r\nTo: tom@nhs.net\r\nSubject: Hi\r\n\r\nHi.\r\n")
	noIndicators(t, ok, CodeMalformedFrom)
}

func TestFamousNamesAndSwappedLetters(t *testing.T) {
	a := analyseRaw(t, "From: \"Advanced Energy by Elon Musk\" <promo@prints.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Energy\r\n\r\nHello.\r\n")
	wantIndicators(t, a, CodeBrandImpersonation)
	for _, subject := range []string{"IMP0RTANT INF0RMATI0N", "Verify your WaIIet", "Bitcoin__Transfer__0.7495__BTC"} {
		a := analyseRaw(t, "From: \"Tom\" <tom@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: "+subject+"\r\n\r\nHello.\r\n")
		wantIndicators(t, a, CodeDisguisedText)
	}
	for _, subject := range []string{"Meeting with Rory McIlroy", "OpenAI notes", "test_sets.py results", "Room B0 is free", "[PATCH] libnvdimm: Prevent integer overflow in __nd_label_validate()"} {
		a := analyseRaw(t, "From: \"Tom\" <tom@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: "+subject+"\r\n\r\nHello.\r\n")
		noIndicators(t, a, CodeDisguisedText)
	}
}

func TestASpamFilterMarkTipsRealWarningSignsOver(t *testing.T) {
	base := "From: \"Casino\" <promo@games.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Bonus\r\n" +
		"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=games.example; dmarc=none header.from=games.example\r\n"
	body := "\r\nYour welcome bonus and free spins are waiting.\r\n"
	if a := analyseRaw(t, base+body); a.SuggestedVerdict == Malicious {
		t.Errorf("without the filter's mark: %s, want less than malicious", a.SuggestedVerdict)
	}
	a := analyseRaw(t, base+"X-MS-Exchange-Organization-SCL: 9\r\n"+body)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("with the filter's mark: %s, want malicious; %+v", a.SuggestedVerdict, a.Indicators)
	}
	vouched := analyseRaw(t, strings.Replace(base, "dmarc=none", "dmarc=pass", 1)+"X-MS-Exchange-Organization-SCL: 9\r\n"+body)
	if vouched.SuggestedVerdict != Malicious {
		t.Errorf("with the filter's mark and the junk domain's own DMARC pass: %s, want malicious", vouched.SuggestedVerdict)
	}
	quiet := analyseRaw(t, "From: \"Shop\" <news@shop.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Sale\r\nX-MS-Exchange-Organization-SCL: 9\r\n\r\nOur sale starts today.\r\n")
	if quiet.SuggestedVerdict != Spam {
		t.Errorf("a filter's mark alone: %s, want spam", quiet.SuggestedVerdict)
	}
	if in, ok := indicator(quiet, CodeSpamFlagged); !ok || in.Severity != Low {
		t.Errorf("a filter's mark = %+v, want a minor warning sign", in)
	}
}

func TestMachineMadeMailboxNames(t *testing.T) {
	for _, local := range []string{"eTZhJSSyG", "GdGiFyie", "aNiOPsklEuPFaAJ"} {
		if !machineMade(local) {
			t.Errorf("%s: not seen as made up by a program", local)
		}
	}
	for _, local := range []string{"DoNotUse", "JaneSmith", "jane.smith", "Fool", "BobM", "newsletters"} {
		if machineMade(local) {
			t.Errorf("%s: seen as made up by a program", local)
		}
	}
}

func TestHiddenMarksInTheSendersName(t *testing.T) {
	a := analyseRaw(t, "From: =?UTF-8?B?"+b64("customers@services\u073f.\u073famzn\u073f.\u073fcom")+"?= <info@cable.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Order\r\n\r\nHello.\r\n")
	wantIndicators(t, a, CodeDisguisedText, CodeDisplayNameAddress)
	accents := analyseRaw(t, "From: \"Zoë Brontë\" <zoe@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Café\r\n\r\nHello.\r\n")
	noIndicators(t, accents, CodeDisguisedText)
}

func TestSubjectsInABrandsVoice(t *testing.T) {
	tests := []struct {
		subject, from string
		want          bool
	}{
		{"Coinbase: Was this you?", "noreply@activepipe.example", true},
		{"[PayPal] Your account is limited", "service@notices.example", true},
		{"Coinbase: Was this you?", "no-reply@coinbase.com", false},
		{"Best Apple deals this week", "deals@shop.example", false},
	}
	for _, tt := range tests {
		a := analyseRaw(t, "From: \"Security Updates\" <"+tt.from+">\r\nTo: jane.smith@nhs.net\r\nSubject: "+tt.subject+"\r\n\r\nHello.\r\n")
		in, got := indicator(a, CodeBrandImpersonation)
		if got != tt.want {
			t.Errorf("%q from %s: brand impersonation = %v, want %v", tt.subject, tt.from, got, tt.want)
		}
		if got && in.Severity != Medium {
			t.Errorf("%q: severity %s, want medium: a headline can open the same way", tt.subject, in.Severity)
		}
	}
}

func TestFakeInvoicesAndAuthorities(t *testing.T) {
	scam := analyseRaw(t, "From: \"Paid Customer\" <daud7664@gmail.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Thank you for your order\r\n\r\n"+
		"Your payment of USD 503.00 has been received. Your McAfee subscription has been renewed. If you did not authorise this purchase, call 1-800-555-0100.\r\n")
	wantIndicators(t, scam, CodeFakeInvoice)
	receipt := analyseRaw(t, "From: \"Supplies\" <orders@supplies.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Your order\r\n\r\n"+
		"Your payment has been received. Track it at https://supplies.example/orders/123\r\n")
	noIndicators(t, receipt, CodeFakeInvoice)
	court := analyseRaw(t, "From: \"U.S. Federal Court System\" <survey@mailer.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Notice\r\n\r\nYour file is ready.\r\n")
	wantIndicators(t, court, CodeBrandImpersonation)
	real := analyseRaw(t, "From: \"Federal Court\" <notices@uscourts.gov>\r\nTo: jane.smith@nhs.net\r\nSubject: Notice\r\n\r\nYour file is ready.\r\n")
	noIndicators(t, real, CodeBrandImpersonation)
}
