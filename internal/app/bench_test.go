package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/loadtest"
)

// BenchmarkSignedInPage is one signed-in page view end to end over HTTP:
// session lookup, scope and roles from the database, template render.
func BenchmarkSignedInPage(b *testing.B) {
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			a := apptest.StartOn(b, e)
			c := a.SignIn(b, apptest.Admin)
			for b.Loop() {
				if res := c.Get("/admin/people"); res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}

// BenchmarkAPIWithToken is one API call authenticated by a bearer token.
func BenchmarkAPIWithToken(b *testing.B) {
	a := apptest.Start(b)
	c := a.SignIn(b, apptest.Admin)
	res := c.Do(http.MethodPost, "/api/v1/tokens", "application/json", strings.NewReader(`{"name":"bench","scopes":["people:read"]}`))
	token := secretPattern.FindString(res.Body)
	if token == "" {
		b.Fatalf("no token: %s", res.Body)
	}
	for b.Loop() {
		if r := a.API(b, token, "GET", "/api/v1/users?limit=50", "", nil); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// BenchmarkReportIntake is a phishing wave: 50 clients posting small
// reported e-mails at once over HTTP, each iteration one report. Run with
// -benchtime=2000x; it reports reports/s and the 99th-percentile wait.
func BenchmarkReportIntake(b *testing.B) {
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			// Measure what a node can take, not what it lets one token send.
			a := apptest.StartWith(b, e, func(c *app.Config) { c.IntakePerToken, c.IntakePerOrg = 1e6, 1e6 })
			c := a.SignIn(b, apptest.Admin)
			res := c.Do(http.MethodPost, "/api/v1/tokens", "application/json", strings.NewReader(`{"name":"mailbox","scopes":["reports:create"]}`))
			token := secretPattern.FindString(res.Body)
			if token == "" {
				b.Fatalf("no token: %s", res.Body)
			}
			load := loadtest.Intake{URL: a.URL, Token: token, Clients: 50, Reports: b.N,
				Reporters: []string{apptest.Nurse, apptest.Buddy, apptest.Analyst, apptest.SafetyOfficer}}
			b.ResetTimer()
			r, err := load.Run(context.Background())
			b.StopTimer()
			if err != nil || r.Failed > 0 {
				b.Fatalf("%v; %s", err, r.FirstFail)
			}
			b.ReportMetric(r.PerSecond(), "reports/s")
			b.ReportMetric(float64(r.Percentile(99).Milliseconds()), "p99-ms")
		})
	}
}
