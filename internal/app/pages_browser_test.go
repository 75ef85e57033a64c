package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserAnalystsMenuOnAPhone: on a 375 px phone the analyst's own work,
// Triage and the care map, shows in the menu rather than under "More".
func TestBrowserAnalystsMenuOnAPhone(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 60*time.Second)
	if err := chromedp.Do(ctx, browsertest.Phone.Use(), browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst])); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.nhsuk-header__navigation-item > a'))
		.filter((a) => a.offsetParent !== null && !a.closest('.nhsuk-header__drop-down') && a.getBoundingClientRect().right <= innerWidth)
		.map((a) => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/triage", "/caremap"} {
		if !strings.Contains(strings.Join(shown, " "), want) {
			t.Errorf("the phone's menu shows %v, without %s", shown, want)
		}
	}
}

// TestBrowserNewTokenOnAPhone: an administrator creates an API token on a
// phone, can read it (the page checks pass axe's contrast rule), copies it
// with one tap, and the tokens table fits the screen.
func TestBrowserNewTokenOnAPhone(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 60*time.Second)
	err := chromedp.Do(ctx, browsertest.Phone.Use(),
		browsertest.SignIn(a.URL, apptest.Admin, a.Passwords[apptest.Admin]),
		chromedp.Navigate(a.URL+"/admin/tokens"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "reporting mailbox"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/tokens"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-token`)),
	)
	if err != nil {
		t.Fatalf("create a token: %v", err)
	}
	browsertest.Screenshot(t, ctx, "admin-new-token")
	secret := browsertest.Text(t, ctx, `#new-token`)
	if !strings.HasPrefix(secret, "vigil_") {
		t.Fatalf("the new token reads %q", secret)
	}
	// Headless Chromium refuses clipboard writes from a tap, so record what
	// the page asks the clipboard to hold.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.clipboard.writeText = async (text) => { window.copied = text; }; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-copy="new-token"]`)), chromedp.WaitVisible(chromedp.CSS(`#new-token-copied`))); err != nil {
		t.Fatalf("copy the token: %v", err)
	}
	if said := browsertest.Text(t, ctx, `#new-token-copied`); !strings.HasPrefix(said, "Copied") {
		t.Errorf("after the copy button the page says %q", said)
	}
	if copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.copied`)); err != nil || copied != secret {
		t.Errorf("the copy button copied %q (%v), want the token", copied, err)
	}
	if over, culprit, err := browsertest.Phone.Overflow(ctx); err != nil || over > 0 {
		t.Errorf("the tokens page is %d px wider than the phone, from %s (%v)", over, culprit, err)
	}
	if scopes := browsertest.Text(t, ctx, `#tokens tbody tr`); !strings.Contains(scopes, "Send reports") {
		t.Errorf("the token's row reads %q, not what it can do in words", scopes)
	}
}
