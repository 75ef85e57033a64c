package email

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReceivedPathIsReadOldestFirst(t *testing.T) {
	raw := "Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::12)\r\n" +
		" by DB9PR01MB5678.eurprd01.prod.exchangelabs.com with HTTPS; Tue, 6 Oct 2026 08:14:05 +0000\r\n" +
		"Received: from mail.evil.example (mail.evil.example [203.0.113.7])\r\n" +
		"\tby mx.nhs.net (Postfix) with ESMTPS id 4F2A1\r\n\tfor <jane.smith@nhs.net>; Tue, 06 Oct 2026 08:14:01 +0000 (UTC)\r\n" +
		"Received: by 2002:a05:6a10:1::  with SMTP id x; Tue, 6 Oct 2026 01:14:00 -0700\r\n" +
		"From: a@evil.example\r\nTo: jane.smith@nhs.net\r\nSubject: x\r\n\r\nbody\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Received) != 3 {
		t.Fatalf("received = %+v", a.Received)
	}
	first, middle, last := a.Received[0], a.Received[1], a.Received[2]
	if first.By != "2002:a05:6a10:1::" || first.With != "SMTP" || !first.Date.Equal(time.Date(2026, 10, 6, 8, 14, 0, 0, time.UTC)) {
		t.Errorf("first hop = %+v", first)
	}
	if middle.From != "mail.evil.example" || middle.IP != "203.0.113.7" || middle.By != "mx.nhs.net" || middle.With != "ESMTPS" {
		t.Errorf("middle hop = %+v", middle)
	}
	if last.IP != "2603:10a6:208:1::12" || last.By != "DB9PR01MB5678.eurprd01.prod.exchangelabs.com" || last.With != "HTTPS" {
		t.Errorf("last hop = %+v", last)
	}
}

func TestSenderTricks(t *testing.T) {
	tests := []struct {
		name    string
		headers string
		want    []IndicatorCode
	}{
		{"address in the display name", `From: "jane.smith@nhs.net" <jane.smith.nhs@gmail.example>`, []IndicatorCode{CodeDisplayNameAddress}},
		{"service desk from outside", `From: "IT Service Desk" <servicedesk@helpdesk-portal.example>`, []IndicatorCode{CodeDisplayNameTrusted, CodeExternal}},
		{"reply-to elsewhere", "From: boss@nhs.net\r\nReply-To: boss.private@mail.example", []IndicatorCode{CodeReplyToDiffers}},
		{"sent on behalf", "From: news@charity.example\r\nSender: bounce@esp.example", []IndicatorCode{CodeSenderDiffers}},
		{"envelope elsewhere", "From: news@charity.example\r\nReturn-Path: <bounce-123@esp.example>", []IndicatorCode{CodeReturnPathDiffers}},
		{"no sender at all", "X-Nothing: here", []IndicatorCode{CodeMissingFrom}},
		{"encoded display name", "From: =?utf-8?q?IT_Service_Desk?= <it@evil.example>", []IndicatorCode{CodeDisplayNameTrusted}},
		{"GoPhish toolkit", "From: a@evil.example\r\nX-Gophish-Contact: phish@evil.example", []IndicatorCode{CodePhishingToolkit}},
		{"bulk mail", "From: news@charity.example\r\nList-Unsubscribe: <https://charity.example/u>", []IndicatorCode{CodeBulkMail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.headers + "\r\nTo: jane.smith@nhs.net\r\nSubject: Hello\r\n\r\nHello.\r\n"
			a, err := Analyse([]byte(raw), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			wantIndicators(t, a, tt.want...)
		})
	}
}

func TestSameSenderDomainIsNotAMismatch(t *testing.T) {
	raw := "From: \"Jane Smith (jane.smith@nhs.net)\" <jane.smith@nhs.net>\r\nReply-To: jane.smith@mail.nhs.net\r\n" +
		"Return-Path: <bounces@nhs.net>\r\nTo: ward3@nhs.net\r\nSubject: Handover\r\n\r\nSee you at 7.\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	noIndicators(t, a, CodeDisplayNameAddress, CodeReplyToDiffers, CodeReturnPathDiffers, CodeDisplayNameTrusted)
}

// A newsletter its sender vouched for, with nothing else wrong, looks genuine: spam means
// unwanted bulk mail that nobody vouched for, not any bulk mail.
func TestBulkMailLooksGenuineWhenVouchedForAndSpamWhenNot(t *testing.T) {
	const body = "To: jane.smith@nhs.net\r\nSubject: Spring sale\r\nList-Unsubscribe: <mailto:unsub@shop.example>\r\n"
	vouched := "From: \"Offers\" <offers@shop.example>\r\n" + body +
		"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example\r\n" +
		"\r\n20% off garden furniture.\r\n"
	a, err := Analyse([]byte(vouched), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.SuggestedVerdict != Safe || !strings.Contains(a.VerdictReason, "genuine") || !slices.Contains(a.Evidence, CodeAuthPass) {
		t.Errorf("verdict = %s (%s; %v), want safe, vouched for by DMARC", a.SuggestedVerdict, a.VerdictReason, indicatorCodes(a))
	}

	unvouched := "From: \"Offers\" <offers@shop.example>\r\n" + body +
		"Authentication-Results: mx.nhs.net; spf=softfail smtp.mailfrom=shop.example; dmarc=none header.from=shop.example\r\n" +
		"\r\n20% off garden furniture.\r\n"
	a, err = Analyse([]byte(unvouched), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.SuggestedVerdict != Spam || !strings.Contains(a.VerdictReason, "bulk") {
		t.Errorf("verdict = %s (%s; %v), want spam", a.SuggestedVerdict, a.VerdictReason, indicatorCodes(a))
	}
}
