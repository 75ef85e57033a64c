package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserFinishALessonOffline: the nurse opens a lesson with a signal,
// loses it (the service worker too), reads the rest of the lesson and
// answers the quiz from the pages her phone kept, and sends the quiz: it
// waits on the phone. When the signal returns it is sent, and recorded
// exactly once, even after she opens My training again.
func TestBrowserFinishALessonOffline(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 120*time.Second)
	l, _ := a.Content.Lessons.Lesson("medical-devices-and-networks")
	grace, _, err := a.Orgs.ActivePersonByEmail(context.Background(), mustSystem(t, a, apptest.TrustCode), apptest.Nurse)
	if err != nil {
		t.Fatal(err)
	}
	attempts := func() int {
		var n int
		if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM training_attempts WHERE lesson_id = $1 AND user_id = $2`, l.ID, grace).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	offline := func(off bool) {
		t.Helper()
		yes := true
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &yes,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatal(err)
		}
	}

	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(375, 812),
		browsertest.SignIn(a.URL, apptest.Nurse, a.Passwords[apptest.Nurse]),
		chromedp.Navigate(a.URL+"/training/lessons/"+l.ID),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the phone has kept the whole lesson, and the service worker looks after the page.
	want := 7 + len(l.Screens) + len(l.Quiz)
	for _, q := range l.Quiz {
		want += len(q.Options)
	}
	kept := 0
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		kept, err = chromedp.Run(ctx, chromedp.Evaluate[int](
			`navigator.serviceWorker.ready.then(() => caches.open("vigil-lesson-`+l.ID+`")).then((c) => c.keys()).then((k) => k.length)`, chromedp.EvalAwaitPromise))
		if err == nil && kept == want {
			break
		}
	}
	if kept != want {
		t.Fatalf("the phone kept %d pages, want %d (%v)", kept, want, err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil { // now under the service worker
		t.Fatal(err)
	}

	offline(true)
	// Really offline: a page the phone did not keep cannot be reached; the lesson's first screen can.
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training")); err == nil {
		if h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1") ? document.querySelector("h1").textContent : ""`)); h == "My training" {
			t.Fatal("My training loaded with no signal: the test is not offline")
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training/lessons/"+l.ID), chromedp.WaitVisible(chromedp.CSS(`a.nhsuk-back-link__link[href="/training"]`))); err != nil {
		t.Fatalf("the kept first screen offline: %v", err)
	}
	for n := 1; n < len(l.Screens); n++ {
		press(t, ctx, `main a.nhsuk-button`)
		waitFor(t, ctx, fmt.Sprintf(`a.nhsuk-back-link__link[href$="/screens/%d"]`, n))
	}
	press(t, ctx, `main a.nhsuk-button`)
	for i, q := range l.Quiz {
		id := fmt.Sprintf("q%d", i+1)
		if c := q.Right(); c > 0 {
			id += fmt.Sprintf("-%d", c)
		}
		press(t, ctx, `label[for="`+id+`"]`)
		press(t, ctx, `main button[type=submit]`)
		waitFor(t, ctx, `.vigil-feedback--right`)
		if i < len(l.Quiz)-1 {
			press(t, ctx, `main a.nhsuk-button`)
		}
	}
	press(t, ctx, `form[data-quiz-result] button`)
	waitFor(t, ctx, `#offline-saved:not([hidden])`)
	browsertest.Screenshot(t, ctx, "training-offline-saved")
	if n := attempts(); n != 0 {
		t.Fatalf("%d attempts recorded while offline", n)
	}

	offline(false)
	for deadline := time.Now().Add(10 * time.Second); attempts() == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // a second flush, had the queue kept anything, would be under way
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](`JSON.parse(localStorage.getItem("vigil-training-queue") || "[]").length`))
	if n := attempts(); n != 1 || err != nil || left != 0 {
		t.Errorf("after the signal came back: %d attempts recorded, %d still waiting (%v); want 1 and 0", n, left, err)
	}
	var passed bool
	if err := a.DB.QueryRow(context.Background(), `SELECT passed FROM training_attempts WHERE lesson_id = $1 AND user_id = $2`, l.ID, grace).Scan(&passed); err != nil || !passed {
		t.Errorf("the offline quiz did not pass: %v", err)
	}
}
