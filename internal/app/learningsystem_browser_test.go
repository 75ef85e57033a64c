package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
	"github.com/vigil-health/vigil/internal/training/lrs/lrstest"
)

// TestBrowserLearningSystemPages: an org admin on a phone reads why quiz
// results were refused, sends them again, and corrects a wrong address;
// every page, the table of problems and the error summary included, is
// checked for accessibility by the browser helper.
func TestBrowserLearningSystemPages(t *testing.T) {
	a := apptest.StartWith(t, apptest.SQLite, func(c *app.Config) { c.LRSAllowLoopback = true })
	store := lrstest.NewPlain(t, "vigil-demo", "the-store-secret-0042")
	store.Refuse(func(string) string { return "this store takes no statements about lessons" })
	admin := a.SignIn(t, apptest.Admin)
	if res := admin.PostForm("/training/learning-system", url.Values{"endpoint": {store.Server.URL + "/xapi"}, "key": {store.Key},
		"secret": {store.Secret}, "enabled": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	l, _ := a.Content.Lessons.Lesson("spotting-phishing")
	passedPath(t, a.SignIn(t, apptest.Nurse), l)
	if _, err := a.LRS.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.Journey(t, 90*time.Second)
	if err := chromedp.Do(ctx, browsertest.Phone.Use(), browsertest.SignIn(a.URL, apptest.Admin, a.Passwords[apptest.Admin]),
		chromedp.Navigate(a.URL+"/training/learning-system/deliveries"), chromedp.WaitVisible(chromedp.CSS(`#problems`))); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "learning-system-deliveries")
	if text := browsertest.Text(t, ctx, "#problems"); !strings.Contains(text, "this store takes no statements about lessons") || !strings.Contains(text, "Refused") {
		t.Errorf("the problems table says %q", text)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action$="/retry"] button`)), chromedp.WaitVisible(chromedp.CSS(`#flash-title`))); err != nil {
		t.Fatal(err)
	}
	if queued := browsertest.Text(t, ctx, "#queued"); queued != "6" {
		t.Errorf("after sending again, %s wait", queued)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training/learning-system"), chromedp.WaitVisible(chromedp.CSS(`#endpoint`)),
		chromedp.SetValue(chromedp.CSS(`#endpoint`), "lrs.example.nhs.uk"),
		chromedp.Click(chromedp.CSS(`form[action="/training/learning-system"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary`))); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "learning-system-settings-error")
	if text := browsertest.Text(t, ctx, ".nhsuk-error-summary"); !strings.Contains(text, "https://") {
		t.Errorf("the error summary says %q", text)
	}
	if secret := browsertest.Text(t, ctx, "#secret-hint"); !strings.Contains(secret, "never shown again") {
		t.Errorf("the secret's hint says %q", secret)
	}
}
