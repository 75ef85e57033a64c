package app_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/report/mailtest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// capture keeps the e-mails an outbox sends.
type capture struct{ sent []feedback.Message }

func (c *capture) Send(_ context.Context, m feedback.Message) error {
	c.sent = append(c.sent, m)
	return nil
}

var linkPattern = regexp.MustCompile(`https?://[^\s"'<>)]+`)

// TestEveryLinkInAFeedbackEMailLeadsToAPage: each verdict's e-mail is sent
// for real through the outbox, and every link in it to Vigil is followed as
// the reporter would, signed in: none may be a page that does not exist.
func TestEveryLinkInAFeedbackEMailLeadsToAPage(t *testing.T) {
	a := apptest.Start(t)
	ctx := context.Background()
	templates, err := feedback.NewTemplates()
	if err != nil {
		t.Fatal(err)
	}
	box := &capture{}
	outbox := report.NewOutbox(a.DB, a.Orgs, templates, box, a.URL)
	// This app has no mail relay, so its own services queue no e-mails: these do.
	opts := report.Options{MailFeedback: true}
	journey, triage := report.NewJourney(a.DB, a.Orgs, opts), report.NewTriage(a.DB, a.Orgs, opts)
	nurseScope, analystScope := scopeOf(t, a, apptest.Nurse), scopeOf(t, a, apptest.Analyst)
	verdicts := map[string]report.Verdict{
		"phish-password-expiry.eml":         report.Malicious,
		"simulation-wellbeing-voucher.eml":  report.PhishingSimulation,
		"phish-invoice-html-attachment.eml": report.Spam,
		"safe-epr-downtime-notice.eml":      report.Safe,
	}
	for sample, v := range verdicts {
		r, err := journey.Receive(ctx, nurseScope, report.Incoming{Source: report.FromAPI, Email: mailtest.Sample(t, sample)})
		if err != nil {
			t.Fatal(err)
		}
		if r.CampaignID != "" {
			_, err = triage.DecideCampaign(ctx, analystScope, r.CampaignID, v, "")
		} else {
			_, err = triage.DecideReport(ctx, analystScope, r.ID, v, "")
		}
		if err != nil {
			t.Fatalf("%s: %v", sample, err)
		}
	}
	if _, err := outbox.Flush(ctx, a.Clock().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	nurse := a.SignIn(t, apptest.Nurse)
	if len(box.sent) < len(verdicts) {
		t.Fatalf("%d feedback e-mails sent, want one per verdict", len(box.sent))
	}
	followed := 0
	for _, m := range box.sent {
		for _, part := range []string{m.Text, m.HTML} {
			for _, link := range linkPattern.FindAllString(part, -1) {
				path, ok := strings.CutPrefix(link, a.URL)
				if !ok {
					continue
				}
				followed++
				if r := nurse.Get(path); r.StatusCode != http.StatusOK {
					t.Errorf("the %q e-mail links to %s, which answers %d", m.Subject, link, r.StatusCode)
				}
			}
		}
	}
	if followed == 0 {
		t.Error("no feedback e-mail links back to Vigil")
	}
}

// scopeOf is a demo person's scope, as a signed-in session has it.
func scopeOf(t *testing.T, a *apptest.App, email string) vigil.Scope {
	t.Helper()
	acc, err := a.Orgs.AccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := a.Auth.ScopeOf(context.Background(), acc.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
