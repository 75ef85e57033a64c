package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestNationalTrainingFigures: the national centre's analyst sees each
// organisation's training coverage on a page and over the API; a trust's
// own lead and admin see neither.
func TestNationalTrainingFigures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		central := a.SignIn(t, apptest.CentralAnalyst)
		page := central.Get("/training/national")
		if page.StatusCode != http.StatusOK {
			t.Fatalf("national training page: %d", page.StatusCode)
		}
		text := apptest.Text(page.Body)
		for _, want := range []string{"Riverside University Hospitals", "Elm Tree", "Coverage by organisation"} {
			if !strings.Contains(text, want) {
				t.Errorf("the national training page lacks %q:\n%s", want, text)
			}
		}
		if home := central.Get("/"); !strings.Contains(home.Body, `href="/training/national"`) {
			t.Error("the national centre's home page does not offer the national training figures")
		}
		var got struct {
			Overall struct {
				People int `json:"people"`
			} `json:"overall"`
			ByOrg []struct {
				Key    string `json:"key"`
				People int    `json:"people"`
			} `json:"by_organisation"`
		}
		getJSON(t, central, "/api/v1/training/national", &got)
		sum, codes := 0, map[string]bool{}
		for _, o := range got.ByOrg {
			sum += o.People
			codes[o.Key] = true
		}
		if !codes[apptest.TrustCode] || !codes[apptest.PracticeCode] || codes[apptest.NationalCode] || sum != got.Overall.People || sum < 25 {
			t.Errorf("national figures: %+v", got)
		}
		for _, who := range []string{apptest.Admin, apptest.Analyst} {
			c := a.SignIn(t, who)
			if r := c.Get("/training/national"); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s opened the national training page: %d", who, r.StatusCode)
			}
			if r := c.Get("/api/v1/training/national"); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s read the national training figures: %d", who, r.StatusCode)
			}
		}
	})
}
