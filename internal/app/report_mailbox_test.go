package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
)

// TestMailboxReportsAndFeedbackEndToEnd wires vigil serve to a real IMAP
// server holding the shared samples and a real SMTP relay: reports arrive
// from the mailbox, are matched to their reporters, and everyone hears back.
func TestMailboxReportsAndFeedbackEndToEnd(t *testing.T) {
	for _, engine := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			mbox := startMailbox(t)
			relay := startRelay(t)
			a := apptest.StartWith(t, engine, func(c *app.Config) {
				c.Mailbox = app.MailboxConfig{Addr: mbox.addr, TLS: "none", User: mailboxUser, Password: mailboxPassword,
					Folder: "INBOX", ProcessedFolder: "Vigil/Done", OrgCode: apptest.TrustCode, PollInterval: time.Hour}
				c.SMTP = app.SMTPConfig{Addr: relay.addr, TLS: "none", From: "Riverside cyber security <cyber.security@riverside.example>"}
			})
			ctx := context.Background()
			addPerson(t, a, apptest.TrustCode, "Jane Smith", "jane.smith@nhs.net")

			mbox.deliver(t, sharedSample(t, "report-addin-submission.eml"))
			// The same phishing e-mail forwarded by the nurse as a Report submission of her own.
			forwarded := strings.Replace(string(sharedSample(t, "report-addin-submission.eml")), "From: jane.smith@nhs.net", "From: "+apptest.Nurse, 1)
			forwarded = strings.Replace(forwarded, "<4782236231009212060@mail.example>", "<nurse-report-1@mail.example>", 1)
			mbox.deliver(t, []byte(forwarded))
			if _, err := a.Mailbox.PollOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if n := mbox.count(t, "INBOX"); n != 0 {
				t.Errorf("%d messages left in the inbox", n)
			}
			if n := mbox.count(t, "Vigil/Done"); n != 2 {
				t.Errorf("%d messages in the processed folder, want 2", n)
			}
			// Polling again finds nothing new and makes no second report.
			if _, err := a.Mailbox.PollOnce(ctx); err != nil {
				t.Fatal(err)
			}
			var reports, campaigns, matched int
			if err := a.DB.QueryRow(ctx, `SELECT count(*), count(DISTINCT campaign_id), count(reporter_id) FROM reports WHERE source = 'mailbox'`).Scan(&reports, &campaigns, &matched); err != nil {
				t.Fatal(err)
			}
			if reports != 2 || campaigns != 1 || matched != 2 {
				t.Fatalf("%d mailbox reports in %d campaigns, %d matched to people; want 2, 1, 2", reports, campaigns, matched)
			}

			// Both reporters get a receipt at once.
			if _, err := a.Feedback.Flush(ctx, store.Now()); err != nil {
				t.Fatal(err)
			}
			got := relay.deliveries(t, 2)
			if len(got) != 2 {
				t.Fatalf("%d receipts delivered, want 2", len(got))
			}
			subject, _, replyTo := readMail(t, got[0].data)
			if subject != "Thank you – we have your report" {
				t.Errorf("receipt subject %q", subject)
			}
			if _, _, other := readMail(t, got[1].data); replyTo+other != "<4782236231009212060@mail.example><nurse-report-1@mail.example>" &&
				other+replyTo != "<4782236231009212060@mail.example><nurse-report-1@mail.example>" {
				t.Errorf("receipts are not replies to the reports: %q, %q", replyTo, other)
			}

			// The analyst's verdict reaches both by e-mail and on My reports.
			analyst := a.SignIn(t, apptest.Analyst)
			var campaign string
			if err := a.DB.QueryRow(ctx, `SELECT campaign_id FROM reports WHERE source = 'mailbox' LIMIT 1`).Scan(&campaign); err != nil {
				t.Fatal(err)
			}
			analyst.PostForm("/triage/campaigns/"+campaign+"/verdict", url.Values{"verdict": {"malicious"}, "note": {"A fake DocuSign page that steals NHSmail passwords."}})
			if _, err := a.Feedback.Flush(ctx, store.Now()); err != nil {
				t.Fatal(err)
			}
			got = relay.deliveries(t, 4)
			if len(got) != 4 {
				t.Fatalf("%d e-mails delivered, want 4", len(got))
			}
			to := map[string]string{}
			for _, d := range got[2:] {
				subject, text, _ := readMail(t, d.data)
				to[d.to[0]] = subject + "\n" + text
			}
			for _, who := range []string{"jane.smith@nhs.net", apptest.Nurse} {
				mustContain(t, "the verdict e-mail to "+who, to[who], "You spotted a real scam", "A fake DocuSign page", report.MyReportsPath)
			}
			mustContain(t, "My reports", apptest.Text(a.SignIn(t, apptest.Nurse).Get("/my-reports").Body), "A real scam or attack")

			// A later report of the same campaign gets the verdict in its first e-mail.
			later := strings.Replace(forwarded, "From: "+apptest.Nurse, "From: "+apptest.Buddy, 1)
			mbox.deliver(t, []byte(strings.Replace(later, "<nurse-report-1@mail.example>", "<buddy-report-1@mail.example>", 1)))
			if _, err := a.Mailbox.PollOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Feedback.Flush(ctx, store.Now()); err != nil {
				t.Fatal(err)
			}
			got = relay.deliveries(t, 5)
			if len(got) != 5 || got[4].to[0] != apptest.Buddy {
				t.Fatalf("the later reporter's e-mail: %d delivered", len(got))
			}
			if subject, _, _ := readMail(t, got[4].data); subject != "You spotted a real scam – thank you" {
				t.Errorf("the later reporter was told %q", subject)
			}
		})
	}
}

// readMail decodes a delivered e-mail: its subject, plain text and In-Reply-To.
func readMail(t *testing.T, data string) (subject, text, inReplyTo string) {
	t.Helper()
	env, err := enmime.ReadEnvelope(strings.NewReader(data))
	if err != nil {
		t.Fatalf("read delivered e-mail: %v", err)
	}
	return env.GetHeader("Subject"), env.Text, env.GetHeader("In-Reply-To")
}
