package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// wcagTags are the axe-core rule sets a page must pass: WCAG 2.0, 2.1 and
// 2.2 at levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// binding is the function the injected script calls to hand results back.
const binding = "vigilCheckReport"

// runner starts axe-core once each page has loaded and reports what it found
// through the binding. It runs in every document the tab opens, before the
// page's own scripts; scripts added through the DevTools protocol are not
// subject to the page's Content Security Policy, so Vigil's CSP stays as
// strict as it is in production.
const runner = `(() => {
  if (window !== window.top || !/^https?:$/.test(location.protocol)) return;
  const report = (m) => window.` + binding + `(JSON.stringify(m));
  report({open: location.href});
  const run = () => axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
    .then((r) => report({done: location.href, violations: r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))}))
    .catch((e) => report({done: location.href, error: String(e)}));
  if (document.readyState === "complete") run(); else addEventListener("load", run, {once: true});
})();`

// checker watches one tab: it runs axe-core on every page the tab shows and
// notes console errors and failed requests, for the test to fail on.
type checker struct {
	mu       sync.Mutex
	changed  *sync.Cond
	open     int                 // pages loaded whose accessibility check has not reported yet
	problems []string            // in the order found, without repeats
	seen     map[string]bool     // problems already noted
	pages    map[string]bool     // paths checked
	docs     map[string]bool     // document URLs: their own status is the test's business
	requests map[string]struct { // requests for sub-resources in flight
		url string
		typ network.ResourceType
	}
}

type checkReport struct {
	Open, Done string
	Error      string
	Violations []struct {
		ID, Impact, Help string
		Targets          []string
	}
}

// axeSource is axe-core from node_modules, found from the test's folder
// upwards. It is installed by npm ci with the pinned version and is never
// part of Vigil's own assets.
func axeSource(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
		if err == nil {
			return string(b)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("axe-core is missing: run npm ci first (the browser tests check every page with it)")
		}
		dir = parent
	}
}

// watch installs the checks in the tab of ctx. They report when the test ends.
func watch(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	c := &checker{seen: map[string]bool{}, pages: map[string]bool{}, docs: map[string]bool{},
		requests: map[string]struct {
			url string
			typ network.ResourceType
		}{}}
	c.changed = sync.NewCond(&c.mu)
	tags, _ := json.Marshal(wcagTags)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tgt, runtime.AddBinding, runtime.AddBindingParams{Name: binding}); err != nil {
			return err
		}
		src := axeSource(t) + "\n" + fmt.Sprintf(runner, tags)
		if _, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			return err
		}
		// Hold every new page until the one showing has been checked, so a
		// test that clicks on at once cannot leave a page unchecked.
		_, err := cdp.Call(ctx, tgt, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{ResourceType: network.ResourceTypeDocument}}})
		return err
	}))
	if err != nil {
		t.Fatalf("install the page checks: %v", err)
	}
	if err := chromedp.Listen(ctx, func(ev any) { c.event(ctx, ev) }); err != nil {
		t.Fatalf("listen to the browser: %v", err)
	}
	t.Cleanup(func() {
		if !c.settle(15 * time.Second) {
			c.note("the accessibility check of the last page did not finish")
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, p := range c.problems {
			t.Error(p)
		}
	})
	return context.WithValue(ctx, checkerKey{}, c)
}

// settle waits until every page shown has been checked, or the time is up.
func (c *checker) settle(limit time.Duration) bool {
	timer := time.AfterFunc(limit, func() {
		c.mu.Lock()
		c.changed.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(limit)
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.open > 0 && time.Now().Before(deadline) {
		c.changed.Wait()
	}
	return c.open == 0
}

// note records a problem once.
func (c *checker) note(p string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.seen[p] {
		c.seen[p] = true
		c.problems = append(c.problems, p)
	}
}

// event runs on the tab's reading goroutine: it must not block or call the browser.
func (c *checker) event(ctx context.Context, ev any) {
	switch e := ev.(type) {
	case *runtime.EventBindingCalled:
		if e.Name == binding {
			c.report(e.Payload)
		}
	case *fetch.EventRequestPaused:
		go c.release(ctx, e.RequestID)
	case *network.EventRequestWillBeSent:
		c.mu.Lock()
		if e.Type == network.ResourceTypeDocument {
			c.docs[e.Request.URL] = true
		} else {
			c.requests[string(e.RequestID)] = struct {
				url string
				typ network.ResourceType
			}{e.Request.URL, e.Type}
		}
		c.mu.Unlock()
	case *network.EventResponseReceived:
		if e.Type != network.ResourceTypeDocument && e.Response.Status >= 400 {
			c.note(fmt.Sprintf("failed request: %s %s answered %d", e.Type, e.Response.URL, e.Response.Status))
		}
	case *network.EventLoadingFailed:
		c.mu.Lock()
		r, ok := c.requests[string(e.RequestID)]
		c.mu.Unlock()
		if ok && !e.Canceled {
			c.note(fmt.Sprintf("failed request: %s %s: %s %s", r.typ, r.url, e.ErrorText, e.BlockedReason))
		}
	case *runtime.EventExceptionThrown:
		c.note("script error: " + e.ExceptionDetails.Text + " " + exceptionText(e.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			c.note("console error: " + strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		if e.Entry.Level != log.EntryLevelError {
			return
		}
		c.mu.Lock()
		doc := c.docs[e.Entry.URL]
		c.mu.Unlock()
		// A page answering 403 or 404 is what some tests mean to see.
		if e.Entry.Source == log.EntrySourceNetwork && doc {
			return
		}
		c.note(fmt.Sprintf("console error (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
	}
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// report takes what the page's script found.
func (c *checker) report(payload string) {
	var r checkReport
	if err := json.Unmarshal([]byte(payload), &r); err != nil {
		c.note("unreadable accessibility report: " + err.Error())
		return
	}
	c.mu.Lock()
	if r.Open != "" {
		c.open++
	} else {
		c.open--
		c.pages[pathOf(r.Done)] = true
	}
	c.changed.Broadcast()
	c.mu.Unlock()
	if r.Error != "" {
		c.note(fmt.Sprintf("axe-core failed on %s: %s", pathOf(r.Done), r.Error))
	}
	for _, v := range r.Violations {
		c.note(fmt.Sprintf("accessibility (%s) on %s: %s [%s] at %s", v.Impact, pathOf(r.Done), v.Help, v.ID, strings.Join(v.Targets, ", ")))
	}
}

// release lets a held page load once the page showing has been checked.
func (c *checker) release(ctx context.Context, id fetch.RequestID) {
	if !c.settle(15 * time.Second) {
		c.note("a page's accessibility check did not finish before the next page")
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		return err
	}))
	if err != nil && ctx.Err() == nil {
		c.note("release a held page: " + err.Error())
	}
}

// Checked waits for the check of the page showing, then lists the paths
// whose accessibility check has run in the tab of ctx, sorted.
func Checked(t testing.TB, ctx context.Context) []string {
	t.Helper()
	c, _ := ctx.Value(checkerKey{}).(*checker)
	if c == nil {
		t.Fatal("Checked needs a context from New or Journey")
	}
	if !c.settle(15 * time.Second) {
		t.Error("the accessibility check of the page showing did not finish")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	paths := make([]string, 0, len(c.pages))
	for p := range c.pages {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

type checkerKey struct{}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.RequestURI()
}
