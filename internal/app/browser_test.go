package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

func TestBrowserSignInShowsHome(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 60*time.Second)
	// Start from the home page: signed out, it must lead to the sign-in form.
	err := chromedp.Do(ctx,
		chromedp.Navigate(a.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), apptest.Nurse),
		chromedp.SendKeys(chromedp.CSS(`#password`), a.Passwords[apptest.Nurse]),
		chromedp.Click(chromedp.CSS(`form[action="/sign-in"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.vigil-org-name`)),
	)
	if err != nil {
		t.Fatalf("sign-in journey: %v", err)
	}
	browsertest.Screenshot(t, ctx, "home")
	text := func(sel string) string { return browsertest.Text(t, ctx, sel) }
	if h := text(`h1`); h != "Hello Grace" {
		t.Errorf("heading %q, want Hello Grace", h)
	}
	if l := text(`.vigil-report-link`); l != "Report something suspicious" {
		t.Errorf("report link %q", l)
	}
	if o := text(`.vigil-org-name`); !strings.Contains(o, "Riverside") {
		t.Errorf("header organisation %q", o)
	}
	// NHS blue from the NHS.UK frontend stylesheet: the assets are served and the CSP lets them load.
	colour, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.nhsuk-header')).backgroundColor`))
	if err != nil || colour != "rgb(0, 94, 184)" {
		t.Errorf("header background %q (%v), want NHS blue rgb(0, 94, 184)", colour, err)
	}

	// The NHS.UK frontend's JavaScript started: the header component marked itself initialised.
	started, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.nhsuk-header').hasAttribute('data-nhsuk-header-init')`))
	if err != nil || !started {
		t.Errorf("the NHS.UK header component did not start (%v)", err)
	}

	// Sign out from the header, as on a shared ward computer.
	err = chromedp.Do(ctx, browsertest.SignOut())
	if err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if main := text(`main`); !strings.Contains(main, "You have signed out") {
		t.Errorf("after sign-out the page says %q", main)
	}
}
