package app_test

import (
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestVulnFindingsPage: the demo analyst sees findings ranked by decision then clinical
// risk, with Log4Shell in the electronic patient record first.
func TestVulnFindingsPage(t *testing.T) {
	a := apptest.Start(t)
	analyst := a.SignIn(t, apptest.Analyst)
	res := analyst.Get("/vulnerabilities")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	t.Log(apptest.Text(res.Body))
}
