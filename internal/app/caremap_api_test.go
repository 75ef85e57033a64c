package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

func demoCareMap(t *testing.T) *caremap.Map {
	t.Helper()
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// asJSON decodes a body into generic JSON, so two encodings of one value compare equal.
func asJSON(t *testing.T, body string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, body)
	}
	return v
}

func TestCareMapAPIRoundTripsAndRefusesBadFiles(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap, vigil.WriteCareMap)
		demo := demoCareMap(t)

		// GET gives the stored map, as JSON or as YAML by Accept.
		res := a.API(t, token, "GET", "/api/v1/caremap", "", nil)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("GET JSON: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if m, err := caremap.ParseJSON([]byte(res.Body)); err != nil || !reflect.DeepEqual(m.Contents, demo.Contents) {
			t.Errorf("the JSON is not the demo map (%v)", err)
		}
		yamlRes := acceptAPI(t, a, token, "/api/v1/caremap", "application/yaml, application/json;q=0.5")
		if !strings.HasPrefix(yamlRes.Header.Get("Content-Type"), "application/yaml") {
			t.Fatalf("GET YAML: %s", yamlRes.Header.Get("Content-Type"))
		}
		if m, err := caremap.ParseYAML([]byte(yamlRes.Body)); err != nil || m.Version() != demo.Version() {
			t.Errorf("the YAML is not the demo map (%v)", err)
		}

		// PUT the same map back as YAML: nothing changes.
		res = a.API(t, token, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(yamlRes.Body))
		var summary struct {
			Revision, Services int
			Changed            bool
			Warnings           []string
		}
		if err := json.Unmarshal([]byte(res.Body), &summary); err != nil || res.StatusCode != http.StatusOK || summary.Changed || summary.Revision != 1 || len(summary.Warnings) == 0 {
			t.Errorf("PUT the same map: %d %s", res.StatusCode, res.Body)
		}

		// A bad file: 422 with every problem by line and column, and nothing stored.
		bad := "organisation: {code: DEMO, name: Riverside}\nservices:\n  - id: ed\n    name: ED\n    consequence: catastrofic\n    depends_on: [{asset: wifi, need: requried}]\n"
		res = a.API(t, token, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(bad))
		p := decodeProblem(t, res)
		want := map[string]string{
			"line 5, column 18": `unknown consequence "catastrofic"; use minor, significant, considerable, major or catastrophic`,
			"line 6, column 26": `unknown asset "wifi"`,
			"line 6, column 38": `unknown need "requried"; use required, degraded or optional`,
		}
		if res.StatusCode != http.StatusUnprocessableEntity || !reflect.DeepEqual(p.Errors, want) {
			t.Errorf("bad YAML: %d %+v", res.StatusCode, p.Errors)
		}
		res = a.API(t, token, "PUT", "/api/v1/caremap", "application/json", strings.NewReader(`{"organisation": {"code": "DEMO", "name": "R"}, "services": [{"id": "ED", "name": "x"}]}`))
		if p := decodeProblem(t, res); len(p.Errors) != 2 || !strings.Contains(strings.Join(mapValues(p.Errors), " "), `bad id "ED"`) {
			t.Errorf("bad JSON problems: %+v", p.Errors)
		} else {
			for place := range p.Errors {
				if !strings.HasPrefix(place, "line 1, column ") {
					t.Errorf("a JSON problem without its place: %q", place)
				}
			}
		}
		if res := a.API(t, token, "PUT", "/api/v1/caremap", "text/plain", strings.NewReader("x")); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("text/plain: %d", res.StatusCode)
		}
		if careMapRevision(t, a) != 1 {
			t.Fatal("a refused file changed the stored map")
		}

		// A good change as JSON: the next version.
		c := demo.Contents.Clone()
		c.Services[0].PatientsPerDay = 999
		next, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := next.JSON()
		res = a.API(t, token, "PUT", "/api/v1/caremap", "application/json; charset=utf-8", strings.NewReader(string(body)))
		if err := json.Unmarshal([]byte(res.Body), &summary); err != nil || !summary.Changed || summary.Revision != 2 || summary.Services != 14 {
			t.Errorf("PUT a change: %d %s", res.StatusCode, res.Body)
		}

		// Reading needs caremap:read; changing needs caremap:write.
		reader := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap)
		if res := a.API(t, reader, "PUT", "/api/v1/caremap", "application/json", strings.NewReader(string(body))); res.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only token replaced the map: %d", res.StatusCode)
		}
		people := tokenFor(t, a, apptest.TrustCode, vigil.ReadPeople)
		if res := a.API(t, people, "GET", "/api/v1/caremap", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a token without caremap:read read the map: %d", res.StatusCode)
		}
	})
}

func TestOpenAPIDocumentsTheCareMapAsYAMLAndJSON(t *testing.T) {
	a := apptest.Start(t)
	doc := asJSON(t, a.API(t, "", "GET", "/api/v1/openapi.json", "", nil).Body).(map[string]any)
	put := doc["paths"].(map[string]any)["/api/v1/caremap"].(map[string]any)["put"].(map[string]any)
	content := put["requestBody"].(map[string]any)["content"].(map[string]any)
	if content["application/yaml"] == nil || content["application/json"] == nil {
		t.Errorf("PUT /api/v1/caremap takes %v, want YAML and JSON", content)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"CareMap", "ImpactResult", "CriticalAssets", "Scenario", "ScenarioRun"} {
		if schemas[name] == nil {
			t.Errorf("no %s schema", name)
		}
	}
	// Every reference in the document names a schema it defines.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok && schemas[strings.TrimPrefix(r, "#/components/schemas/")] == nil {
				t.Errorf("dangling reference %s", r)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

func acceptAPI(t *testing.T, a *apptest.App, token, path, accept string) apptest.Response {
	t.Helper()
	req, err := http.NewRequest("GET", a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", accept)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return apptest.Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

func TestImpactAPIGivesTheCommandLineAnswer(t *testing.T) {
	a := apptest.Start(t)
	token := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap)
	res := a.API(t, token, "POST", "/api/v1/impact", "application/json",
		strings.NewReader(`{"events": [{"target": "citypath-lims", "mode": "unavailable", "duration": "14d"}]}`))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("impact: %d %s", res.StatusCode, res.Body)
	}
	want, err := impact.Analyse(demoCareMap(t), []impact.Event{{Target: "citypath-lims", Mode: impact.ModeUnavailable, Duration: 14 * caremap.Day}})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	if !reflect.DeepEqual(asJSON(t, res.Body), asJSON(t, string(wantJSON))) {
		t.Errorf("the API's answer differs from vigil impact --format json:\n%s", res.Body)
	}
	// No duration means 24 hours.
	res = a.API(t, token, "POST", "/api/v1/impact", "application/json", strings.NewReader(`{"events": [{"target": "epr", "mode": "unavailable"}]}`))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"duration": "1d"`) {
		t.Errorf("default duration: %d %s", res.StatusCode, res.Body)
	}
	for body, says := range map[string]string{
		`{"events": [{"target": "nope", "mode": "unavailable"}]}`:                    `"nope"`,
		`{"events": [{"target": "epr", "mode": "down"}]}`:                            `unknown mode "down"`,
		`{"events": [{"target": "epr", "mode": "degraded", "duration": "4 hours"}]}`: `bad duration "4 hours"`,
		`{"events": []}`: "at least one event",
	} {
		res := a.API(t, token, "POST", "/api/v1/impact", "application/json", strings.NewReader(body))
		if p := decodeProblem(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(p.Detail+strings.Join(mapValues(p.Errors), " "), says) {
			t.Errorf("%s: %d %+v, want it to name %s", body, res.StatusCode, p, says)
		}
	}
	res = a.API(t, token, "GET", "/api/v1/caremap/critical", "", nil)
	var ranking struct {
		Assets []impact.AssetCriticality `json:"assets"`
	}
	if err := json.Unmarshal([]byte(res.Body), &ranking); err != nil || len(ranking.Assets) != 38 || ranking.Assets[0].ID != "core-network" {
		t.Errorf("critical: %d, %d assets (%v)", res.StatusCode, len(ranking.Assets), err)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestScenarioAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap, vigil.WriteCareMap, vigil.WriteScenarios)
		res := a.API(t, token, "GET", "/api/v1/scenarios", "", nil)
		var list struct {
			Items []struct {
				ID, Name string
				LastRun  *struct{ Revision int } `json:"last_run"`
			}
		}
		if err := json.Unmarshal([]byte(res.Body), &list); err != nil || len(list.Items) != 2 {
			t.Fatalf("the demo scenarios: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, token, "POST", "/api/v1/scenarios", "application/json",
			strings.NewReader(`{"name": "Wifi slow for a week", "events": [{"target": "wifi", "mode": "degraded", "duration": "7d"}]}`))
		var sc struct{ ID, Name string }
		if err := json.Unmarshal([]byte(res.Body), &sc); err != nil || res.StatusCode != http.StatusCreated || res.Header.Get("Location") != "/api/v1/scenarios/"+sc.ID {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, token, "POST", "/api/v1/scenarios", "application/json", strings.NewReader(`{"name": "", "events": [{"target": "nope", "mode": "degraded"}]}`))
		if p := decodeProblem(t, res); p.Errors["name"] == "" || p.Errors["events"] == "" {
			t.Errorf("bad scenario: %+v", p)
		}
		run := func() (changes map[string]any) {
			t.Helper()
			res := a.API(t, token, "POST", "/api/v1/scenarios/"+sc.ID+"/run", "", nil)
			var out struct {
				Revision int
				Result   struct{ Services []any }
				Changes  map[string]any
			}
			if err := json.Unmarshal([]byte(res.Body), &out); err != nil || res.StatusCode != http.StatusOK || out.Result.Services == nil {
				t.Fatalf("run: %d %s", res.StatusCode, res.Body)
			}
			return out.Changes
		}
		if first := run(); first != nil { // the wifi slows the wards: several services are affected
			t.Errorf("a first run has changes: %v", first)
		}
		// Nothing relies on the wifi any more: no service is at risk from it.
		c := demoCareMap(t).Contents.Clone()
		withoutWifi := func(deps []caremap.Dependency) []caremap.Dependency {
			var keep []caremap.Dependency
			for _, d := range deps {
				if d.ID != "wifi" {
					keep = append(keep, d)
				}
			}
			return keep
		}
		for i := range c.Services {
			c.Services[i].DependsOn = withoutWifi(c.Services[i].DependsOn)
		}
		for i := range c.Assets {
			c.Assets[i].DependsOn = withoutWifi(c.Assets[i].DependsOn)
		}
		next, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := next.JSON()
		if res := a.API(t, token, "PUT", "/api/v1/caremap", "application/json", strings.NewReader(string(body))); res.StatusCode != http.StatusOK {
			t.Fatalf("PUT: %d %s", res.StatusCode, res.Body)
		}
		changes := run()
		if changes["map_changed"] != true || changes["from_revision"] != 1.0 || changes["to_revision"] != 2.0 || changes["no_longer_at_risk"] == nil {
			t.Errorf("changes after removing the wifi: %v", changes)
		}
		res = a.API(t, token, "PUT", "/api/v1/scenarios/"+sc.ID, "application/json", strings.NewReader(`{"name": "Wifi down for a day", "events": [{"target": "wifi", "mode": "unavailable"}]}`))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"Wifi down for a day"`) || !strings.Contains(res.Body, `"last_run"`) {
			t.Errorf("update: %d %s", res.StatusCode, res.Body)
		}
		if res := a.API(t, token, "DELETE", "/api/v1/scenarios/"+sc.ID, "", nil); res.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d", res.StatusCode)
		}
		if res := a.API(t, token, "GET", "/api/v1/scenarios/"+sc.ID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("deleted scenario: %d", res.StatusCode)
		}
		// Reading scenarios needs caremap:read; saving and running them, scenarios:write.
		reader := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap)
		if res := a.API(t, reader, "POST", "/api/v1/scenarios/"+list.Items[0].ID+"/run", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only token ran a scenario: %d", res.StatusCode)
		}
		if res := a.API(t, reader, "GET", "/api/v1/scenarios/"+list.Items[0].ID, "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("a read-only token read a scenario: %d", res.StatusCode)
		}
	})
}
