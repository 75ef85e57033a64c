package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserSafetyOfficerReviewsAnOverdueHazard: on a phone, the Clinical
// Safety Officer sees on the home page that a hazard is past its review
// date, opens it, records the review with the next date, and the reminder
// goes. Every clinical safety and assurance page they can reach fits the
// phone's width.
func TestBrowserSafetyOfficerReviewsAnOverdueHazard(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 120*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.SafetyOfficer, a.Passwords[apptest.SafetyOfficer]),
		chromedp.Click(chromedp.CSS(`a[href="/hazards/reviews"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reviews-due`)),
		chromedp.Click(chromedp.CSS(`#reviews-due a`)),
		chromedp.WaitVisible(chromedp.CSS(`#history`)),
		chromedp.SendKeys(chromedp.CSS(`#review_by`), "1"),
		chromedp.SendKeys(chromedp.CSS(`#review_by-month`), "3"),
		chromedp.SendKeys(chromedp.CSS(`#review_by-year`), "2099"),
		chromedp.SendKeys(chromedp.CSS(`#note`), "Restore test booked"),
		chromedp.Click(chromedp.CSS(`form[action$="/review"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-notification-banner`)),
	)
	if err != nil {
		t.Fatalf("review journey: %v", err)
	}
	if s := browsertest.Text(t, ctx, `.nhsuk-notification-banner`); !strings.Contains(s, "Next review by 1 March 2099") {
		t.Errorf("banner %q", s)
	}
	if s := browsertest.Text(t, ctx, `#history`); !strings.Contains(s, "Reviewed: Restore test booked") {
		t.Errorf("history %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if s := browsertest.Text(t, ctx, `main`); strings.Contains(s, "Hazard reviews due") {
		t.Error("the home page still says a review is due")
	}

	hazard := demoHazard(t, a, "Electronic patient record unavailable")
	for _, path := range []string{"/hazards", "/hazards/" + hazard.ID, "/hazards/new", "/hazards/suggestions",
		"/hazards/suggestions/accept?key=caremap%2Fvm-cluster%2Floss", "/plan-reviews", "/plan-reviews/new", "/safety-case",
		"/board", "/assessment/caf-v4", "/assessment/caf-v4/outcomes/A2.a"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if over, culprit, err := browsertest.Window.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", path, over, culprit, err)
		}
		browsertest.Screenshot(t, ctx, "safety"+strings.NewReplacer("/", "-", "?", "-", "%2F", "-", "=", "-").Replace(path))
	}
}
