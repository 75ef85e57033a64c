package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/vigil"
)

// eachQuiet runs fn on every engine with the notification worker stopped,
// so the test alone moves notifications on, at the times it chooses.
func eachQuiet(t *testing.T, fn func(t *testing.T, a *apptest.App)) {
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			fn(t, apptest.StartWith(t, e, func(c *app.Config) { c.NotifyEvery = -1 }))
		})
	}
}

// notifyRelay keeps the notification e-mails, safe for the worker's goroutine.
type notifyRelay struct {
	mu   sync.Mutex
	sent []feedback.Message
}

func (r *notifyRelay) Send(_ context.Context, m feedback.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

func (r *notifyRelay) take() []feedback.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sent
	r.sent = nil
	return out
}

// TestNotifyPagesEscalateAndAcknowledge: the analyst sets the rota, a
// webhook and a rule through the pages; an incident opens; the worker
// e-mails the analyst with a link to it, escalates to the administrator
// when nobody acknowledges, and one click on the incident page stops it.
// Each step shows on the incident's timeline and in the audit trail; the
// GP practice sees none of it.
func TestNotifyPagesEscalateAndAcknowledge(t *testing.T) {
	eachQuiet(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		analyst := a.SignIn(t, apptest.Analyst)
		analystID, adminID := demoUserID(t, a, apptest.Analyst), demoUserID(t, a, apptest.Admin)

		// The rota: Aisha (the analyst) this week, then Priya (the administrator).
		rotaPage := analyst.Get("/monitoring/notifications/rota")
		if rotaPage.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(rotaPage.Body), "There is no rota yet") {
			t.Fatalf("rota page %d: %s", rotaPage.StatusCode, apptest.Text(rotaPage.Body))
		}
		london, _ := time.LoadLocation("Europe/London")
		yesterday := time.Now().In(london).AddDate(0, 0, -1).Format("2006-01-02")
		bad := analyst.PostForm("/monitoring/notifications/rota", url.Values{"shift_hours": {"168"}, "date": {yesterday}, "time": {"08:00"},
			"position-" + analystID: {"1"}, "position-" + adminID: {"1"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(bad.Body), "both number 1") {
			t.Errorf("two people in one place: %d %s", bad.StatusCode, apptest.Text(bad.Body))
		}
		if res := analyst.PostForm("/monitoring/notifications/rota", url.Values{"shift_hours": {"168"}, "date": {yesterday}, "time": {"08:00"},
			"position-" + analystID: {"1"}, "position-" + adminID: {"2"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save rota: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		if text := apptest.Text(analyst.Get("/monitoring/notifications/rota").Body); !strings.Contains(text, "Aisha Begum On call now") {
			t.Errorf("rota after saving: %s", text)
		}

		// A webhook: its secret shows once, on the answer to adding it.
		hookServer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		defer hookServer.Close()
		created := analyst.PostForm("/monitoring/notifications/webhooks", url.Values{"name": {"Cyber team on call"}, "url": {hookServer.URL + "/teams"}, "format": {"teams"}})
		if created.StatusCode != http.StatusOK || !strings.Contains(created.Body, `<code id="secret">whsec_`) {
			t.Fatalf("add webhook: %d %s", created.StatusCode, apptest.Text(created.Body))
		}
		secret := created.Body[strings.Index(created.Body, "whsec_"):]
		secret = secret[:strings.Index(secret, "<")]
		hooks, err := a.Notify.Webhooks(ctx, scopeOf(t, a, apptest.Analyst))
		if err != nil || len(hooks) != 1 {
			t.Fatalf("webhooks %d %v", len(hooks), err)
		}
		hook := hooks[0]
		for _, p := range []string{"/monitoring/notifications/webhooks", "/monitoring/notifications/webhooks/" + hook.ID} {
			if body := analyst.Get(p).Body; strings.Contains(body, secret) || !strings.Contains(body, "Cyber team on call") {
				t.Errorf("%s shows the secret, or not the webhook", p)
			}
		}
		// The test post is refused: the address leads to this machine, where
		// Vigil never sends. The log says so and that it will try again.
		if res := analyst.PostForm("/monitoring/notifications/webhooks/"+hook.ID+"/test", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("test post: %d", res.StatusCode)
		}
		logPage := apptest.Text(analyst.Get("/monitoring/notifications/webhooks/" + hook.ID).Body)
		if !strings.Contains(logPage, "did not go through yet") || !strings.Contains(logPage, "Trying 1 tries so far") || !strings.Contains(logPage, "which Vigil does not send to") {
			t.Errorf("webhook log after a failed test: %s", logPage)
		}

		// The rule.
		res := analyst.PostForm("/monitoring/notifications/rules", url.Values{"name": {"Patients at risk"}, "subject": {"incident"}, "min_priority": {"15"},
			"email_on_call": {"yes"}, "webhook_id": {""}, "ack_minutes": {"15"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add rule: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		res = analyst.PostForm("/monitoring/notifications/rules", url.Values{"name": {"Webhook only, acknowledged"}, "subject": {"incident"}, "min_priority": {"15"},
			"webhook_id": {hook.ID}, "ack_minutes": {"15"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "Escalation goes to people by e-mail") {
			t.Errorf("a rule that cannot escalate: %d %s", res.StatusCode, apptest.Text(res.Body))
		}

		inc, err := a.Incidents.Open(ctx, scopeOf(t, a, apptest.Analyst), incident.Draft{Title: "Ransomware on the pathology server", Playbook: "ransomware",
			Severity: alert.Critical, AssetIDs: []string{"epr"}})
		if err != nil {
			t.Fatal(err)
		}
		mail := &notifyRelay{}
		worker := notify.New(a.DB, a.Orgs, a.CareMaps, a.Alerts, a.Incidents, notify.Options{Sender: mail, BaseURL: a.URL})
		start := time.Now().Add(time.Second)
		tick := func(at time.Time) {
			// The test post to this machine is refused on every retry;
			// that is reported, and expected.
			if _, err := worker.Tick(ctx, at); err != nil && !strings.Contains(err.Error(), "which Vigil does not send to") {
				t.Fatal(err)
			}
		}
		tick(start)
		sent := mail.take()
		if len(sent) != 1 || !strings.Contains(sent[0].To, apptest.Analyst) || !strings.Contains(sent[0].Subject, "Ransomware on the pathology server") {
			t.Fatalf("first e-mails %+v, want one to the analyst on call", sent)
		}
		link := a.URL + "/monitoring/incidents/" + inc.ID
		if !strings.Contains(sent[0].Text, link) {
			t.Errorf("the e-mail has no link to the incident:\n%s", sent[0].Text)
		}
		incPage := analyst.Get("/monitoring/incidents/" + inc.ID)
		if text := apptest.Text(incPage.Body); !strings.Contains(text, "Waiting for someone to acknowledge") || !strings.Contains(text, "Acknowledge: I have this") {
			t.Errorf("incident page before acknowledging: %s", text)
		}

		tick(start.Add(15 * time.Minute))
		if sent = mail.take(); len(sent) != 1 || !strings.Contains(sent[0].To, apptest.Admin) || !strings.HasPrefix(sent[0].Subject, "[Vigil] Escalated") {
			t.Fatalf("escalation e-mails %+v, want one to the administrator", sent)
		}

		if res := analyst.PostForm("/monitoring/incidents/"+inc.ID+"/acknowledge", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("acknowledge: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		text := apptest.Text(analyst.Get("/monitoring/incidents/" + inc.ID).Body)
		for _, want := range []string{"Acknowledged. Nobody else will be called", "E-mailed Aisha Begum (on call)", "escalated to Priya Raman (next on the rota)", "Aisha Begum acknowledged the notification"} {
			if !strings.Contains(text, want) {
				t.Errorf("incident page lacks %q: %s", want, text)
			}
		}
		if strings.Contains(text, "Waiting for someone to acknowledge") {
			t.Error("still waiting after the acknowledgement")
		}
		tick(start.Add(time.Hour))
		if sent = mail.take(); len(sent) != 0 {
			t.Errorf("e-mailed %d after the acknowledgement", len(sent))
		}
		overview := apptest.Text(analyst.Get("/monitoring/notifications").Body)
		if !strings.Contains(overview, "Nothing is waiting") || !strings.Contains(overview, "acknowledged by Aisha Begum") || !strings.Contains(overview, "Aisha Begum is on call until") {
			t.Errorf("notifications page: %s", overview)
		}
		audit := apptest.Text(a.SignIn(t, apptest.Admin).Get("/admin/audit").Body)
		for _, want := range []string{"Set the on-call rota", "Added the webhook Cyber team on call", "Added the notification rule Patients at risk", "Not acknowledged in time", "acknowledged the notification"} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit trail lacks %q", want)
			}
		}

		// Another organisation sees and changes none of it.
		gp := a.SignIn(t, apptest.PracticeAdmin)
		deliveries, _ := a.Notify.Deliveries(ctx, scopeOf(t, a, apptest.Analyst), "")
		for _, p := range []string{"/monitoring/notifications/webhooks/" + hook.ID, "/monitoring/notifications/deliveries/" + deliveries[0].ID} {
			if res := gp.Get(p); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice GET %s: %d", p, res.StatusCode)
			}
		}
		for _, p := range []string{"/monitoring/notifications/webhooks/" + hook.ID + "/test", "/monitoring/notifications/webhooks/" + hook.ID + "/delete", "/monitoring/incidents/" + inc.ID + "/acknowledge"} {
			if res := gp.PostForm(p, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice POST %s: %d", p, res.StatusCode)
			}
		}
		for _, p := range []string{"/monitoring/notifications/rules", "/monitoring/notifications/webhooks", "/monitoring/notifications/rota", "/monitoring/notifications"} {
			if body := gp.Get(p).Body; strings.Contains(body, "Patients at risk</h2>") || strings.Contains(body, "Cyber team on call") || strings.Contains(body, "Aisha Begum") {
				t.Errorf("practice sees the trust's set-up on %s", p)
			}
		}
		if res := a.SignIn(t, apptest.Nurse).Get("/monitoring/notifications"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse on the notifications page: %d", res.StatusCode)
		}
	})
}

// TestNotifyThroughTheAPI: a tool adds a webhook (the secret comes back
// once), reads the rota and acknowledges by page; another organisation's
// token gets nothing. Every answer is checked against the OpenAPI document.
func TestNotifyThroughTheAPI(t *testing.T) {
	eachQuiet(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents)
		call := func(tok, method, p, body string) apptest.Response {
			t.Helper()
			return a.API(t, tok, method, p, "application/json", strings.NewReader(body))
		}
		res := call(token, "POST", "/api/v1/notify/webhooks", `{"name":"SOAR","url":"https://127.0.0.1:1/vigil","format":"generic"}`)
		var hook struct{ ID, Secret string }
		if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(res.Body), &hook) != nil || !strings.HasPrefix(hook.Secret, "whsec_") {
			t.Fatalf("add webhook: %d %s", res.StatusCode, res.Body)
		}
		if res := call(token, "GET", "/api/v1/notify/webhooks", ""); res.StatusCode != http.StatusOK || strings.Contains(res.Body, hook.Secret) || !strings.Contains(res.Body, hook.ID) {
			t.Errorf("list webhooks: %d %s", res.StatusCode, res.Body)
		}
		if res := call(token, "POST", "/api/v1/notify/webhooks", `{"name":"Plain","url":"http://soar.example.nhs.uk/","format":"generic"}`); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("an http address: %d %s", res.StatusCode, res.Body)
		}
		analystID := demoUserID(t, a, apptest.Analyst)
		res = call(token, "PUT", "/api/v1/notify/rota", `{"shift_hours":24,"starts_at":"`+time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)+`","user_ids":["`+analystID+`"]}`)
		var rota struct {
			OnCall struct {
				UserID string `json:"user_id"`
			} `json:"on_call"`
		}
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &rota) != nil || rota.OnCall.UserID != analystID {
			t.Fatalf("set rota: %d %s", res.StatusCode, res.Body)
		}
		res = call(token, "POST", "/api/v1/notify/rules", `{"name":"All incidents","subject":"incident","min_priority":1,"email_on_call":true,"webhook_id":"`+hook.ID+`","ack_minutes":5}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("add rule: %d %s", res.StatusCode, res.Body)
		}
		inc, err := a.Incidents.Open(ctx, scopeOf(t, a, apptest.Analyst), incident.Draft{Playbook: "ransomware", Severity: alert.High, AssetIDs: []string{"epr"}})
		if err != nil {
			t.Fatal(err)
		}
		worker := notify.New(a.DB, a.Orgs, a.CareMaps, a.Alerts, a.Incidents, notify.Options{Sender: &notifyRelay{}, BaseURL: a.URL})
		worker.Tick(ctx, time.Now().Add(time.Second)) // nothing listens at the webhook's address: that failure is expected
		res = call(token, "GET", "/api/v1/notify/pages?waiting=true", "")
		var pages struct {
			Items []struct{ ID, IncidentID string } `json:"items"`
		}
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &pages) != nil || len(pages.Items) != 1 {
			t.Fatalf("waiting pages: %d %s", res.StatusCode, res.Body)
		}
		res = call(token, "GET", "/api/v1/notify/deliveries", "")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"channel": "webhook"`) || !strings.Contains(res.Body, `"channel": "email"`) {
			t.Errorf("deliveries: %d %s", res.StatusCode, res.Body)
		}

		other := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts, vigil.WriteIncidents)
		for _, c := range []struct{ method, path string }{
			{"POST", "/api/v1/notify/pages/" + pages.Items[0].ID + "/acknowledge"},
			{"POST", "/api/v1/incidents/" + inc.ID + "/acknowledge"},
			{"POST", "/api/v1/notify/webhooks/" + hook.ID + "/test"},
			{"DELETE", "/api/v1/notify/webhooks/" + hook.ID},
		} {
			if res := call(other, c.method, c.path, ""); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice %s %s: %d", c.method, c.path, res.StatusCode)
			}
		}
		if res := call(other, "GET", "/api/v1/notify/deliveries", ""); res.StatusCode != http.StatusOK || strings.Contains(res.Body, hook.ID) {
			t.Errorf("practice deliveries: %d %s", res.StatusCode, res.Body)
		}

		res = call(token, "POST", "/api/v1/notify/pages/"+pages.Items[0].ID+"/acknowledge", "")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"acknowledged_by": "API token test"`) {
			t.Errorf("acknowledge: %d %s", res.StatusCode, res.Body)
		}
		if res := call(token, "POST", "/api/v1/incidents/"+inc.ID+"/acknowledge", ""); res.StatusCode != http.StatusConflict {
			t.Errorf("acknowledge again: %d %s", res.StatusCode, res.Body)
		}
	})
}
