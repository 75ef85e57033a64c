package app_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestSafetyAPI reads the hazard log, the suggestions, the plan reviews and
// the board over the API; every answer is checked against the OpenAPI
// document by apptest.
func TestSafetyAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		cso := a.SignIn(t, apptest.SafetyOfficer)
		var hazards struct {
			Items []struct {
				Code     string `json:"code"`
				Title    string `json:"title"`
				Residual *struct {
					Risk int `json:"risk"`
				} `json:"residual"`
				Links []struct {
					Kind string `json:"kind"`
					ID   string `json:"id"`
				} `json:"links"`
			} `json:"items"`
		}
		getJSON(t, cso, "/api/v1/hazards", &hazards)
		if len(hazards.Items) != 6 || hazards.Items[0].Code != "H-001" || hazards.Items[0].Residual.Risk != 3 {
			t.Errorf("hazards %+v", hazards.Items)
		}
		epr := demoHazard(t, a, "Electronic patient record unavailable")
		var one struct {
			Title string `json:"title"`
		}
		getJSON(t, cso, "/api/v1/hazards/"+epr.ID, &one)
		if one.Title != epr.Title {
			t.Errorf("hazard %q", one.Title)
		}
		var suggestions struct {
			Items []struct {
				Key string `json:"key"`
			} `json:"items"`
		}
		getJSON(t, cso, "/api/v1/hazard-suggestions", &suggestions)
		if len(suggestions.Items) == 0 {
			t.Error("no suggestions")
		}
		var plans struct {
			Items []struct {
				Decision string `json:"decision"`
			} `json:"items"`
		}
		getJSON(t, cso, "/api/v1/plan-reviews", &plans)
		if len(plans.Items) != 2 {
			t.Errorf("plans %+v", plans.Items)
		}
		var figures struct {
			Items []struct {
				Key   string `json:"key"`
				Trend []struct {
					Value float64 `json:"value"`
				} `json:"trend"`
			} `json:"items"`
		}
		getJSON(t, cso, "/api/v1/board", &figures)
		if len(figures.Items) == 0 || len(figures.Items[0].Trend) < 2 {
			t.Errorf("board %+v", figures.Items)
		}
		nurse := a.SignIn(t, apptest.Nurse)
		if res := nurse.Get("/api/v1/hazards"); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff reading the hazard log: %d", res.StatusCode)
		}
		practice := a.SignIn(t, apptest.PracticeAdmin)
		if res := practice.Get("/api/v1/hazards/" + epr.ID); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's hazard: %d", res.StatusCode)
		}
	})
}

func getJSON(t *testing.T, c *apptest.Client, path string, v any) {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Body)
	}
	if err := json.Unmarshal([]byte(res.Body), v); err != nil {
		t.Fatal(err)
	}
}
