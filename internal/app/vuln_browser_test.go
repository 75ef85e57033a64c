package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAnalystTriagesAnExploitedVulnerability: on a phone, the security analyst
// opens the vulnerabilities from the home page, narrows the list to known exploited ones,
// opens the first, reads what it means for patients, and records it as under
// investigation. Every vulnerability page they can reach fits the phone's width.
func TestBrowserAnalystTriagesAnExploitedVulnerability(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 120*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst]),
		chromedp.Click(chromedp.CSS(`main a[href="/vulnerabilities"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#findings`)),
		chromedp.Click(chromedp.CSS(`details summary`)),
		chromedp.Click(chromedp.CSS(`#kev`)),
		chromedp.Click(chromedp.CSS(`#filters button`)),
		chromedp.WaitVisible(chromedp.CSS(`#kev:checked`)),
		chromedp.Click(chromedp.CSS(`#findings tbody a`)),
		chromedp.WaitVisible(chromedp.CSS(`#patients`)),
		chromedp.Click(chromedp.CSS(`#status-under_investigation`)),
		chromedp.SendKeys(chromedp.CSS(`#note`), "Asked the EPR supplier for their fix date"),
		chromedp.Click(chromedp.CSS(`form[action$="/decision"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-notification-banner`)),
	)
	if err != nil {
		t.Fatalf("triage journey: %v", err)
	}
	if s := browsertest.Text(t, ctx, `main`); !strings.Contains(s, "Being investigated") || !strings.Contains(s, "Asked the EPR supplier") ||
		!strings.Contains(s, "Emergency Department") {
		t.Errorf("after saving: %q", s)
	}
	if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
		t.Errorf("the finding's page is %d px wider than the phone, from %s (%v)", over, culprit, err)
	}
	for _, path := range []string{"/vulnerabilities", "/vulnerabilities/uploads", "/vulnerabilities/debt", "/vulnerabilities?service=ed",
		"/vulnerabilities/products?product=wolfssl:wolfssl&product=pkg:maven/org.apache.logging.log4j/log4j-core"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
		browsertest.Screenshot(t, ctx, "vuln"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path))
	}
}

// TestBrowserNationalVulnerabilityPagesFitAPhone: the national centre's vulnerability
// pages fit a phone's width.
func TestBrowserNationalVulnerabilityPagesFitAPhone(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 60*time.Second)
	if err := chromedp.Do(ctx, browsertest.SignIn(a.URL, apptest.CentralAnalyst, a.Passwords[apptest.CentralAnalyst])); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/national/vulnerabilities", "/national/vulnerabilities/CVE-2021-44228"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
	}
}
