package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAdminAddsAnUnknownHostToTheCareMap: on a phone, an administrator
// opens an alert Vigil could not place, adds its host to the printing system,
// and is brought back to the alert, which now says what it means for patients.
// The form fits the phone's width and passes the accessibility checks.
func TestBrowserAdminAddsAnUnknownHostToTheCareMap(t *testing.T) {
	a := apptest.Start(t)
	spooler := demoAlert(t, a, "DA-SPOOL-002")
	ctx := browsertest.Journey(t, 90*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.Admin, a.Passwords[apptest.Admin]),
		chromedp.Navigate(a.URL+"/monitoring/alerts/"+spooler.ID),
		chromedp.Click(chromedp.CSS(`a[href="/monitoring/alerts/`+spooler.ID+`/caremap"]`)),
		chromedp.WaitVisible(chromedp.CSS(`label[for="place"]`)),
	)
	if err != nil {
		t.Fatalf("opening the form: %v", err)
	}
	over, culprit, err := browsertest.Window.Overflow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`label[for="place"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#asset`)),
		chromedp.SetValue(chromedp.CSS(`#asset`), "printing"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#asset`)),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if err != nil {
		t.Fatalf("adding the host: %v", err)
	}
	if over > 0 {
		t.Errorf("the form is %d px wider than the phone, from %s", over, culprit)
	}
	browsertest.Screenshot(t, ctx, "monitoring-alert-caremap")
	if s := browsertest.Text(t, ctx, `main`); !strings.Contains(s, "prt-srv-03 is now in the care map") || !strings.Contains(s, "What it could do to patients") {
		t.Errorf("after adding: %q", s)
	}
}
