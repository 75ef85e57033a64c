package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/demo"
)

// TestDemoNotifications: a newcomer to the demo trust finds notification
// rules, an on-call rota and a webhook set up, and the webhook's address is
// one that reaches nobody; the practice sees none of it.
func TestDemoNotifications(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		if err := demo.SeedNotify(context.Background(), a.Demo()); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedNotify(context.Background(), a.Demo()); err != nil {
			t.Fatalf("seeding twice: %v", err)
		}
		if rules, err := a.Notify.Rules(context.Background(), scopeOf(t, a, apptest.Analyst)); err != nil || len(rules) != 3 {
			t.Fatalf("after seeding twice, %d rules (%v), want 3", len(rules), err)
		}
		analyst := a.SignIn(t, apptest.Analyst)
		pages := map[string][]string{
			"/monitoring/notifications/rules":    {"Patients at risk: page the analyst on call", "Every new incident to the security channel", "High alerts on pathology"},
			"/monitoring/notifications/rota":     {"Aisha Begum", "Priya Raman"},
			"/monitoring/notifications/webhooks": {"Cyber security channel (demo: never posts)", demo.DemoWebhookURL},
		}
		for path, wants := range pages {
			res := analyst.Get(path)
			text := apptest.Text(res.Body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, res.StatusCode)
			}
			for _, want := range wants {
				if !strings.Contains(text, want) && !strings.Contains(res.Body, want) {
					t.Errorf("%s does not show %q: %s", path, want, text)
				}
			}
		}
		gp := a.SignIn(t, apptest.PracticeAdmin)
		if text := apptest.Text(gp.Get("/monitoring/notifications/rules").Body); strings.Contains(text, "Patients at risk: page the analyst on call") {
			t.Error("the practice sees the trust's rules")
		}
	})
}
