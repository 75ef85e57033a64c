// Package apptest starts a whole Vigil for tests: a real HTTP server on a
// free port, a migrated database (SQLite in a temporary folder, or a
// throw-away PostgreSQL database), and the demo organisations, with clients
// that sign in as the demo people.
package apptest

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/demo"
)

// Demo accounts by e-mail address.
const (
	Nurse          = "staff@riverside.example"
	Buddy          = "buddy@riverside.example"
	Analyst        = "analyst@riverside.example"
	SafetyOfficer  = "cso@riverside.example"
	Admin          = "admin@riverside.example"
	PracticeAdmin  = "admin@elmtree.example"
	CentralAnalyst = "central@csoc.example"
	NationalAdmin  = "admin@csoc.example"
	PracticeCode   = "DEMOGP"
	NationalCode   = "CSOC"
	TrustCode      = demo.Code
)

// App is a running Vigil with its demo passwords.
type App struct {
	*app.App
	URL       string
	Passwords map[string]string // e-mail → password
	contract  *contract
}

// Engine chooses the database.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Each runs fn against a fresh app on every engine (PostgreSQL skipped, saying so, when not configured).
func Each(t *testing.T, fn func(t *testing.T, a *App)) {
	for _, e := range []Engine{SQLite, Postgres} {
		t.Run(string(e), func(t *testing.T) { fn(t, StartOn(t, e)) })
	}
}

// Start runs a fresh app on SQLite.
func Start(t testing.TB) *App { return StartOn(t, SQLite) }

// StartOn runs a fresh app on the given engine until the test ends.
func StartOn(t testing.TB, e Engine) *App {
	t.Helper()
	return StartWith(t, e, nil)
}

// StartWith is StartOn with a chance to change the configuration first.
func StartWith(t testing.TB, e Engine, configure func(*app.Config)) *App {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	if configure != nil {
		configure(&cfg)
	}
	passwords := copyInto(t, e, &cfg)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		cancel()
		t.Fatalf("start app: %v", err)
	}
	if err := a.Listen(); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		a.Close()
	})
	return &App{App: a, URL: a.URL(), Passwords: passwords, contract: &contract{}}
}

// seed gives a new database the demo organisations and returns their
// passwords by e-mail address.
func seed(ctx context.Context, svc demo.Services) (map[string]string, error) {
	seeded, err := demo.Seed(ctx, svc)
	for _, more := range []func(context.Context, demo.Services) error{
		demo.SeedCareMap, demo.SeedSafety, demo.SeedAssurance, demo.SeedMonitoring, demo.SeedVulns,
	} {
		if err != nil {
			return nil, err
		}
		err = more(ctx, svc)
	}
	if err != nil {
		return nil, err
	}
	pw := map[string]string{}
	for _, acc := range seeded.Accounts {
		pw[acc.Email] = acc.Password
	}
	return pw, nil
}

// Client is a browser-like HTTP client: it keeps cookies and sends the CSRF token with forms.
type Client struct {
	t    testing.TB
	app  *App
	HTTP *http.Client
}

// Anonymous returns a client that is not signed in.
func (a *App) Anonymous(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, app: a, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignIn returns a client signed in as a demo account.
func (a *App) SignIn(t testing.TB, email string) *Client {
	t.Helper()
	c := a.Anonymous(t)
	res := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {a.Passwords[email]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	return c
}

// Response is a read response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, "", nil)
}

// PostForm submits a form as a browser would, with the CSRF token.
func (c *Client) PostForm(path string, form url.Values) Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", c.CSRF())
	return c.Do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Do sends a request with a body of the given type.
func (c *Client) Do(method, path, contentType string, body io.Reader) Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.app.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.CSRF())
	}
	return c.send(req)
}

func (c *Client) send(req *http.Request) Response {
	c.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	out := Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
	c.app.contract.check(c.t, c.app, req.Method, req.URL.Path, out)
	return out
}

// CSRF returns the CSRF token, fetching a page first if there is none yet.
func (c *Client) CSRF() string {
	u, _ := url.Parse(c.app.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "vigil_csrf" {
			return ck.Value
		}
	}
	c.send(mustRequest(c.t, http.MethodGet, c.app.URL+"/sign-in"))
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "vigil_csrf" {
			return ck.Value
		}
	}
	c.t.Fatal("no CSRF cookie")
	return ""
}

func mustRequest(t testing.TB, method, u string) *http.Request {
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// API calls the JSON API with a bearer token.
func (a *App) API(t testing.TB, token, method, path, contentType string, body io.Reader) Response {
	t.Helper()
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c := &Client{t: t, app: a, HTTP: http.DefaultClient}
	return c.send(req)
}

var tagPattern = regexp.MustCompile(`<[^>]+>`)

// Text is a page's visible text with tags removed and white space folded,
// for asserting what a person would read.
func Text(page string) string {
	return html.UnescapeString(strings.Join(strings.Fields(tagPattern.ReplaceAllString(page, " ")), " "))
}

// Heading is the page's first h1 text.
func Heading(html string) string {
	i := strings.Index(html, "<h1")
	if i < 0 {
		return ""
	}
	j := strings.Index(html[i:], "</h1>")
	if j < 0 {
		return ""
	}
	return Text(html[i : i+j])
}
