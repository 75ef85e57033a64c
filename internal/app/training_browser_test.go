package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserNurseTakesALessonOnHerPhone: on a 375 px phone screen, the
// demo nurse opens My training, reads a lesson screen by screen, gets one
// question wrong and is told why, fails the quiz, tries again and passes.
// No page is wider than the phone.
func TestBrowserNurseTakesALessonOnHerPhone(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 120*time.Second)
	l, _ := a.Content.Lessons.Lesson("when-systems-go-down")
	narrow := func(where string) {
		t.Helper()
		if over, culprit, err := browsertest.Phone.Overflow(ctx); err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone, from %s (%v)", where, over, culprit, err)
		}
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(375, 812),
		browsertest.SignIn(a.URL, apptest.Nurse, a.Passwords[apptest.Nurse]),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	press(t, ctx, `a.nhsuk-card__link[href="/training"]`)
	waitFor(t, ctx, `a[href="/training/lessons/`+l.ID+`"]`)
	narrow("My training")
	browsertest.Screenshot(t, ctx, "training-mine")
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Call Tom Hughes on 0300 555 0150") {
		t.Errorf("My training does not offer the buddy's number: %s", s)
	}
	press(t, ctx, `a[href="/training/lessons/`+l.ID+`"]`)
	for n, screen := range l.Screens {
		back := "/training" // each screen's back link names the one before, so this waits for the new page
		if n > 0 {
			back = fmt.Sprintf("/training/lessons/%s/screens/%d", l.ID, n)
		}
		waitFor(t, ctx, `a.nhsuk-back-link__link[href="`+back+`"]`)
		if h := textOf(t, ctx, "h1"); h != screen.Title {
			t.Errorf("screen %d heading %q, want %q", n+1, h, screen.Title)
		}
		narrow(fmt.Sprintf("screen %d", n+1))
		press(t, ctx, `main a.nhsuk-button`)
	}
	answer := func(wrong bool) {
		t.Helper()
		for i, q := range l.Quiz {
			choice := q.Right()
			if wrong && i == 0 {
				choice = (choice + 1) % len(q.Options)
			}
			id := fmt.Sprintf("q%d", i+1)
			if choice > 0 {
				id += fmt.Sprintf("-%d", choice)
			}
			press(t, ctx, `label[for="`+id+`"]`)
			press(t, ctx, `main button[type=submit]`)
			waitFor(t, ctx, `[class*="vigil-feedback--"]`)
			narrow(fmt.Sprintf("feedback %d", i+1))
			want := "That's right"
			if choice != q.Right() {
				want = "Not quite"
				browsertest.Screenshot(t, ctx, "training-feedback-wrong")
			}
			if h := textOf(t, ctx, "h1"); h != want {
				t.Errorf("question %d feedback %q, want %q", i+1, h, want)
			}
			press(t, ctx, `main .nhsuk-button`)
		}
		waitFor(t, ctx, `main ol.nhsuk-list--number`) // the list of answers is on the result page only
	}
	answer(true)
	if h := textOf(t, ctx, "h1"); h != "Not this time" {
		t.Fatalf("after a wrong answer the result is %q", h)
	}
	narrow("the result")
	browsertest.Screenshot(t, ctx, "training-failed")
	press(t, ctx, `main a.nhsuk-button`) // try again
	answer(false)
	if h := textOf(t, ctx, "h1"); h != "You passed" {
		t.Fatalf("after the retry the result is %q", h)
	}
	browsertest.Screenshot(t, ctx, "training-passed")
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	page := textOf(t, ctx, "main")
	if i := strings.Index(page, "Done"); i < 0 || !strings.Contains(page[i:], l.Title) {
		t.Errorf("the lesson is not under Done: %s", page)
	}
}

// waitFor waits until an element is on a page that has finished loading.
// The training journeys find and press elements from the page's own
// script: a page the service worker serves can be swapped in just after it
// is painted, which would leave the browser driver holding a stale node.
func waitFor(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.readyState === "complete" && document.querySelector(%q) !== null`, sel)))
		if err == nil && found {
			return
		}
	}
	t.Fatalf("%s did not appear", sel)
}

// press waits for an element and clicks it.
func press(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitFor(t, ctx, sel)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).click(), true`, sel))); err != nil {
		t.Fatalf("press %s: %v", sel, err)
	}
}

// textOf is the text of the first element matching a CSS selector, read
// by the page itself once it has finished loading, so that a page the
// service worker swaps in cannot leave the test holding a stale node.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	waitFor(t, ctx, sel)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText.trim()`, sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}
