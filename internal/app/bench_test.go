package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
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
