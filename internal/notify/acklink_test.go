package notify_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

var ackLinkPattern = regexp.MustCompile(`https://vigil\.example/notifications/ack/(\S+)`)

// takeAckTokens reads the acknowledge links' tokens out of the e-mails sent,
// by addressee, and forgets the e-mails.
func (m *mailbox) takeAckTokens(t *testing.T) map[string]string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]string{}
	for _, msg := range m.sent {
		if match := ackLinkPattern.FindStringSubmatch(msg.Text); match != nil {
			out[msg.To] = match[1]
		}
	}
	m.sent = nil
	return out
}

const (
	aishaTo = `"Aisha Begum" <aisha@trust.example>`
	benTo   = `"Ben Carter" <ben@trust.example>`
)

// TestAckLinkAcknowledgesOnceAsThePersonEmailed: the e-mail carries a link
// for its addressee; reading what it offers changes nothing; using it
// acknowledges as that person, on the timeline and in the audit trail, and
// stops the escalation; it works once.
func TestAckLinkAcknowledgesOnceAsThePersonEmailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		inc := f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		token := f.mail.takeAckTokens(t)[aishaTo]
		if token == "" {
			t.Fatal("the e-mail to Aisha has no acknowledge link")
		}

		waiting, _ := f.svc.Pages(ctx, f.analyst, notify.PageFilter{Waiting: true})
		if len(waiting) != 1 {
			t.Fatalf("%d pages waiting, want the incident's", len(waiting))
		}
		for range 3 { // a mail scanner opening the link, and Aisha opening it
			inv, err := f.svc.AckInviteFor(ctx, token)
			if err != nil || inv.Person != "Aisha Begum" || !inv.Incident || !strings.Contains(inv.Title, inc.Title) || !inv.ExpiresAt.Equal(waiting[0].DueAt) {
				t.Fatalf("the link offers %+v (%v), want the incident until %s", inv, err, waiting[0].DueAt)
			}
		}
		if again, _ := f.svc.Pages(ctx, f.analyst, notify.PageFilter{Waiting: true}); len(again) != 1 {
			t.Fatalf("opening the link changed the page: %d waiting", len(again))
		}

		p, who, err := f.svc.AcknowledgeByLink(ctx, token)
		if err != nil || !p.Acknowledged() || p.AckedBy != "Aisha Begum" || who.UserID != f.aishaID {
			t.Fatalf("acknowledge by link: %+v as %s (%v)", p, who.Name, err)
		}
		_, text := timelineKinds(t, f, inc.ID)
		if !strings.Contains(text, "Aisha Begum acknowledged the notification by the link in the e-mail (On call)") {
			t.Errorf("timeline:\n%s", text)
		}
		events, err := audit.NewStore(db).List(ctx, f.trust.System("test"), "", 200)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			if e.Action == "acknowledge" && e.Actor == "Aisha Begum" && strings.Contains(e.Summary, "by the link in the e-mail") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit record of Aisha acknowledging by the link among %d", len(events))
		}
		if _, _, err := f.svc.AcknowledgeByLink(ctx, token); vigil.CodeOf(err) != vigil.Conflict || !strings.Contains(err.Error(), "already acknowledged") {
			t.Errorf("the link again: %v, want already acknowledged", err)
		}
		f.tick(t, 20*time.Minute)
		if got := f.mail.take(); len(got) != 0 {
			t.Errorf("e-mailed %v after the acknowledgement", got)
		}
	})
}

// TestAckLinkDiesWhenThePageMovesOn: once the page would escalate, the
// first person's link no longer works, even before the worker has moved
// it; the next person's link works; made-up links are not found.
func TestAckLinkDiesWhenThePageMovesOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		f.openIncident(t)
		start := store.Now()
		f.clock.set(start)
		f.tick(t, 0)
		aisha := f.mail.takeAckTokens(t)[aishaTo]

		f.clock.set(start.Add(15 * time.Minute)) // due, but nobody has escalated it yet
		if _, err := f.svc.AckInviteFor(ctx, aisha); vigil.CodeOf(err) != vigil.Conflict || !strings.Contains(err.Error(), "expired") {
			t.Errorf("a link past its time: %v, want expired", err)
		}
		f.clock.set(start)
		f.tick(t, 15*time.Minute)
		ben := f.mail.takeAckTokens(t)[benTo]
		if ben == "" || ben == aisha {
			t.Fatalf("Ben's e-mail has link %q", ben)
		}
		if _, _, err := f.svc.AcknowledgeByLink(ctx, aisha); vigil.CodeOf(err) != vigil.Conflict || !strings.Contains(err.Error(), "moved on to Ben Carter") {
			t.Errorf("Aisha's link after the escalation: %v, want moved on", err)
		}
		for _, bad := range []string{"", "nonsense", strings.Repeat("A", 43), aisha + "x", strings.ToUpper(ben)} {
			if _, err := f.svc.AckInviteFor(ctx, bad); vigil.CodeOf(err) != vigil.NotFound {
				t.Errorf("link %q: %v, want not found", bad, err)
			}
		}
		f.clock.set(start.Add(16 * time.Minute))
		p, who, err := f.svc.AcknowledgeByLink(ctx, ben)
		if err != nil || who.UserID != f.benID || p.AckedBy != "Ben Carter" {
			t.Fatalf("Ben's link: %+v (%v)", p, err)
		}
		var stored int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM notify_ack_links WHERE token_hash = $1 OR token_hash = $2`, aisha, ben).Scan(&stored); err != nil || stored != 0 {
			t.Errorf("%d links stored as their tokens (%v): only hashes may be kept", stored, err)
		}
	})
}
