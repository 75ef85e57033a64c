// Package browsertest drives a real headless Chromium (Debian's
// chromium-headless-shell) through chromedp for the staff journeys.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/internal/web"
)

// candidates are where Debian installs the browser; VIGIL_CHROME overrides.
var candidates = []string{"/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium"}

// Path finds the browser, or skips the test — except under CI, where a
// missing browser is a broken set-up and fails.
func Path(t testing.TB) string {
	t.Helper()
	paths := candidates
	if p := os.Getenv("VIGIL_CHROME"); p != "" {
		paths = []string{p}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium-headless-shell"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no headless Chromium found under CI; install chromium-headless-shell")
	}
	t.Skip("browser tests skipped: install Debian's chromium-headless-shell (or set VIGIL_CHROME)")
	return ""
}

// New starts a browser for the test and returns a context to run actions in.
// Every page the browser shows is checked with axe-core against WCAG 2.2 A
// and AA, and the test fails on a serious or critical violation, a console
// error or a failed request for a script, stylesheet, font or image.
func New(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path(t)),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(Window.Width), int(Window.Height)), // the staff journeys are phone first
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser; it must not run under a timeout
	// of its own, or the timeout would end the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return watch(t, ctx)
}

// Screenshot saves a full-page PNG when VIGIL_SCREENSHOTS names a folder, for people to look at.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	dir := os.Getenv("VIGIL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(dir+"/"+name+".png", png, 0o644); err != nil {
		t.Errorf("save screenshot: %v", err)
	}
}

// Journey checks the NHS.UK assets are built, starts a browser and returns
// a context that bounds one journey.
func Journey(t testing.TB, limit time.Duration) context.Context {
	t.Helper()
	if !web.HasFrontend() {
		t.Fatal("the NHS.UK frontend assets are missing: run npm ci && npm run build first")
	}
	ctx, cancel := context.WithTimeout(New(t), limit)
	t.Cleanup(cancel)
	return ctx
}

// SignIn signs in through the form, as a person would, and waits for the signed-in header.
func SignIn(baseURL, email, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(baseURL+"/sign-in"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Click(chromedp.CSS(`form[action="/sign-in"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.vigil-org-name`)),
	)
}

// SignOut uses the header's sign-out button and waits for the sign-in form.
func SignOut() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`.nhsuk-header__account-button`)),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
	)
}

// Text is the visible text of the first element matching a CSS selector.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
