package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAnalystWritesAPostIncidentReview: on a phone, the analyst
// resolves the ransomware incident, writes its review from the draft Vigil
// starts, adds an action with an owner and a date, and signs it off; then
// links a finding to the incident. Every page is checked for accessibility
// by the browser helper and must fit the phone's width.
func TestBrowserAnalystWritesAPostIncidentReview(t *testing.T) {
	a := apptest.Start(t)
	inc := demoIncident(t, a)
	base := a.URL + "/monitoring/incidents/" + inc.ID
	ctx := browsertest.Journey(t, 180*time.Second)
	err := chromedp.Do(ctx,
		browsertest.Phone.Use(),
		browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst]),
		chromedp.Navigate(base+"/update"),
		chromedp.WaitVisible(chromedp.CSS(`#owner`)),
		chromedp.SetValue(chromedp.CSS(`#status`), "resolved"),
		chromedp.Click(chromedp.CSS(`form[action$="/update"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/review/edit"]`)),
		chromedp.Click(chromedp.CSS(`a[href$="/review/edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#summary`)),
		chromedp.SendKeys(chromedp.CSS(`#summary`), "Ransomware reached the EPR database through a backup account."),
		chromedp.SendKeys(chromedp.CSS(`#lessons`), "Service accounts need their own alerts."),
		chromedp.SendKeys(chromedp.CSS(`#patients_affected`), "320"),
		chromedp.Click(chromedp.CSS(`#downtime-worked`)),
		chromedp.Click(chromedp.CSS(`form[action$="/review/edit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#signoff`)),
		chromedp.SendKeys(chromedp.CSS(`#action`), "Alert on service account logons"),
		chromedp.SetValue(chromedp.CSS(`#owner`), demoUserID(t, a, apptest.Admin)),
		chromedp.SetValue(chromedp.CSS(`#due`), time.Now().AddDate(0, 0, 14).Format(time.DateOnly)),
		chromedp.Click(chromedp.CSS(`form[action$="/review/actions"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#action-list`)),
		chromedp.Click(chromedp.CSS(`form[action$="/review/signoff"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#signoff .nhsuk-tag--green`)),
	)
	if err != nil {
		t.Fatalf("review journey: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#signoff`); !strings.Contains(s, "Signed off by Aisha Begum") {
		t.Errorf("sign-off %q", s)
	}
	if s := browsertest.Text(t, ctx, `#action-list`); !strings.Contains(s, "Alert on service account logons") || !strings.Contains(s, "Priya Raman") {
		t.Errorf("actions %q", s)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/links"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="link"][value^="finding:"]`)),
		chromedp.Click(chromedp.CSS(`input[name="link"][value^="finding:"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/links"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#links`)),
	)
	if err != nil {
		t.Fatalf("link journey: %v", err)
	}
	if s := browsertest.Text(t, ctx, `#links`); !strings.Contains(s, "Vulnerability finding:") {
		t.Errorf("links %q", s)
	}
	reviewed := reviewedIncident(t, a)
	for _, path := range []string{"/monitoring/incidents/" + inc.ID, "/monitoring/incidents/" + inc.ID + "/review", "/monitoring/incidents/" + inc.ID + "/review/edit",
		"/monitoring/incidents/" + reviewed.ID + "/review", "/monitoring/incidents/" + inc.ID + "/links"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Phone.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
	}
	checked := strings.Join(browsertest.Checked(t, ctx), " ")
	if !strings.Contains(checked, "/review") {
		t.Errorf("the review pages were not checked for accessibility: %s", checked)
	}
}
