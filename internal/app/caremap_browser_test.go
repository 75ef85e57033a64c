package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserWhatIfPathologySupplier: in a real browser on a phone-sized screen, the
// security analyst asks what happens if the pathology supplier's cloud laboratory system
// is unavailable for 14 days, and sees the services ranked with their downtime procedures
// and the picture of how it spreads, drawn with the page's own stylesheet.
func TestBrowserWhatIfPathologySupplier(t *testing.T) {
	a := apptest.Start(t)
	ctx := browsertest.Journey(t, 90*time.Second)
	err := chromedp.Do(ctx,
		browsertest.SignIn(a.URL, apptest.Analyst, a.Passwords[apptest.Analyst]),
		chromedp.Navigate(a.URL+"/caremap"),
		chromedp.Click(chromedp.CSS(`a[href="/caremap/what-if"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#target-citypath-lims`)),
		// The list is long: find the supplier's system by typing part of its name.
		chromedp.SendKeys(chromedp.CSS(`#targets-filter`), "citypath"),
		chromedp.Click(chromedp.CSS(`#target-citypath-lims`)),
		chromedp.Click(chromedp.CSS(`#mode-unavailable`)),
	)
	if err != nil {
		t.Fatalf("what-if form: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#targets .nhsuk-checkboxes__item:not([hidden]) label'), (l) => l.textContent.trim())`))
	if err != nil || len(shown) == 0 || len(shown) > 5 {
		t.Errorf("after typing citypath the list shows %v (%v)", shown, err)
	}
	for _, name := range shown {
		if !strings.Contains(strings.ToLower(name), "citypath") {
			t.Errorf("after typing citypath the list still shows %q", name)
		}
	}
	// The duration box starts at 24h: empty it as a person would, then type.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#duration').value = ''`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#duration`), "14d"),
		chromedp.Click(chromedp.CSS(`#show-impact`)),
		chromedp.WaitVisible(chromedp.CSS(`#services-at-risk`)),
	)
	if err != nil {
		t.Fatalf("what-if journey: %v", err)
	}
	browsertest.Screenshot(t, ctx, "caremap-what-if")
	text := func(sel string) string { return browsertest.Text(t, ctx, sel) }
	if first := strings.Join(strings.Fields(text(`#risk-summary tbody tr:first-child td`)), " "); !strings.HasSuffix(first, "1. Blood transfusion laboratory") {
		t.Errorf("the summary starts with %q", first)
	}
	if h := text(`#services-at-risk > li:first-child h3`); h != "1. Blood transfusion laboratory" {
		t.Errorf("first service %q", h)
	}
	if s := text(`#impact-summary`); !strings.Contains(s, "CityPath cloud laboratory information system is unavailable for 14 days") || !strings.Contains(s, "Risk 5: unacceptable") {
		t.Errorf("summary %q", s)
	}
	procedure := text(`#risk-pathology .vigil-downtime`)
	if !strings.Contains(procedure, "urgent") {
		t.Errorf("pathology's downtime procedure reads %q", procedure)
	}
	services, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#services-at-risk > li').length`))
	if err != nil || services < 5 {
		t.Errorf("%d services at risk (%v)", services, err)
	}
	// The picture is drawn, fits its box on the phone, and takes its colours from app.css
	// (so the CSP let the stylesheet style it).
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#impact-paths rect').length`))
	if err != nil || boxes < services {
		t.Errorf("%d boxes in the picture for %d services (%v)", boxes, services, err)
	}
	fill, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#impact-paths .vigil-paths__node--lost rect')).fill`))
	if err != nil || fill != "rgb(246, 212, 209)" {
		t.Errorf("a lost service's box is filled %q (%v), want the stylesheet's pale red", fill, err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('#impact-paths').getBoundingClientRect().width`))
	if err != nil || width < 200 || width > 500 {
		t.Errorf("picture %d px wide (%v): not readable on a phone", width, err)
	}
}
