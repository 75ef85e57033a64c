package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
)

// demoReport is one thing a demo person reported.
type demoReport struct {
	org     string // the reporter's organisation's code; the demo trust when empty
	by      string // e-mail address of the reporter
	kind    report.Kind
	email   string // the reported e-mail, for e-mail reports
	answers map[string][]string
}

// mailboxFull is a made-up phishing e-mail that three people on different
// wards report, so the triage queue opens on a campaign; two people at the
// GP practice report it too, so the national centre sees it going round.
const mailboxFull = `From: "NHSmail Team" <no-reply@nhsmail-storage.info>
To: %s
Subject: Your NHSmail mailbox is 98%% full - action needed today
Date: Mon, 23 Nov 2026 06:12:00 +0000
Message-ID: <%s@nhsmail-storage.info>
Authentication-Results: spf=pass (sender IP is 192.0.2.44) smtp.mailfrom=nhsmail-storage.info;
 dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=nhsmail-storage.info;compauth=fail reason=001
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"

<p>Dear colleague,</p>
<p>Your mailbox has reached 98%% of its limit. New e-mails, including test results, will be rejected from 12:00 today.</p>
<p><a href="https://nhsmail-storage.info/upgrade?u=%s">Increase my storage now</a></p>
<p>NHSmail Support Team</p>
`

func demoReports() []demoReport {
	email := func(to, id string) string {
		return strings.ReplaceAll(fmt.Sprintf(mailboxFull, to, id, to), "\n", "\r\n")
	}
	return []demoReport{
		{by: "staff@riverside.example", kind: report.Email, email: email("staff@riverside.example", "a81f20"),
			answers: map[string][]string{"clicked": {"no"}}},
		{by: "kwame.mensah@riverside.example", kind: report.Email, email: email("kwame.mensah@riverside.example", "a81f21"),
			answers: map[string][]string{"clicked": {"not-sure"}}},
		{by: "ewa.nowak@riverside.example", kind: report.Email, email: email("ewa.nowak@riverside.example", "a81f22"),
			answers: map[string][]string{"clicked": {"no"}}},
		{by: "chloe.davies@riverside.example", kind: report.CallOrText, answers: map[string][]string{
			"channel": {"call"}, "number": {"Withheld"}, "gave": {"no"},
			"asked": {"A man said he was from the IT service desk and needed my smartcard PIN to fix the ED whiteboard. He knew my name. I said I would call him back and he hung up."}}},
		{by: "ben.carter@riverside.example", kind: report.LostDevice, answers: map[string][]string{
			"device": {"smartcard"}, "where": {"Ward 7 doctors' office, or the staff canteen"}, "when": {"Yesterday, at the end of the late shift"}}},
		{by: "nadia.haddad@riverside.example", kind: report.OddBehaviour, answers: map[string][]string{
			"device": {"medical-device"}, "name": {"Dialysis machine 3"}, "where": {"Renal Dialysis Unit, bay 2"}, "patients": {"not-sure"},
			"what": {"The screen showed a Windows message about an update and restarted twice during set-up. We moved the patient to machine 5."}}},
		{by: "george.evans@riverside.example", kind: report.UnknownDevice, answers: map[string][]string{
			"device": {"usb"}, "where": {"Handed in to the estates office. It was found in the main car park."}, "plugged": {"no"},
			"what": {"It has a label saying 'Staff bonuses 2026'."}}},
		{org: "DEMOGP", by: "jenny.hall@elmtree.example", kind: report.Email, email: email("jenny.hall@elmtree.example", "b92c31"),
			answers: map[string][]string{"clicked": {"no"}}},
		{org: "DEMOGP", by: "karen.wood@elmtree.example", kind: report.Email, email: email("karen.wood@elmtree.example", "b92c32"),
			answers: map[string][]string{"clicked": {"yes"}}},
	}
}

// SeedReports adds a few reports to the demo trust and practice, so the
// triage queue, My reports and the national campaigns are not empty on a
// first look. Run it once, after Seed.
func SeedReports(ctx context.Context, svc Services) error {
	orgs, authSvc, reports := svc.Orgs, svc.Auth, svc.Journey
	for _, d := range demoReports() {
		code := d.org
		if code == "" {
			code = Code
		}
		o, err := orgs.OrganisationByCode(ctx, code)
		if err != nil {
			return err
		}
		people, err := orgs.Users(ctx, o.System("Vigil demo"), org.UserFilter{Search: d.by, Limit: 1})
		if err != nil || len(people) == 0 {
			return fmt.Errorf("demo reporter %s: %w", d.by, err)
		}
		sc, err := authSvc.ScopeOf(ctx, people[0].ID)
		if err != nil {
			return err
		}
		draft, err := reports.StartDraft(ctx, sc, d.kind)
		if err != nil {
			return err
		}
		if d.email != "" {
			if _, err := reports.AttachEmail(ctx, sc, draft.ID, []byte(d.email), "Your NHSmail mailbox is full.eml"); err != nil {
				return err
			}
		}
		if _, err := reports.SaveDetails(ctx, sc, draft.ID, d.answers); err != nil {
			return fmt.Errorf("demo report by %s: %w", d.by, err)
		}
		if _, err := reports.Send(ctx, sc, draft.ID); err != nil {
			return err
		}
	}
	return nil
}
