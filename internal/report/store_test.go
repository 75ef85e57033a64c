package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/email/evaluate"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestReportedEmailsFormOneCampaignAndShareItsVerdict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		phish := sample(t, "phish-password-expiry.eml")

		first := w.reportEmail(t, w.nurse, phish)
		if first.Status != report.Open || first.CampaignID == "" || first.Verdict != "" {
			t.Fatalf("first report: %+v", first)
		}
		if first.Subject != "Action required: your NHSmail password expires today" {
			t.Errorf("subject %q", first.Subject)
		}
		// The same e-mail, reported by someone else, joins the same campaign.
		second := w.reportEmail(t, w.doctor, phish)
		if second.CampaignID != first.CampaignID {
			t.Fatalf("the same e-mail made two campaigns: %s and %s", first.CampaignID, second.CampaignID)
		}
		// An unrelated one does not.
		other := w.reportEmail(t, w.doctor, sample(t, "phish-safelinks-rota.eml"))
		if other.CampaignID == first.CampaignID {
			t.Fatal("an unrelated e-mail joined the campaign")
		}

		open, err := w.triage.Campaigns(ctx, w.analyst, report.CampaignFilter{Open: true})
		if err != nil || len(open) != 2 {
			t.Fatalf("open campaigns: %d, %v", len(open), err)
		}
		c, err := w.triage.DecideCampaign(ctx, w.analyst, first.CampaignID, report.Malicious, "We have blocked the site.")
		if err != nil {
			t.Fatal(err)
		}
		if c.Verdict != report.Malicious || c.Reports != 2 || c.Reporters != 2 || c.DecidedBy != "Sam Patel" {
			t.Errorf("decided campaign: %+v", c)
		}
		mine, err := w.journey.Mine(ctx, w.nurse, report.Page{})
		if err != nil || len(mine) != 1 {
			t.Fatalf("nurse's reports: %d %v", len(mine), err)
		}
		if mine[0].Status != report.Closed || mine[0].Verdict != report.Malicious || mine[0].VerdictNote != "We have blocked the site." {
			t.Errorf("nurse's report after the verdict: %+v", mine[0])
		}
		// A later report of the known campaign gets the verdict at once.
		late := w.reportEmail(t, w.analyst, phish)
		if late.CampaignID != first.CampaignID || late.Verdict != report.Malicious || late.Status != report.Closed {
			t.Errorf("late report: %+v", late)
		}
		// Every named reporter is owed an e-mail: two from the verdict, one at once.
		if n := w.count(t, `SELECT count(*) FROM report_feedback WHERE verdict = 'malicious' AND status = 'pending'`); n != 3 {
			t.Errorf("%d feedback e-mails queued, want 3", n)
		}
		// Deciding again with the same verdict owes nobody a second e-mail.
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, first.CampaignID, report.Malicious, "Blocked, and removed from inboxes."); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, `SELECT count(*) FROM report_feedback`); n != 3 {
			t.Errorf("%d feedback e-mails after a changed note, want still 3", n)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE entity_type = 'campaign' AND action = 'decide'`); n != 2 {
			t.Errorf("%d verdicts in the audit trail, want 2", n)
		}
	})
}

func TestEmailIsKeptBeforeAnalysisEvenWhenItCannotBeRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		// The start of an Outlook .msg file: a compound document, not an e-mail.
		msg := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 512)...)
		r := w.reportEmail(t, w.nurse, msg)
		if r.CampaignID == "" || !strings.Contains(r.AnalysisNote, "Outlook .msg") {
			t.Fatalf("an unreadable e-mail: campaign %q, note %q", r.CampaignID, r.AnalysisNote)
		}
		raw, err := w.triage.Raw(ctx, w.analyst, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(raw.Content, msg) || raw.FileName != "reported.eml" || len(raw.SHA256) != 64 {
			t.Errorf("the stored file is not the upload: %d bytes, name %q", len(raw.Content), raw.FileName)
		}
		got, err := w.triage.Report(ctx, w.analyst, r.ID)
		if err != nil || got.Analysis() != nil {
			t.Errorf("analysis of an unreadable file: %v, %v", got.Analysis(), err)
		}
	})
}

func TestOversizedAndEmptyEmailsAreRefusedClearly(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t), false)
	ctx := context.Background()
	d, err := w.journey.StartDraft(ctx, w.nurse, report.Email)
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string][]byte{"empty": nil, "too large": make([]byte, report.MaxEmailBytes+1)} {
		_, err := w.journey.AttachEmail(ctx, w.nurse, d.ID, raw, "x.eml")
		var ve *vigil.Error
		if vigil.CodeOf(err) != vigil.Invalid || !errors.As(err, &ve) || ve.Fields["file"] == "" {
			t.Errorf("%s e-mail: %v", name, err)
		}
	}
	if _, err := w.journey.Send(ctx, w.nurse, d.ID); vigil.CodeOf(err) != vigil.Invalid {
		t.Errorf("sending a report with no e-mail and no answers: %v", err)
	}
}

func TestAnotherOrganisationCannotReadOrChangeReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		r := w.reportEmail(t, w.nurse, sample(t, "phish-invoice-html-attachment.eml"))
		gp := w.gpAnalyst

		checks := map[string]error{}
		_, checks["report"] = w.triage.Report(ctx, gp, r.ID)
		_, checks["campaign"] = w.triage.Campaign(ctx, gp, r.CampaignID)
		_, checks["raw"] = w.triage.Raw(ctx, gp, r.ID)
		_, checks["verdict"] = w.triage.DecideCampaign(ctx, gp, r.CampaignID, report.Safe, "")
		_, checks["report verdict"] = w.triage.DecideReport(ctx, gp, r.ID, report.Safe, "")
		checks["alert"] = w.triage.PublishWarning(ctx, gp, r.CampaignID, "Watch out")
		_, checks["sent"] = w.journey.Sent(ctx, gp, r.ID, true)
		for what, err := range checks {
			if !vigil.IsNotFound(err) {
				t.Errorf("the practice's %s of the trust's report: %v, want not found", what, err)
			}
		}
		lists := map[string]int{}
		rs, _ := w.triage.Reports(ctx, gp, report.ReportFilter{})
		lists["reports"] = len(rs)
		cs, _ := w.triage.Campaigns(ctx, gp, report.CampaignFilter{})
		lists["campaigns"] = len(cs)
		m, _ := w.triage.Metrics(ctx, gp, 4, time.Now())
		lists["metrics"] = m.Reports
		for what, n := range lists {
			if n != 0 {
				t.Errorf("the practice sees %d of the trust's %s", n, what)
			}
		}
		// A colleague in the same organisation cannot see another's draft or report page either.
		d, _ := w.journey.StartDraft(ctx, w.nurse, report.Other)
		if _, err := w.journey.Draft(ctx, w.doctor, d.ID); !vigil.IsNotFound(err) {
			t.Errorf("a colleague opened someone's draft: %v", err)
		}
		if _, err := w.triage.Report(ctx, w.doctor, r.ID); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff without triage read a report: %v", err)
		}
		c, err := w.triage.Campaign(ctx, w.analyst, r.CampaignID)
		if err != nil || c.Verdict != "" {
			t.Errorf("the trust's campaign was changed: %+v %v", c, err)
		}
	})
}

func TestAnonymousReportsDoNotNameTheReporter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, true)
		d, err := w.journey.StartDraft(ctx, w.nurse, report.Access)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.journey.SaveDetails(ctx, w.nurse, d.ID, map[string][]string{"where": {"Ward 7 back door"}, "when": {"today, about 3am"}, "what": {"A man in a hi-vis vest followed me in."}}); err != nil {
			t.Fatal(err)
		}
		if err := w.journey.SetAnonymous(ctx, w.nurse, d.ID, true); err != nil {
			t.Fatal(err)
		}
		r, err := w.journey.Send(ctx, w.nurse, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.ReporterID != "" || !r.Anonymous {
			t.Fatalf("anonymous report: %+v", r)
		}
		if n := w.count(t, `SELECT count(*) FROM reports WHERE id = $1 AND reporter_id IS NULL`, r.ID); n != 1 {
			t.Error("the database still links the anonymous report to its reporter")
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE entity_id = $1 AND actor_id = $2`, r.ID, w.nurse.UserID); n != 0 {
			t.Error("the audit trail names the anonymous reporter")
		}
		if mine, _ := w.journey.Mine(ctx, w.nurse, report.Page{}); len(mine) != 0 {
			t.Error("an anonymous report is listed on My reports")
		}
		if _, err := w.journey.Sent(ctx, w.nurse, r.ID, true); err != nil {
			t.Errorf("confirmation in the browser that sent it: %v", err)
		}
		if _, err := w.journey.Sent(ctx, w.doctor, r.ID, false); !vigil.IsNotFound(err) {
			t.Errorf("confirmation for someone else: %v", err)
		}
		if got, _ := w.triage.Report(ctx, w.analyst, r.ID); got.Details["where"] != "Ward 7 back door" || got.ReporterName != "" {
			t.Errorf("the analyst's view: %+v", got)
		}
	})
	// Where the organisation does not allow it, nobody can choose it.
	w := newWorld(t, storetest.SQLite(t), false)
	d, _ := w.journey.StartDraft(context.Background(), w.nurse, report.Other)
	if err := w.journey.SetAnonymous(context.Background(), w.nurse, d.ID, true); vigil.CodeOf(err) != vigil.Invalid {
		t.Errorf("anonymous where not allowed: %v", err)
	}
}

func TestMailboxReportsAreMatchedAndDeliveredOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		raw := sample(t, "report-addin-submission.eml")
		in := report.Incoming{Source: report.FromMailbox, Key: "imap:INBOX;1;7", Email: raw, ReporterAddress: report.SenderAddress(raw), ReplyMessageID: "4782236231009212060@mail.example"}
		r, err := w.journey.Receive(ctx, w.mailbox, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.ReporterID != w.nurse.UserID || r.Subject != "Jane, please review and sign: Bank Staff Agreement" || r.CampaignID == "" {
			t.Fatalf("mailbox report: reporter %q subject %q campaign %q", r.ReporterID, r.Subject, r.CampaignID)
		}
		if a := r.Analysis(); a == nil || a.Submission == nil || a.From.Domain != "docusign-secure-mail.org" {
			t.Errorf("the Microsoft report format was not unwrapped: %+v", a)
		}
		again, err := w.journey.Receive(ctx, w.mailbox, in)
		if err != nil || again.ID != r.ID {
			t.Fatalf("a repeated delivery made report %s (%v), want %s", again.ID, err, r.ID)
		}
		if n := w.count(t, `SELECT count(*) FROM reports`); n != 1 {
			t.Errorf("%d reports after two deliveries", n)
		}
		// The receipt is owed once.
		if n := w.count(t, `SELECT count(*) FROM report_feedback WHERE verdict = 'acknowledged'`); n != 1 {
			t.Errorf("%d receipts queued, want 1", n)
		}
		// Someone who is not in Vigil is kept for the analyst, and gets no e-mail.
		stranger := bytes.Replace(raw, []byte("From: jane.smith@nhs.net"), []byte("From: visitor@example.org"), 1)
		s, err := w.journey.Receive(ctx, w.mailbox, report.Incoming{Source: report.FromMailbox, Key: "imap:INBOX;1;8", Email: stranger, ReporterAddress: report.SenderAddress(stranger)})
		if err != nil {
			t.Fatal(err)
		}
		if s.ReporterID != "" || s.ReporterAddress != "visitor@example.org" || s.CampaignID != r.CampaignID {
			t.Errorf("stranger's report: %+v", s)
		}
		if n := w.count(t, `SELECT count(*) FROM report_feedback`); n != 1 {
			t.Errorf("%d e-mails queued, want still 1", n)
		}
	})
}

func TestAlertsNeedAMaliciousVerdict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		r := w.reportEmail(t, w.nurse, sample(t, "phish-invoice-html-attachment.eml"))
		if err := w.triage.PublishWarning(ctx, w.analyst, r.CampaignID, "Fake overdue invoices are going round."); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("publishing an undecided campaign: %v", err)
		}
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, r.CampaignID, report.Malicious, ""); err != nil {
			t.Fatal(err)
		}
		if err := w.triage.PublishWarning(ctx, w.analyst, r.CampaignID, "Fake overdue invoices are going round. Do not open the attachment."); err != nil {
			t.Fatal(err)
		}
		alerts, err := w.journey.Warnings(ctx, w.nurse, store.Now())
		if err != nil || len(alerts) != 1 || !strings.Contains(alerts[0].Text, "Fake overdue invoices") {
			t.Fatalf("alerts: %+v %v", alerts, err)
		}
		if old, _ := w.journey.Warnings(ctx, w.nurse, store.Now().Add(report.WarningLifetime+time.Hour)); len(old) != 0 {
			t.Error("an alert outlived its lifetime")
		}
		if gp, _ := w.journey.Warnings(ctx, w.gpAnalyst, store.Now()); len(gp) != 0 {
			t.Error("another organisation sees the trust's alert")
		}
		// Changing the verdict takes the warning down.
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, r.CampaignID, report.Safe, "It was a real supplier."); err != nil {
			t.Fatal(err)
		}
		if alerts, _ := w.journey.Warnings(ctx, w.nurse, store.Now()); len(alerts) != 0 {
			t.Error("the warning stayed up after the verdict changed to safe")
		}
	})
}

func TestSingleReportsGetTheirOwnVerdict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		d, _ := w.journey.StartDraft(ctx, w.nurse, report.LostDevice)
		if _, err := w.journey.SaveDetails(ctx, w.nurse, d.ID, map[string][]string{"device": {"smartcard"}, "where": {"Canteen"}, "when": {"lunchtime"}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.journey.Send(ctx, w.nurse, d.ID)
		if err != nil || r.CampaignID != "" {
			t.Fatalf("lost smartcard: %+v %v", r, err)
		}
		queue, err := w.triage.Reports(ctx, w.analyst, report.ReportFilter{Status: report.Open, Single: true})
		if err != nil || len(queue) != 1 {
			t.Fatalf("queue: %d %v", len(queue), err)
		}
		got, err := w.triage.DecideReport(ctx, w.analyst, r.ID, report.Resolved, "Card cancelled. Collect a new one from the ID office.")
		if err != nil || got.Verdict != report.Resolved || got.Status != report.Closed {
			t.Fatalf("resolved: %+v %v", got, err)
		}
		// "Resolved" has no e-mail template: the reporter reads it on My reports.
		if n := w.count(t, `SELECT count(*) FROM report_feedback`); n != 0 {
			t.Errorf("%d e-mails queued for a resolved report", n)
		}
		e := w.reportEmail(t, w.nurse, sample(t, "phish-safelinks-rota.eml"))
		if _, err := w.triage.DecideReport(ctx, w.analyst, e.ID, report.Safe, ""); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("a verdict on one report of a campaign: %v", err)
		}
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, e.CampaignID, report.Resolved, ""); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("an e-mail campaign marked resolved: %v", err)
		}
	})
}

func TestDraftsAreSweptAfterADay(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t), false)
	ctx := context.Background()
	d, _ := w.journey.StartDraft(ctx, w.nurse, report.Email)
	if _, err := w.journey.AttachEmail(ctx, w.nurse, d.ID, sample(t, "safe-qp-odd-charset.eml"), "a.eml"); err != nil {
		t.Fatal(err)
	}
	if n, err := w.journey.SweepDrafts(ctx, store.Now()); err != nil || n != 0 {
		t.Fatalf("a fresh draft was swept: %d %v", n, err)
	}
	if n, err := w.journey.SweepDrafts(ctx, store.Now().Add(report.DraftLifetime+time.Minute)); err != nil || n != 1 {
		t.Fatalf("swept %d drafts, want 1 (%v)", n, err)
	}
	if n := w.count(t, `SELECT count(*) FROM report_raw`); n != 0 {
		t.Errorf("%d uploaded e-mails left behind by swept drafts", n)
	}
}

// TestReportsLeftUnfiledAreFiledOnceByTwoNodes: reports stored just before a
// crash, before their filing, are found by the sweep; two nodes sweeping at
// once file each of them exactly once.
func TestReportsLeftUnfiledAreFiledOnceByTwoNodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		const left = 12
		for i := range left {
			w.storeWithoutFiling(t, fmt.Sprintf("crash-%d", i), sample(t, "phish-password-expiry.eml"))
		}
		nodeA := report.NewJourney(db, w.orgs, report.Options{MailFeedback: true})
		nodeB := report.NewJourney(db, w.orgs, report.Options{MailFeedback: true})
		var wg sync.WaitGroup
		filed := make([]int, 2)
		for i, node := range []*report.Journey{nodeA, nodeB} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := node.Filer.Sweep(ctx, 0, 100)
				if err != nil {
					t.Error(err)
				}
				filed[i] = n
			}()
		}
		wg.Wait()
		if n := w.count(t, `SELECT count(*) FROM reports WHERE processed_at IS NULL`); n != 0 {
			t.Errorf("%d reports still unfiled after the sweep", n)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE entity_type = 'report' AND action = 'update'`); n != left {
			t.Errorf("%d filings recorded for %d reports", n, left)
		}
		if n := w.count(t, `SELECT count(*) FROM report_feedback`); n != left {
			t.Errorf("%d receipts queued for %d reports", n, left)
		}
		if n := w.count(t, `SELECT count(DISTINCT campaign_id) FROM reports`); n != 1 {
			t.Errorf("one lure filed into %d campaigns", n)
		}
		if filed[0]+filed[1] < left {
			t.Errorf("the nodes filed %d and %d of %d", filed[0], filed[1], left)
		}
	})
}

// TestVerdictsTeachTheOrganisationsOwnModel: once analysts have judged
// enough reports of each kind, the next e-mail's analysis says which it
// looks like; another organisation's analysis learnt nothing from them
// unless it opted in to the national centre's model.
func TestVerdictsTeachTheOrganisationsOwnModel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		samples := evaluate.Generate(7)
		taught := map[evaluate.Label]map[string]bool{evaluate.Phishing: {}, evaluate.Genuine: {}}
		var unseen *evaluate.Sample
		for i := range samples {
			s := &samples[i]
			if s.Label == evaluate.Spam {
				continue
			}
			if len(taught[s.Label]) >= 12 {
				if unseen == nil && s.Label == evaluate.Phishing {
					unseen = s
				}
				continue
			}
			r, err := w.journey.Receive(ctx, w.mailbox, report.Incoming{Source: report.FromMailbox, Email: s.Raw, ReporterAddress: "jane.smith@nhs.net"})
			if err != nil {
				t.Fatal(err)
			}
			verdict := report.Safe
			if s.Label == evaluate.Phishing {
				verdict = report.Malicious
			}
			if _, err := w.triage.DecideCampaign(ctx, w.analyst, r.CampaignID, verdict, ""); err != nil {
				t.Fatal(err)
			}
			taught[s.Label][r.CampaignID] = true // a campaign is one lesson, however many copies
		}
		if unseen == nil {
			t.Fatal("no phishing sample left to test with")
		}
		r, err := w.journey.Receive(ctx, w.mailbox, report.Incoming{Source: report.FromMailbox, Email: unseen.Raw, ReporterAddress: "jane.smith@nhs.net"})
		if err != nil {
			t.Fatal(err)
		}
		if !hasIndicator(r.Analysis(), email.CodeLearnedMalicious) {
			t.Errorf("after %d and %d campaigns judged, a new lure's analysis does not say it looks like them: %v",
				len(taught[evaluate.Phishing]), len(taught[evaluate.Genuine]), codes(r.Analysis()))
		}
		// The practice's analysts have judged nothing: their analysis of the same lure learnt nothing.
		gp := w.gpMailbox(t)
		other, err := w.journey.Receive(ctx, gp, report.Incoming{Source: report.FromMailbox, Email: unseen.Raw})
		if err != nil {
			t.Fatal(err)
		}
		if hasIndicator(other.Analysis(), email.CodeLearnedMalicious) || hasIndicator(other.Analysis(), email.CodeLearnedGenuine) {
			t.Errorf("another organisation's analysis used the trust's verdicts: %v", codes(other.Analysis()))
		}
	})
}

func hasIndicator(a *email.Analysis, code email.IndicatorCode) bool {
	for _, in := range a.Indicators {
		if in.Code == code {
			return true
		}
	}
	return false
}

func codes(a *email.Analysis) []email.IndicatorCode {
	var out []email.IndicatorCode
	for _, in := range a.Indicators {
		out = append(out, in.Code)
	}
	return out
}

// TestHugeHeadersAreCutBeforeTheyAreStored: a 20 MB subject is kept as a
// short one, and the analysis says it was cut; lists stay small.
func TestHugeHeadersAreCutBeforeTheyAreStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		raw := []byte("From: Payroll <pay@pay-portal.example>\r\nTo: jane.smith@nhs.net\r\nSubject: " + strings.Repeat("Urgent payslip ", 1_400_000) +
			"\r\nMessage-ID: <huge@pay-portal.example>\r\n\r\nSee https://pay-portal.example/p\r\n")
		r, err := w.journey.Receive(ctx, w.mailbox, report.Incoming{Source: report.FromMailbox, Email: raw, ReporterAddress: "jane.smith@nhs.net"})
		if err != nil {
			t.Fatal(err)
		}
		const most = email.MaxSubjectLength + len("…")
		if len(r.Subject) > most {
			t.Errorf("the stored subject is %d bytes", len(r.Subject))
		}
		var stored, analysis int
		if err := db.QueryRow(ctx, `SELECT length(subject), length(analysis) FROM reports WHERE id = $1`, r.ID).Scan(&stored, &analysis); err != nil {
			t.Fatal(err)
		}
		if stored > most || analysis > 1<<20 {
			t.Errorf("stored: subject %d, analysis %d characters", stored, analysis)
		}
		cut := false
		for _, warning := range r.Analysis().Warnings {
			cut = cut || strings.Contains(strings.ToLower(warning), "subject")
		}
		if !cut {
			t.Errorf("the analysis does not say the subject was cut: %v", r.Analysis().Warnings)
		}
		campaigns, err := w.triage.Campaigns(ctx, w.analyst, report.CampaignFilter{})
		if err != nil || len(campaigns) != 1 || len(campaigns[0].Title) > most {
			t.Errorf("campaign list: %d campaigns, %v", len(campaigns), err)
		}
	})
}

// TestARetryWithoutAKeyIsTheSameReport: a client that did not hear the
// answer sends the same message again, with no delivery key: one report.
// The same message from someone else is their own report.
func TestARetryWithoutAKeyIsTheSameReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		raw := sample(t, "phish-invoice-html-attachment.eml")
		send := func(who string) report.Report {
			t.Helper()
			r, err := w.journey.Receive(ctx, w.mailbox, report.Incoming{Source: report.FromAPI, Email: raw, ReporterAddress: who})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first, again := send("jane.smith@nhs.net"), send("Jane.Smith@nhs.net")
		if again.ID != first.ID {
			t.Errorf("a retry made report %s, want %s", again.ID, first.ID)
		}
		if other := send("amir.khan@northgate.example"); other.ID == first.ID {
			t.Error("another reporter's report of the same message was taken as a retry")
		}
		if n := w.count(t, `SELECT count(*) FROM reports`); n != 2 {
			t.Errorf("%d reports, want 2", n)
		}
	})
}
