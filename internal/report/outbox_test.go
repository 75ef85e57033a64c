package report_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// outbox records what it is asked to send, failing while fail is set.
type outbox struct {
	mu   sync.Mutex
	sent []feedback.Message
	fail error
}

func (o *outbox) Send(_ context.Context, m feedback.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	o.sent = append(o.sent, m)
	return nil
}

func TestFeedbackIsSentOnceAndRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		templates, err := feedback.NewTemplates()
		if err != nil {
			t.Fatal(err)
		}
		box := &outbox{fail: errors.New("connection refused")}
		m := report.NewOutbox(w.db, w.orgs, templates, box, "https://vigil.northgate.example")

		r := w.reportEmail(t, w.nurse, sample(t, "phish-password-expiry.eml"))
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, r.CampaignID, report.Malicious, "Thank you: we blocked it."); err != nil {
			t.Fatal(err)
		}
		now := store.Now()
		if n, err := m.Flush(ctx, now); n != 0 || err == nil {
			t.Fatalf("with the relay down: %d sent, %v", n, err)
		}
		// Not due again straight away; due after the wait.
		box.fail = nil
		if n, _ := m.Flush(ctx, now); n != 0 {
			t.Fatal("a failed e-mail was retried at once")
		}
		if n, err := m.Flush(ctx, now.Add(time.Hour)); n != 1 || err != nil {
			t.Fatalf("retry: %d sent, %v", n, err)
		}
		if n, _ := m.Flush(ctx, now.Add(2*time.Hour)); n != 0 {
			t.Fatal("a sent e-mail was sent again")
		}
		msg := box.sent[0]
		if msg.To != "jane.smith@nhs.net" || !strings.Contains(msg.Text, "Hello Jane") || !strings.Contains(msg.Text, "Thank you: we blocked it.") ||
			!strings.Contains(msg.Text, "https://vigil.northgate.example"+report.MyReportsPath) || !strings.Contains(msg.Text, "0300 555 0100") {
			t.Errorf("feedback e-mail:\n%s", msg.Text)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE action = 'notify' AND entity_id = $1`, r.ID); n != 1 {
			t.Errorf("%d audit events for the e-mail", n)
		}
		// A person who has left cannot be written to: given up at once.
		other := w.reportEmail(t, w.doctor, sample(t, "phish-safelinks-rota.eml"))
		if _, err := db.Exec(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, true, w.doctor.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, other.CampaignID, report.Spam, ""); err != nil {
			t.Fatal(err)
		}
		if n, err := m.Flush(ctx, now.Add(3*time.Hour)); n != 0 || err == nil {
			t.Fatalf("e-mail to a disabled person: %d, %v", n, err)
		}
		if n := w.count(t, `SELECT count(*) FROM report_feedback WHERE status = 'failed'`); n != 1 {
			t.Errorf("%d e-mails given up, want 1", n)
		}
	})
}
