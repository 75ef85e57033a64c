package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAnalystTurnsAnAlertIntoAnIncident: on a phone at night, the
// analyst opens the alert queue, takes the most urgent alert, opens a
// ransomware incident from it, and ticks off the first clinical step. Every
// monitoring page fits the phone's width.
func TestBrowserAnalystTurnsAnAlertIntoAnIncident(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 120*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst]),
		chromedp.Navigate(a.URL+"/monitoring"),
		chromedp.WaitVisible(chromedp.CSS(`#queue`)),
		chromedp.Click(chromedp.CSS(`#queue li:first-child a`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/monitoring/incidents/new"]`)),
		chromedp.Click(chromedp.CSS(`a[href^="/monitoring/incidents/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#playbook-ransomware`)),
		chromedp.Click(chromedp.CSS(`#playbook-ransomware`)),
		chromedp.Click(chromedp.CSS(`form[action="/monitoring/incidents/new"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#continuity`)),
		chromedp.Click(chromedp.CSS(`#tasks-clinical form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#tasks-clinical .nhsuk-tag--green`)),
	)
	if err != nil {
		t.Fatalf("incident journey: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#tasks-clinical`); !strings.Contains(s, "Done Start the downtime procedures") {
		t.Errorf("clinical steps %q", s)
	}
	if s := browsertest.Text(t, ctx, `#continuity`); !strings.Contains(s, "What to do:") {
		t.Errorf("continuity %q", s)
	}
	incidentPath, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	dc := demoAlert(t, a, "2006")
	for _, path := range []string{"/monitoring", "/monitoring/alerts/" + dc.ID, "/monitoring/incidents", incidentPath, incidentPath + "/update",
		incidentPath + "/summary", "/monitoring/incidents/new", "/monitoring/sources"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
		browsertest.Screenshot(t, ctx, "monitoring"+strings.NewReplacer("/", "-").Replace(path))
	}
}
