package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/store"
)

func TestSignInShowsHomePage(t *testing.T) {
	a := apptest.Start(t)
	anon := a.Anonymous(t)
	res := anon.Get("/")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/sign-in") {
		t.Fatalf("signed-out home: %d %s, want a redirect to sign in", res.StatusCode, res.Header.Get("Location"))
	}
	nurse := a.SignIn(t, apptest.Nurse)
	home := nurse.Get("/")
	if home.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", home.StatusCode)
	}
	text := apptest.Text(home.Body)
	for _, want := range []string{"Hello Grace", "Riverside University Hospitals NHS Foundation Trust", "Report something suspicious", "Coming soon", "Sign out"} {
		if !strings.Contains(text, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	// A nurse is not shown admin or national areas.
	for _, unwanted := range []string{"Administration", "Organisations"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("nurse's home page shows %q", unwanted)
		}
	}
	if !strings.Contains(home.Body, `href="/report"`) {
		t.Error("no report link")
	}
}

func TestWrongPasswordIsRefusedThenRateLimited(t *testing.T) {
	a := apptest.Start(t)
	c := a.Anonymous(t)
	for i := 0; i < 5; i++ {
		res := c.PostForm("/sign-in", url.Values{"email": {apptest.Nurse}, "password": {"not the password"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d", i+1, res.StatusCode)
		}
		if !strings.Contains(apptest.Text(res.Body), "There is a problem") {
			t.Fatalf("attempt %d: no error summary", i+1)
		}
	}
	res := c.PostForm("/sign-in", url.Values{"email": {apptest.Nurse}, "password": {a.Passwords[apptest.Nurse]}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Too many sign-in attempts") {
		t.Fatalf("after 5 failures the right password got %d, want 429", res.StatusCode)
	}
	// Another person is not locked out by the nurse's failures.
	a.SignIn(t, apptest.Buddy)
}

func TestEmptySignInFormNamesEachField(t *testing.T) {
	a := apptest.Start(t)
	res := a.Anonymous(t).PostForm("/sign-in", url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`href="#email"`, "Enter your email address", `href="#password"`, "Enter your password"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("error summary lacks %q", want)
		}
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	a := apptest.Start(t)
	c := a.SignIn(t, apptest.Nurse)
	res := c.PostForm("/sign-out", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	page := c.Get("/sign-in")
	if !strings.Contains(page.Body, "You have signed out") {
		t.Error("no signed-out message")
	}
	if res := c.Get("/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("home after sign-out: %d, want redirect", res.StatusCode)
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("sessions left: %d (%v)", n, err)
	}
}

func TestIdleSessionIsSignedOut(t *testing.T) {
	a := apptest.Start(t)
	c := a.SignIn(t, apptest.Nurse)
	old := store.Now().Add(-a.Config.IdleTimeout - time.Minute)
	if _, err := a.DB.Exec(context.Background(), `UPDATE sessions SET last_seen_at = $1`, old); err != nil {
		t.Fatal(err)
	}
	res := c.Get("/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("idle session still works: %d", res.StatusCode)
	}
	if page := c.Get("/sign-in"); !strings.Contains(page.Body, "signed out because the session ended") {
		t.Error("no explanation of the idle sign-out")
	}
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	a := apptest.Start(t)
	c := a.SignIn(t, apptest.Admin)
	form := url.Values{"name": {"Ward 99"}, "kind": {"ward"}}
	res := c.Do(http.MethodPost, "/admin/teams", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()+"&csrf_token=forged"))
	// Do sends the real token as a header; strip it by using a raw request instead.
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/admin/teams", strings.NewReader(form.Encode()+"&csrf_token=forged"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	raw, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw.Body.Close()
	if raw.StatusCode != http.StatusForbidden {
		t.Fatalf("forged CSRF token: %d, want 403", raw.StatusCode)
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the header token: %d, want 303", res.StatusCode)
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM teams WHERE name = 'Ward 99'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("teams named Ward 99: %d (%v), want exactly the one made with a real token", n, err)
	}
}

func TestRolesGatePages(t *testing.T) {
	a := apptest.Start(t)
	cases := []struct {
		who, path string
		want      int
	}{
		{apptest.Nurse, "/admin", http.StatusForbidden},
		{apptest.Nurse, "/admin/people", http.StatusForbidden},
		{apptest.Nurse, "/admin/audit", http.StatusForbidden},
		{apptest.Nurse, "/organisations", http.StatusForbidden},
		{apptest.Buddy, "/admin/people", http.StatusOK},
		{apptest.Buddy, "/admin/tokens", http.StatusForbidden},
		{apptest.Analyst, "/admin/audit", http.StatusForbidden},
		{apptest.Admin, "/admin", http.StatusOK},
		{apptest.Admin, "/admin/tokens", http.StatusOK},
		{apptest.Admin, "/admin/audit", http.StatusOK},
		{apptest.Admin, "/admin/settings", http.StatusOK},
		{apptest.Admin, "/organisations", http.StatusForbidden},
		{apptest.CentralAnalyst, "/organisations", http.StatusOK},
	}
	clients := map[string]*apptest.Client{}
	for _, c := range cases {
		if clients[c.who] == nil {
			clients[c.who] = a.SignIn(t, c.who)
		}
		if res := clients[c.who].Get(c.path); res.StatusCode != c.want {
			t.Errorf("%s GET %s: %d, want %d", c.who, c.path, res.StatusCode, c.want)
		}
	}
	orgs := apptest.Text(clients[apptest.CentralAnalyst].Get("/organisations").Body)
	for _, name := range []string{"Riverside University Hospitals", "Elm Tree Surgery", "National Health Cyber Operations Centre"} {
		if !strings.Contains(orgs, name) {
			t.Errorf("national centre does not see %s", name)
		}
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	a := apptest.Start(t)
	res, err := http.Get(a.URL + "/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'nonce-", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("missing secure headers: %v", res.Header)
	}
	for _, c := range res.Cookies() {
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s is not HttpOnly+SameSite=Lax", c.Name)
		}
	}
}

func TestHealthReadyAndMetrics(t *testing.T) {
	a := apptest.Start(t)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		res, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 64)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		if res.StatusCode != 200 || strings.TrimSpace(string(b[:n])) != want {
			t.Errorf("%s: %d %q", path, res.StatusCode, b[:n])
		}
	}
	a.Anonymous(t).Get("/sign-in")
	m := a.Anonymous(t).Get("/metrics")
	if !strings.Contains(m.Body, `vigil_http_requests_total{route="GET /sign-in",status="200"}`) {
		t.Errorf("metrics do not count the sign-in page by route:\n%.2000s", m.Body)
	}
}

func TestUnknownPageIsNotFound(t *testing.T) {
	a := apptest.Start(t)
	res := a.SignIn(t, apptest.Nurse).Get("/no/such/page")
	if res.StatusCode != http.StatusNotFound || apptest.Heading(res.Body) != "Page not found" {
		t.Fatalf("got %d %q", res.StatusCode, apptest.Heading(res.Body))
	}
}

func TestSignInReturnsOnlyToThisSite(t *testing.T) {
	a := apptest.Start(t)
	for next, want := range map[string]string{"/admin/people": "/admin/people", "/\t/evil.example/x": "/", "//evil.example": "/"} {
		c := a.Anonymous(t)
		res := c.PostForm("/sign-in", url.Values{"email": {apptest.Admin}, "password": {a.Passwords[apptest.Admin]}, "next": {next}})
		if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next=%q: %d to %q, want %q", next, res.StatusCode, got, want)
		}
	}
}

func TestSigningInAgainEndsTheEarlierSession(t *testing.T) {
	a := apptest.Start(t)
	shared := a.SignIn(t, apptest.Nurse)
	res := shared.PostForm("/sign-in", url.Values{"email": {apptest.Buddy}, "password": {a.Passwords[apptest.Buddy]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`, apptest.Nurse).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the nurse's session is still live on the shared computer: %d (%v)", n, err)
	}
}

func TestMetricsAreNotForTheOpenNetwork(t *testing.T) {
	a := apptest.StartWith(t, apptest.SQLite, func(c *app.Config) { c.MetricsToken = "scraper-secret" })
	remote := func(auth string) int {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "192.0.2.10:40000"
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	if code := remote(""); code != http.StatusForbidden {
		t.Errorf("metrics from another host without a token: %d", code)
	}
	if code := remote("Bearer wrong"); code != http.StatusForbidden {
		t.Errorf("metrics with a wrong token: %d", code)
	}
	if code := remote("Bearer scraper-secret"); code != http.StatusOK {
		t.Errorf("metrics with the scraper's token: %d", code)
	}
	// A proxy on this host passes on requests from anywhere: they are not local.
	local := func(header, value string) int {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:40000"
		if header != "" {
			req.Header.Set(header, value)
		}
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	if code := local("", ""); code != http.StatusOK {
		t.Errorf("metrics from a scraper on this host: %d", code)
	}
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		if code := local(h, "203.0.113.5"); code != http.StatusForbidden {
			t.Errorf("metrics forwarded by a proxy on this host (%s): %d", h, code)
		}
	}
}

func TestEveryAnswerOverHTTPSAsksForHTTPSOnly(t *testing.T) {
	a := apptest.StartWith(t, apptest.SQLite, func(c *app.Config) { c.BaseURL = "https://vigil.example.nhs.uk" })
	for _, path := range []string{"/sign-in", "/api/v1/me", "/healthz", "/assets/app.css", "/no-such-page"} {
		req := httptest.NewRequest("GET", path, nil)
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if got := rec.Header().Get("Strict-Transport-Security"); got == "" {
			t.Errorf("%s (%d) has no Strict-Transport-Security", path, rec.Code)
		}
	}
}

func TestSignedOutRequestsCannotSendLargeBodies(t *testing.T) {
	a := apptest.Start(t)
	c := a.Anonymous(t)
	big := url.Values{"email": {strings.Repeat("x", 100<<10)}, "password": {"p"}}
	if res := c.PostForm("/sign-in", big); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusForbidden {
		t.Errorf("a 100 KB sign-in form from someone signed out: %d", res.StatusCode)
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM sign_in_attempts`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the oversized form reached the sign-in check: %d attempts (%v)", n, err)
	}
}

func TestOversizedFormsSaySoAndChangeNothing(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	if r := admin.PostForm("/admin/settings", url.Values{"service_desk_phone": {"0300 555 0000"}, "email_domains": {"riverside.example"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", r.StatusCode)
	}
	// A post with none of the form's fields is not the form: nothing is wiped.
	if r := admin.PostForm("/admin/settings", nil); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty settings post: %d", r.StatusCode)
	}
	if page := apptest.Text(admin.Get("/admin/settings").Body); !strings.Contains(page, "riverside.example") {
		t.Errorf("an empty post wiped the settings")
	}
	// A body with no stated length, cut off at the limit, is answered as too large.
	body := io.MultiReader(strings.NewReader("csrf_token="+admin.CSRF()+"&service_desk_phone="), strings.NewReader(strings.Repeat("9", 27<<20)))
	r := admin.Do(http.MethodPost, "/admin/settings", "application/x-www-form-urlencoded", body)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(r.Body), "too large") {
		t.Errorf("a 27 MB form: %d %s", r.StatusCode, apptest.Text(r.Body))
	}
}

func TestOversizedAPIBodiesNameTheLimit(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	big := `{"name": "` + strings.Repeat("x", 2<<20) + `"}`
	r := admin.Do(http.MethodPost, "/api/v1/teams", "application/json", strings.NewReader(big))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "larger than 1 MB") {
		t.Errorf("a 2 MB JSON body: %d %s", r.StatusCode, r.Body)
	}
}
