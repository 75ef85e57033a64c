package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserNationalWhatIfOnAPhone: on a phone, the central analyst opens the national
// what-if from the menu's page, asks about the pathology company for 14 days, and reads
// the answer without scrolling sideways; every page is checked for accessibility.
func TestBrowserNationalWhatIfOnAPhone(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 90*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.CentralAnalyst, a.Passwords[apptest.CentralAnalyst]),
		chromedp.Navigate(a.URL+"/national/what-if"),
		chromedp.WaitVisible(chromedp.CSS(`#name`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "CityPath Diagnostics Ltd"),
		chromedp.Click(chromedp.CSS(`#ask`)),
		chromedp.WaitVisible(chromedp.CSS(`#outage-summary`)),
	)
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	if s := browsertest.Text(t, ctx, `main`); !strings.Contains(s, "CityPath Diagnostics Ltd down for 14 days") || !strings.Contains(s, "Riverside") {
		t.Errorf("answer: %q", s)
	}
	if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
		t.Errorf("the answer is %d px wider than the phone, from %s (%v)", over, culprit, err)
	}
}
