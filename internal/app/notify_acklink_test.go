package app_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/notify"
)

// TestNotifyAckLinkFromTheEmail: the on-call analyst's e-mail carries a
// link; opening it, signed in or not, only asks; the button acknowledges as
// the analyst without signing in, on the incident's timeline; the link then
// says it is done with; a made-up link is not found.
func TestNotifyAckLinkFromTheEmail(t *testing.T) {
	eachQuiet(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		analyst := scopeOf(t, a, apptest.Analyst)
		if _, err := a.Notify.SetRota(ctx, analyst, notify.RotaDraft{ShiftHours: 24, StartsAt: time.Now().Add(-time.Hour),
			UserIDs: []string{demoUserID(t, a, apptest.Analyst), demoUserID(t, a, apptest.Admin)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Notify.CreateRule(ctx, analyst, notify.RuleDraft{Name: "Incidents", Subject: notify.Incidents, MinPriority: 1, EmailOnCall: true, AckMinutes: 15}); err != nil {
			t.Fatal(err)
		}
		inc, err := a.Incidents.Open(ctx, analyst, incident.Draft{Title: "Odd logins on the EPR", Playbook: "ransomware", Severity: alert.High, AssetIDs: []string{"epr"}})
		if err != nil {
			t.Fatal(err)
		}
		mail := &notifyRelay{}
		worker := notify.New(a.DB, a.Orgs, a.CareMaps, a.Alerts, a.Incidents, notify.Options{Sender: mail, BaseURL: a.URL})
		if _, err := worker.Tick(ctx, time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		sent := mail.take()
		if len(sent) != 1 {
			t.Fatalf("%d e-mails, want 1 to the analyst on call", len(sent))
		}
		link := regexp.MustCompile(regexp.QuoteMeta(a.URL) + `(/notifications/ack/\S+)`).FindStringSubmatch(sent[0].Text)
		if link == nil {
			t.Fatalf("no acknowledge link in the e-mail:\n%s", sent[0].Text)
		}
		path := link[1]

		phone := a.Anonymous(t) // the analyst's phone, not signed in
		page := phone.Get(path)
		text := apptest.Text(page.Body)
		if page.StatusCode != http.StatusOK || !strings.Contains(text, "Odd logins on the EPR") || !strings.Contains(text, "Aisha Begum") ||
			!strings.Contains(page.Body, `method="post" action="`+path+`"`) {
			t.Fatalf("the link's page: %d %s", page.StatusCode, text)
		}
		if waiting, _ := a.Notify.Pages(ctx, analyst, notify.PageFilter{Waiting: true}); len(waiting) != 1 {
			t.Fatalf("opening the link acknowledged: %d waiting", len(waiting))
		}
		forged := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if res, err := forged.Post(a.URL+path, "application/x-www-form-urlencoded", strings.NewReader("")); err != nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("a POST without the form's CSRF token: %v %v", res.StatusCode, err)
		}

		done := phone.PostForm(path, nil)
		if done.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(done.Body), "Nobody else will be called") {
			t.Fatalf("pressing Acknowledge: %d %s", done.StatusCode, apptest.Text(done.Body))
		}
		if waiting, _ := a.Notify.Pages(ctx, analyst, notify.PageFilter{Waiting: true}); len(waiting) != 0 {
			t.Errorf("%d pages still waiting", len(waiting))
		}
		timeline := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/monitoring/incidents/" + inc.ID).Body)
		if !strings.Contains(timeline, "Aisha Begum acknowledged the notification by the link in the e-mail") {
			t.Errorf("the incident's timeline does not say who acknowledged: %s", timeline)
		}
		again := phone.Get(path)
		if again.StatusCode != http.StatusConflict || !strings.Contains(apptest.Text(again.Body), "already acknowledged") {
			t.Errorf("the link afterwards: %d %s", again.StatusCode, apptest.Text(again.Body))
		}
		if res := phone.Get(notify.AckLinkPath + strings.Repeat("A", 43)); res.StatusCode != http.StatusNotFound {
			t.Errorf("a made-up link: %d", res.StatusCode)
		}
	})
}
