package app_test

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/app/browsertest"
)

// TestBrowserCrawlEveryPage signs in as each demo role on a phone and on a
// desktop and visits every page the menu and the pages' own links lead to,
// so a page added by any capability is checked without being listed here.
// Each page is checked with axe-core by the browsertest helper (WCAG 2.2 A
// and AA, serious and critical), and must answer without an error, log no
// console error, load all its assets and, on the phone, never scroll sideways.
func TestBrowserCrawlEveryPage(t *testing.T) {
	a := apptest.Start(t)
	roles := []struct {
		name, email string
		atLeast     int // pages the role can certainly reach: a crawl that finds fewer is broken
	}{
		{"staff", apptest.Nurse, 4},
		{"buddy", apptest.Buddy, 8},
		{"security analyst", apptest.Analyst, 15},
		{"clinical safety officer", apptest.SafetyOfficer, 15},
		{"org admin", apptest.Admin, 10},
		{"central analyst", apptest.CentralAnalyst, 6},
	}
	for _, r := range roles {
		for _, vp := range []browsertest.Screen{browsertest.Phone, browsertest.Desktop} {
			t.Run(r.name+"/"+vp.Name, func(t *testing.T) {
				t.Parallel() // each in a browser of its own; pages only read, so they can share the app
				ctx := browsertest.Journey(t, 10*time.Minute)
				if err := chromedp.Do(ctx, vp.Use(), browsertest.SignIn(a.URL, r.email, a.Passwords[r.email])); err != nil {
					t.Fatalf("sign in: %v", err)
				}
				visited := crawl(t, ctx, a.URL, vp)
				t.Logf("%s on a %s: %d pages: %s", r.name, vp.Name, len(visited), strings.Join(visited, " "))
				if len(visited) < r.atLeast {
					t.Errorf("reached only %d pages, want at least %d: %v", len(visited), r.atLeast, visited)
				}
				checked := map[string]bool{}
				for _, p := range browsertest.Checked(t, ctx) {
					checked[p] = true
				}
				for _, p := range visited {
					if !checked[p] {
						t.Errorf("%s was visited but never checked for accessibility", p)
					}
				}
			})
		}
	}
}

// Crawl bounds: pages of one shape (/hazards/ID) look alike, so a few of each
// are enough, and a crawl must end whatever the pages link to. A role that
// reaches more pages than maxPages fails the test, so the bound is raised
// rather than pages going unchecked.
const (
	maxPages         = 250
	maxPagesPerShape = 3
)

// idSegment is a path segment that names one record rather than a page.
var idSegment = regexp.MustCompile(`^[0-9A-Z]{26}$|^[0-9]+$|^[0-9a-f-]{32,36}$`)

// shape is a link with its record ids, the last part of a deep path (one
// care-map asset, one CAF outcome) and its query values blanked.
func shape(u *url.URL) string {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segs {
		if idSegment.MatchString(s) {
			segs[i] = "{id}"
		}
	}
	if last := len(segs) - 1; last >= 2 && segs[last] != "{id}" {
		segs[last] = "{x}"
	}
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return "/" + strings.Join(segs, "/") + "?" + strings.Join(keys, "&")
}

// link is one link found on a page.
type link struct {
	Href     string `json:"href"`
	Download bool   `json:"download"`
}

// crawl visits pages breadth first from the home page and returns the paths it
// reached (after redirects).
func crawl(t *testing.T, ctx context.Context, base string, vp browsertest.Screen) []string {
	t.Helper()
	origin, _ := url.Parse(base)
	queue := []string{base + "/"}
	from := map[string]string{base + "/": "the sign-in"}
	queued := map[string]bool{base + "/": true}
	shapes := map[string]int{}
	var visited []string
	seen := map[string]bool{}
	for len(queue) > 0 && len(visited) < maxPages {
		next := queue[0]
		queue = queue[1:]
		res, err := chromedp.RunResponse(ctx, chromedp.Navigate(next))
		if err != nil {
			t.Errorf("open %s (linked from %s): %v", next, from[next], err)
			continue
		}
		if res.Status >= 400 {
			t.Errorf("%s (linked from %s) answered %d", next, from[next], res.Status)
		}
		here, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
		if err != nil {
			t.Fatalf("read the address of %s: %v", next, err)
		}
		if !seen[here] {
			seen[here] = true
			visited = append(visited, here)
		}
		if vp.Mobile {
			over, culprit, err := vp.Overflow(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if over > 0 {
				t.Errorf("%s is %d px wider than a %d px phone, from %s: it scrolls sideways", here, over, vp.Width, culprit)
			}
		}
		var links []link
		links, err = chromedp.Run(ctx, chromedp.Evaluate[[]link](`Array.from(document.querySelectorAll('a[href]'), (a) => ({href: new URL(a.getAttribute('href'), location.href).href, download: a.hasAttribute('download')}))`))
		if err != nil {
			t.Fatalf("read the links of %s: %v", here, err)
		}
		for _, l := range links {
			u, err := url.Parse(l.Href)
			if err != nil || u.Host != origin.Host || l.Download || !isPage(u) {
				continue
			}
			u.Fragment = ""
			target := u.String()
			if queued[target] {
				continue
			}
			queued[target] = true
			if shapes[shape(u)] >= maxPagesPerShape {
				continue
			}
			if !isHTML(t, ctx, target) {
				continue
			}
			shapes[shape(u)]++
			from[target] = here
			queue = append(queue, target)
		}
	}
	if len(queue) > 0 {
		t.Errorf("stopped after %d pages with %d still to visit: raise maxPages", maxPages, len(queue))
	}
	return visited
}

// isPage leaves out what is not a page to read: assets, the API, files.
func isPage(u *url.URL) bool {
	p := u.Path
	return !strings.HasPrefix(p, "/assets/") && !strings.HasPrefix(p, "/api/") && p != "/sign-out" && path.Ext(p) == ""
}

// isHTML asks the server, as the page would, whether a link leads to a page
// rather than a download.
func isHTML(t *testing.T, ctx context.Context, target string) bool {
	t.Helper()
	ct, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q, {method: "HEAD"}).then((r) => r.headers.get("Content-Type") || "")`, target), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("ask for %s: %v", target, err)
	}
	return strings.HasPrefix(ct, "text/html")
}
