package email

import "testing"

func TestAuthenticationResults(t *testing.T) {
	tests := []struct {
		name                  string
		headers               []string // top of the message first
		spf, dkim, dmarc      string
		compauth, servID      string
		dkimDomain, spfDomain string
		lenient               bool
		trusted               []string
	}{
		{
			name:    "Microsoft 365 without an authserv-id",
			headers: []string{"spf=pass (sender IP is 40.107.22.1) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100"},
			spf:     "pass", dkim: "pass", dmarc: "pass", compauth: "pass", spfDomain: "contoso.com", dkimDomain: "contoso.com", lenient: true,
		},
		{
			name:    "Microsoft 365 failing, with a comment in the first statement",
			headers: []string{"spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=evil.example; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=nhs.net;compauth=fail reason=000"},
			spf:     "fail", dkim: "none", dmarc: "fail", compauth: "fail", spfDomain: "evil.example", dkimDomain: "none", lenient: true,
		},
		{
			name:    "RFC 8601 with an authserv-id and version",
			headers: []string{"mx.example.org 1; spf=softfail smtp.mailfrom=bounce@lists.example; dkim=pass header.d=lists.example header.i=@lists.example; dmarc=pass header.from=lists.example"},
			spf:     "softfail", dkim: "pass", dmarc: "pass", compauth: NotReported, servID: "mx.example.org", spfDomain: "lists.example", dkimDomain: "lists.example",
		},
		{
			name:    "several signatures: the passing one from the From domain counts",
			headers: []string{"mx.example.org; dkim=fail header.d=relay.example; dkim=pass header.d=esp.example; dkim=pass header.d=sender.example; spf=pass smtp.mailfrom=sender.example"},
			spf:     "pass", dkim: "pass", dmarc: NotReported, compauth: NotReported, servID: "mx.example.org", spfDomain: "sender.example", dkimDomain: "sender.example",
		},
		{
			name: "the topmost header with results wins over older ones below it",
			headers: []string{
				"mx.nhs.net; none",
				"mx.nhs.net; spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=nhs.net",
				"forged.example; spf=pass smtp.mailfrom=nhs.net; dkim=pass header.d=nhs.net; dmarc=pass header.from=nhs.net",
			},
			spf: "fail", dkim: NotReported, dmarc: "fail", compauth: NotReported, servID: "mx.nhs.net", spfDomain: "evil.example",
		},
		{
			name:    "upper case and quoted values",
			headers: []string{`SPF=PASS smtp.mailfrom="user@Example.COM"; DMARC=Pass header.from=Example.COM`},
			spf:     "pass", dkim: NotReported, dmarc: "pass", compauth: NotReported, spfDomain: "example.com", lenient: true,
		},
		{
			name: "one server's results split over several headers are all read",
			headers: []string{
				"mx.nhs.net; spf=pass smtp.mailfrom=sender.example",
				"mx.nhs.net; dkim=pass header.d=sender.example",
				"mx.nhs.net; dmarc=pass header.from=sender.example",
				"relay.other.example; dmarc=fail header.from=sender.example",
			},
			spf: "pass", dkim: "pass", dmarc: "pass", compauth: NotReported, servID: "mx.nhs.net", spfDomain: "sender.example", dkimDomain: "sender.example",
		},
		{
			name: "only the organisation's own server is believed",
			headers: []string{
				"forged.example; spf=pass smtp.mailfrom=sender.example; dmarc=pass header.from=sender.example",
				"mx.nhs.net; spf=fail smtp.mailfrom=sender.example; dmarc=fail header.from=sender.example",
			},
			trusted: []string{"mx.nhs.net"},
			spf:     "fail", dkim: NotReported, dmarc: "fail", compauth: NotReported, servID: "mx.nhs.net", spfDomain: "sender.example",
		},
		{
			name:    "a trusted server names its hosts below its domain",
			headers: []string{"mx03.nhs.net; dmarc=permerror header.from=sender.example"},
			trusted: []string{"nhs.net"},
			spf:     NotReported, dkim: NotReported, dmarc: "permerror", compauth: NotReported, servID: "mx03.nhs.net",
		},
		{
			name:    "Microsoft 365 trusted by the empty authserv-id",
			headers: []string{"spf=pass smtp.mailfrom=sender.example;dmarc=pass action=none header.from=sender.example", "evil.example; dmarc=fail"},
			trusted: []string{""},
			spf:     "pass", dkim: NotReported, dmarc: "pass", compauth: NotReported, spfDomain: "sender.example", lenient: true,
		},
		{
			name:    "nothing usable",
			headers: []string{"garbage without results", ";;;"},
			spf:     NotReported, dkim: NotReported, dmarc: NotReported, compauth: NotReported,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &message{header: map[string][]string{"Authentication-Results": tt.headers}}
			a := &Analysis{From: &Address{Address: "x@sender.example", Domain: "sender.example"}}
			readAuth(m, a, tt.trusted)
			au := a.Auth
			if au.SPF.Result != tt.spf || au.DKIM.Result != tt.dkim || au.DMARC.Result != tt.dmarc || au.CompAuth.Result != tt.compauth {
				t.Errorf("results spf=%s dkim=%s dmarc=%s compauth=%s, want %s %s %s %s",
					au.SPF.Result, au.DKIM.Result, au.DMARC.Result, au.CompAuth.Result, tt.spf, tt.dkim, tt.dmarc, tt.compauth)
			}
			if au.ServID != tt.servID || au.Lenient != tt.lenient {
				t.Errorf("authserv-id %q lenient %v, want %q %v", au.ServID, au.Lenient, tt.servID, tt.lenient)
			}
			if au.SPF.Domain != tt.spfDomain || au.DKIM.Domain != tt.dkimDomain {
				t.Errorf("domains spf=%q dkim=%q, want %q %q", au.SPF.Domain, au.DKIM.Domain, tt.spfDomain, tt.dkimDomain)
			}
		})
	}
}

func TestForgedOwnDomainIsCalledOut(t *testing.T) {
	raw := "From: \"Chief Executive\" <ceo@nhs.net>\r\nTo: jane.smith@nhs.net\r\nSubject: Quick favour\r\n" +
		"Authentication-Results: spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=evil.example; dkim=none header.d=none;dmarc=fail action=oreject header.from=nhs.net;compauth=fail reason=000\r\n" +
		"\r\nAre you at your desk? I need you to buy some vouchers.\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	wantIndicators(t, a, CodeOwnDomainForged, CodeDMARCFail, CodeSPFFail, CodeCompAuthFail)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious", a.SuggestedVerdict)
	}
}

func TestAuthIndicators(t *testing.T) {
	const head = "From: \"Ward News\" <news@lists.example.org>\r\nTo: jane.smith@nhs.net\r\nSubject: Ward news\r\n"
	tests := []struct {
		name    string
		headers string
		want    []IndicatorCode
		not     []IndicatorCode
	}{
		{"DMARC permerror counts",
			"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=lists.example.org; dmarc=permerror header.from=lists.example.org\r\n",
			[]IndicatorCode{CodeDMARCError}, []IndicatorCode{CodeAuthPass}},
		{"DMARC temperror counts",
			"Authentication-Results: mx.nhs.net; dmarc=temperror header.from=lists.example.org\r\n",
			[]IndicatorCode{CodeDMARCError}, nil},
		{"a list's intact ARC chain explains a DMARC failure",
			"Authentication-Results: mx.nhs.net; arc=pass (i=1 spf=pass); dkim=fail header.d=lists.example.org; dmarc=fail header.from=lists.example.org\r\n" +
				"ARC-Seal: i=1; a=rsa-sha256; t=1; cv=none; d=lists.example.net; s=arc; b=abc\r\n" +
				"ARC-Authentication-Results: i=1; lists.example.net; dkim=pass header.d=lists.example.org; dmarc=pass header.from=lists.example.org\r\n",
			[]IndicatorCode{CodeDMARCFailForwarded}, []IndicatorCode{CodeDMARCFail}},
		{"a broken ARC chain explains nothing",
			"Authentication-Results: mx.nhs.net; arc=fail; dmarc=fail header.from=lists.example.org\r\n" +
				"ARC-Authentication-Results: i=1; lists.example.net; dmarc=pass header.from=lists.example.org\r\n",
			[]IndicatorCode{CodeDMARCFail}, []IndicatorCode{CodeDMARCFailForwarded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse([]byte(tt.headers+head+"\r\nHello.\r\n"), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			wantIndicators(t, a, tt.want...)
			noIndicators(t, a, tt.not...)
			if tt.name == "a list's intact ARC chain explains a DMARC failure" && (a.Auth.ARCSealer != "lists.example.net" || a.Auth.ARCDMARC.Result != "pass") {
				t.Errorf("auth = %+v, want the sealer and its DMARC pass", a.Auth)
			}
		})
	}
}
