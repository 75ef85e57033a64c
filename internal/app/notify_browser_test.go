package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAnalystSetsUpNotifications: on a phone, the analyst puts
// herself on the rota, adds a webhook and copies its secret, sends a test
// that cannot get through and reads why, and is told what is missing from a
// rule. Each page is checked for accessibility and fits the phone.
func TestBrowserAnalystSetsUpNotifications(t *testing.T) {
	a := apptest.StartWith(t, apptest.SQLite, nil)
	analystID := demoUserID(t, a, apptest.Analyst)
	ctx := browsertest.Journey(t, 120*time.Second)
	err := chromedp.Do(ctx,
		browsertest.Phone.Use(),
		browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst]),
		chromedp.Navigate(a.URL+"/monitoring"),
		chromedp.Click(chromedp.CSS(`a[href="/monitoring/notifications"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#on-call`)),
		chromedp.Click(chromedp.CSS(`a[href="/monitoring/notifications/rota"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#position-`+analystID)),
		chromedp.SendKeys(chromedp.CSS(`#position-`+analystID), "1"),
		chromedp.Click(chromedp.CSS(`form[action="/monitoring/notifications/rota"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`ol#rota`)),
	)
	if err != nil {
		t.Fatalf("rota: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#rota`); !strings.Contains(s, "Aisha Begum") {
		t.Errorf("rota %q", s)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(a.URL+"/monitoring/notifications/webhooks"),
		chromedp.WaitVisible(chromedp.CSS(`#url`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Security team alerts"),
		chromedp.SendKeys(chromedp.CSS(`#url`), "https://127.0.0.1:1/hook"),
		chromedp.Click(chromedp.CSS(`form[action="/monitoring/notifications/webhooks"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#secret`)),
	)
	if err != nil {
		t.Fatalf("add webhook: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#secret`); !strings.HasPrefix(s, "whsec_") {
		t.Errorf("secret %q", s)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.nhsuk-button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/test"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/test"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#deliveries`)),
		chromedp.Click(chromedp.CSS(`#deliveries a`)),
		chromedp.WaitVisible(chromedp.CSS(`#attempts`)),
	)
	if err != nil {
		t.Fatalf("test post: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#status`); !strings.Contains(s, "Trying") || !strings.Contains(s, "which Vigil does not send to") {
		t.Errorf("delivery status %q", s)
	}
	deliveryPath, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	hooks, err := a.Notify.Webhooks(t.Context(), scopeOf(t, a, apptest.Analyst))
	if err != nil || len(hooks) != 1 {
		t.Fatalf("webhooks %d %v", len(hooks), err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(a.URL+"/monitoring/notifications/rules"),
		chromedp.WaitVisible(chromedp.CSS(`#name`)),
		chromedp.Click(chromedp.CSS(`form[action="/monitoring/notifications/rules"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary`)),
	)
	if err != nil {
		t.Fatalf("rule without a name: %v", err)
	}
	if s := browsertest.Text(t, ctx, `.nhsuk-error-summary`); !strings.Contains(s, "Give the rule a name") {
		t.Errorf("error summary %q", s)
	}
	for _, path := range []string{"/monitoring/notifications", "/monitoring/notifications/rota", "/monitoring/notifications/webhooks", "/monitoring/notifications/rules",
		"/monitoring/notifications/webhooks/" + hooks[0].ID, deliveryPath} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Phone.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
	}
}
