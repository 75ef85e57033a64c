package app_test

import (
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
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil || over > 0 {
			t.Errorf("%s is %d px wider than the phone (%v)", where, over, err)
		}
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(375, 812),
		browsertest.SignIn(a.URL, apptest.Nurse, a.Passwords[apptest.Nurse]),
		chromedp.Click(chromedp.CSS(`a.nhsuk-card__link[href="/training"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/training/lessons/`+l.ID+`"]`)),
	)
	if err != nil {
		t.Fatalf("open My training: %v", err)
	}
	narrow("My training")
	browsertest.Screenshot(t, ctx, "training-mine")
	if s := browsertest.Text(t, ctx, `main`); !strings.Contains(s, "Call Tom Hughes on 0300 555 0150") {
		t.Errorf("My training does not offer the buddy's number: %s", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/training/lessons/`+l.ID+`"]`))); err != nil {
		t.Fatal(err)
	}
	for n, screen := range l.Screens {
		back := "/training" // each screen's back link names the one before, so this waits for the new page
		if n > 0 {
			back = fmt.Sprintf("/training/lessons/%s/screens/%d", l.ID, n)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`a.nhsuk-back-link__link[href="`+back+`"]`))); err != nil {
			t.Fatal(err)
		}
		if h := browsertest.Text(t, ctx, `h1`); h != screen.Title {
			t.Errorf("screen %d heading %q, want %q", n+1, h, screen.Title)
		}
		narrow(fmt.Sprintf("screen %d", n+1))
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main a.nhsuk-button`))); err != nil {
			t.Fatal(err)
		}
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
			err := chromedp.Do(ctx,
				chromedp.WaitVisible(chromedp.CSS(`label[for="`+id+`"]`)),
				chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)),
				chromedp.Click(chromedp.CSS(`main button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.nhsuk-card__description`)),
			)
			if err != nil {
				t.Fatalf("question %d: %v", i+1, err)
			}
			narrow(fmt.Sprintf("feedback %d", i+1))
			want := "That's right"
			if choice != q.Right() {
				want = "Not quite"
				browsertest.Screenshot(t, ctx, "training-feedback-wrong")
			}
			if h := browsertest.Text(t, ctx, `h1`); h != want {
				t.Errorf("question %d feedback %q, want %q", i+1, h, want)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main .nhsuk-button`))); err != nil {
				t.Fatal(err)
			}
		}
		// The list of answers is on the result page only.
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`main ol.nhsuk-list--number`))); err != nil {
			t.Fatal(err)
		}
	}
	answer(true)
	if h := browsertest.Text(t, ctx, `h1`); h != "Not this time" {
		t.Fatalf("after a wrong answer the result is %q", h)
	}
	narrow("the result")
	browsertest.Screenshot(t, ctx, "training-failed")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main a.nhsuk-button`))); err != nil { // try again
		t.Fatal(err)
	}
	answer(false)
	if h := browsertest.Text(t, ctx, `h1`); h != "You passed" {
		t.Fatalf("after the retry the result is %q", h)
	}
	browsertest.Screenshot(t, ctx, "training-passed")
	if err := chromedp.Do(ctx, chromedp.Navigate(a.URL+"/training"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	page := browsertest.Text(t, ctx, `main`)
	if i := strings.Index(page, "Done"); i < 0 || !strings.Contains(page[i:], l.Title) {
		t.Errorf("the lesson is not under Done: %s", page)
	}
}
