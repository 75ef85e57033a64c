package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// trustScenarioID is the id of one of the demo trust's saved scenarios.
func trustScenarioID(t *testing.T, a *apptest.App) string {
	t.Helper()
	var id string
	err := a.DB.QueryRow(context.Background(), `SELECT s.id FROM impact_scenarios s JOIN organisations o ON o.id = s.org_id
		WHERE o.code = $1 ORDER BY s.name LIMIT 1`, apptest.TrustCode).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestGPPracticeCannotReachTheTrustsCareMap: the practice's people and tokens can neither
// read nor change the trust's map, scenarios or impact results.
func TestGPPracticeCannotReachTheTrustsCareMap(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		scenario := trustScenarioID(t, a)
		gp := a.SignIn(t, apptest.PracticeAdmin)

		// Pages: the practice has no map; the trust's scenario is not found.
		if body := pageSays(t, gp, "/caremap", http.StatusOK, "There is no care map for Elm Tree Surgery yet"); strings.Contains(body, "CityPath") {
			t.Error("the practice sees the trust's map")
		}
		pageSays(t, gp, "/caremap/services/ed", http.StatusNotFound)
		pageSays(t, gp, "/caremap/what-if?target=citypath-lims&mode=unavailable&duration=14d", http.StatusNotFound)
		pageSays(t, gp, "/caremap/critical", http.StatusNotFound, "There is no care map for Elm Tree Surgery yet")
		pageSays(t, gp, "/caremap/scenarios/"+scenario, http.StatusNotFound)
		for _, path := range []string{"/caremap/scenarios/" + scenario + "/run", "/caremap/scenarios/" + scenario + "/delete"} {
			if res := gp.PostForm(path, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s by the practice: %d, want 404", path, res.StatusCode)
			}
		}
		// Uploading the trust's file into the practice is refused.
		if res := upload(t, gp, "/caremap/upload", "file", "demo.yaml", string(demomap.YAML())); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("the trust's file into the practice: %d", res.StatusCode)
		}
		if res := gp.PostForm("/caremap/services/ed/edit", url.Values{"revision": {"1"}, "consequence": {"minor"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice editing the trust's ED: %d", res.StatusCode)
		}

		// API: the practice's token, with every care map scope.
		token := tokenFor(t, a, apptest.PracticeCode, vigil.ReadCareMap, vigil.WriteCareMap, vigil.WriteScenarios)
		for _, call := range []struct{ method, path, body string }{
			{"GET", "/api/v1/caremap", ""},
			{"GET", "/api/v1/caremap/critical", ""},
			{"POST", "/api/v1/impact", `{"events": [{"target": "citypath-lims", "mode": "unavailable"}]}`},
			{"GET", "/api/v1/scenarios/" + scenario, ""},
			{"PUT", "/api/v1/scenarios/" + scenario, `{"name": "Mine now", "events": [{"target": "epr", "mode": "unavailable"}]}`},
			{"POST", "/api/v1/scenarios/" + scenario + "/run", ""},
			{"DELETE", "/api/v1/scenarios/" + scenario, ""},
		} {
			var body *strings.Reader
			if call.body != "" {
				body = strings.NewReader(call.body)
			}
			res := a.API(t, token, call.method, call.path, "application/json", readerOrNil(body))
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s by the practice: %d, want 404: %s", call.method, call.path, res.StatusCode, res.Body)
			}
		}
		res := a.API(t, token, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(string(demomap.YAML())))
		if p := decodeProblem(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(p.Errors["file"], "organisation code is DEMO") {
			t.Errorf("the trust's map PUT by the practice: %d %+v", res.StatusCode, p)
		}
		if res := a.API(t, token, "GET", "/api/v1/scenarios", "", nil); !strings.Contains(res.Body, `"items": []`) {
			t.Errorf("the practice lists scenarios: %s", res.Body)
		}

		// The trust's map and scenario are as they were.
		if careMapRevision(t, a) != 1 {
			t.Error("the trust's map changed")
		}
		trust := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap)
		if res := a.API(t, trust, "GET", "/api/v1/scenarios/"+scenario, "", nil); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Mine now") {
			t.Errorf("the trust's scenario after the practice's attempts: %d %s", res.StatusCode, res.Body)
		}
	})
}

// readerOrNil keeps a nil *strings.Reader from becoming a non-nil io.Reader.
func readerOrNil(r *strings.Reader) io.Reader {
	if r == nil {
		return nil
	}
	return r
}
