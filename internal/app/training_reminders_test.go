package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/training/reminder"
)

// TestEveryLinkInATrainingReminderLeadsToAPage: the demo organisations'
// weekly reminders, five weeks from now when newcomers are overdue too,
// are written for real, and each recipient who can sign in follows every
// link in their own e-mail: none may be missing or forbidden to them.
func TestEveryLinkInATrainingReminderLeadsToAPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		box := &capture{}
		later := nextTuesday(a.Clock()).AddDate(0, 0, 35)
		reminders := reminder.New(a.DB, a.Orgs, a.Training, reminder.Options{Programme: a.Content.Programme, Warnings: a.Journey,
			Sender: box, BaseURL: a.URL, Clock: func() time.Time { return later }})
		if _, err := reminders.Queue(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := reminders.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		followed, coverage, grace := 0, 0, false
		for _, m := range box.sent {
			if _, ok := a.Passwords[m.To]; !ok {
				continue
			}
			grace = grace || m.To == apptest.Nurse
			reader := a.SignIn(t, m.To)
			for _, link := range linkPattern.FindAllString(m.Text, -1) {
				path, ok := strings.CutPrefix(link, a.URL)
				if !ok {
					t.Errorf("the reminder to %s links outside Vigil: %s", m.To, link)
					continue
				}
				followed++
				if strings.HasPrefix(path, "/training/coverage") {
					coverage++
				}
				if r := reader.Get(path); r.StatusCode != http.StatusOK {
					t.Errorf("the reminder to %s links to %s, which answers %d", m.To, link, r.StatusCode)
				}
			}
		}
		if !grace || followed == 0 {
			t.Fatalf("the demo nurse had no reminder, or no reminder links back (%d e-mails, %d links)", len(box.sent), followed)
		}
		if coverage == 0 {
			t.Error("no manager's reminder links to their team's coverage")
		}
	})
}

// TestStopTrainingReminders: with a mail relay, My training offers to stop
// the weekly e-mail; stopping it says so and offers to start it again.
func TestStopTrainingReminders(t *testing.T) {
	for _, engine := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			a := apptest.StartWith(t, engine, func(c *app.Config) {
				c.SMTP = app.SMTPConfig{Addr: startRelay(t).addr, TLS: "none", From: "Riverside cyber security <cyber.security@riverside.example>"}
			})
			nurse := a.SignIn(t, apptest.Nurse)
			if page := nurse.Get("/training"); !strings.Contains(page.Body, "Stop reminder e-mails") {
				t.Fatal("My training does not offer to stop the reminder e-mails")
			}
			if r := nurse.PostForm("/training/reminders", url.Values{"weekly": {"maybe"}}); r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a choice that is neither on nor off answers %d", r.StatusCode)
			}
			if r := nurse.PostForm("/training/reminders", url.Values{"weekly": {"off"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("stopping the reminders answers %d", r.StatusCode)
			}
			page := nurse.Get("/training")
			if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "We will not e-mail you about your training") ||
				!strings.Contains(page.Body, "Send me reminder e-mails again") {
				t.Fatalf("after stopping, My training answers %d:\n%s", page.StatusCode, apptest.Text(page.Body))
			}
			if other := a.SignIn(t, apptest.Analyst).Get("/training"); !strings.Contains(other.Body, "Stop reminder e-mails") {
				t.Error("one person's choice changed another's")
			}
			var audited int
			if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'training-reminders' AND action = 'update'`).Scan(&audited); err != nil || audited == 0 {
				t.Errorf("the choice left no audit record (%d, %v)", audited, err)
			}
		})
	}
}

// nextTuesday is mid-morning on the first Tuesday after t, a time the
// week's reminders are worked out whatever day the test runs.
func nextTuesday(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	for t.Weekday() != time.Tuesday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
