package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserReportAnEmailAndSeeTheVerdict: in a real browser, on a phone-sized
// screen, a nurse uploads a suspicious e-mail and sees the confirmation; an
// analyst gives the verdict; the nurse sees it on My reports.
func TestBrowserReportAnEmailAndSeeTheVerdict(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 90*time.Second)
	eml := filepath.Join(t.TempDir(), "password-expiry.eml")
	if err := os.WriteFile(eml, sharedSample(t, "phish-password-expiry.eml"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := func(sel string) string { return browsertest.Text(t, ctx, sel) }
	signIn := func(email string) chromedp.Action[chromedp.Void] {
		return browsertest.SignIn(a.URL, email, a.Passwords[email])
	}
	signOut := browsertest.SignOut()

	// The nurse reports the e-mail from the yellow bar on every page.
	err := chromedp.Do(ctx,
		signIn(apptest.Nurse),
		chromedp.Click(chromedp.CSS(`.vigil-report-link`)),
		chromedp.WaitVisible(chromedp.CSS(`label[for="kind"]`)),
		chromedp.Click(chromedp.CSS(`label[for="kind"]`)), // A suspicious e-mail
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{eml}),
		chromedp.Click(chromedp.CSS(`label[for="clicked-no"]`)),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)),
		// Straight to checking the answers, with her name on the report unless she changes it.
		chromedp.WaitVisible(chromedp.CSS(`#anonymous`)),
	)
	if err != nil {
		t.Fatalf("report the e-mail: %v", err)
	}
	if check := text(`main`); !strings.Contains(check, "Action required: your NHSmail password expires today") {
		t.Fatalf("check your answers does not show the uploaded e-mail: %s", check)
	}
	if name := text(`#anonymous`); !strings.Contains(name, "Grace Okafor") {
		t.Errorf("the report's name row reads %q", name)
	}
	// Inside the journey the yellow report bar would only push the questions down.
	if bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.vigil-report-bar').length`)); err != nil || bars != 0 {
		t.Errorf("%d report bars inside the report journey (%v)", bars, err)
	}
	browsertest.Screenshot(t, ctx, "report-check")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/send"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#do-now`)),
	)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	browsertest.Screenshot(t, ctx, "report-sent")
	if h := text(`h1`); h != "Report sent" {
		t.Errorf("confirmation heading %q", h)
	}
	if advice := text(`#do-now`); !strings.Contains(advice, "0300 555 0142") {
		t.Errorf("the advice lacks the service desk's number: %s", advice)
	}

	// The analyst gives the verdict from the triage queue.
	err = chromedp.Do(ctx,
		signOut,
		signIn(apptest.Analyst),
		chromedp.Navigate(a.URL+"/triage"),
		chromedp.WaitVisible(chromedp.CSS(`#open-campaigns`)),
		chromedp.Click(chromedp.CSS(`#open-campaigns a`)),
		chromedp.WaitVisible(chromedp.CSS(`#indicators`)),
		chromedp.Click(chromedp.CSS(`label[for="verdict"]`)), // malicious
		chromedp.SendKeys(chromedp.CSS(`#note`), "Thank you. We have blocked this fake NHSmail page."),
		chromedp.Click(chromedp.CSS(`form[action$="/verdict"] button`)),
		// Wait for the page after the verdict, not the form still on screen
		// (#verdict is on both), or the next click lands mid-navigation.
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-notification-banner--success`)),
	)
	if err != nil {
		t.Fatalf("give the verdict: %v", err)
	}
	browsertest.Screenshot(t, ctx, "report-campaign")

	// The nurse sees it on My reports.
	err = chromedp.Do(ctx,
		signOut,
		signIn(apptest.Nurse),
		chromedp.Navigate(a.URL+"/my-reports"),
		chromedp.WaitVisible(chromedp.CSS(`.vigil-verdict`)),
	)
	if err != nil {
		t.Fatalf("My reports: %v", err)
	}
	browsertest.Screenshot(t, ctx, "report-mine")
	if v := text(`.vigil-verdict`); v != "A real scam or attack" {
		t.Errorf("the nurse sees %q", v)
	}
	if mine := text(`main`); !strings.Contains(mine, "We have blocked this fake NHSmail page.") {
		t.Errorf("the analyst's note is not on My reports: %s", mine)
	}
}
