package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type reviewJSON struct {
	Summary     string `json:"summary"`
	Lessons     string `json:"lessons"`
	Downtime    string `json:"downtime"`
	HazardCode  string `json:"hazard_code"`
	SignedOffBy string `json:"signed_off_by"`
	Actions     []struct {
		ID      string     `json:"id"`
		Owner   string     `json:"owner"`
		Due     string     `json:"due"`
		Overdue bool       `json:"overdue"`
		DoneAt  *time.Time `json:"done_at"`
	} `json:"actions"`
}

// TestIncidentReviewThroughTheAPI: a tool reads the demo's review, is
// refused a review of a running incident, rewrites the closed one (which
// removes its sign-off), adds and completes an action, adds the hazard, and
// cannot sign off without a person behind the token. Bad input is refused
// by field; another organisation's token reaches nothing. Every answer is
// checked against the OpenAPI document.
func TestIncidentReviewThroughTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		done := reviewedIncident(t, a)
		path := "/api/v1/incidents/" + done.ID + "/review"
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents, vigil.WriteHazards)
		call := func(method, p, body string) (apptest.Response, reviewJSON) {
			t.Helper()
			res := a.API(t, token, method, p, "application/json", strings.NewReader(body))
			var r reviewJSON
			if res.StatusCode < 300 {
				if err := json.Unmarshal([]byte(res.Body), &r); err != nil {
					t.Fatal(err)
				}
			}
			return res, r
		}
		res, r := call("GET", path, "")
		if res.StatusCode != http.StatusOK || r.SignedOffBy != "Priya Raman" || r.Downtime != "struggled" || len(r.Actions) != 2 {
			t.Fatalf("GET the demo review: %d %s", res.StatusCode, res.Body)
		}
		running := demoIncident(t, a)
		if res, _ := call("GET", "/api/v1/incidents/"+running.ID+"/review", ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET a review not written: %d", res.StatusCode)
		}
		body := `{"summary":"Supplier attack.","lessons":"Rehearse.","patients_affected":140,"downtime":"worked"}`
		if res, _ := call("PUT", "/api/v1/incidents/"+running.ID+"/review", body); res.StatusCode != http.StatusConflict {
			t.Errorf("PUT a review of a running incident: %d", res.StatusCode)
		}
		res, _ = call("PUT", path, `{"summary":"","lessons":"","patients_affected":-1,"downtime":"maybe"}`)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "summary") || !strings.Contains(res.Body, "downtime") || !strings.Contains(res.Body, "patients_affected") {
			t.Errorf("PUT a bad review: %d %s", res.StatusCode, res.Body)
		}
		res, r = call("PUT", path, body)
		if res.StatusCode != http.StatusOK || r.SignedOffBy != "" || r.Lessons != "Rehearse." {
			t.Errorf("PUT the review: %d %s", res.StatusCode, res.Body)
		}
		res, _ = call("POST", path+"/actions", `{"summary":"Call the supplier","owner_id":"`+demoUserID(t, a, apptest.Admin)+`","due":"31/12/2026"}`)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "YYYY-MM-DD") {
			t.Errorf("an action with a bad date: %d %s", res.StatusCode, res.Body)
		}
		due := time.Now().UTC().AddDate(0, 0, 14).Format(time.DateOnly)
		res, r = call("POST", path+"/actions", `{"summary":"Call the supplier","owner_id":"`+demoUserID(t, a, apptest.Admin)+`","due":"`+due+`"}`)
		if res.StatusCode != http.StatusCreated || len(r.Actions) != 3 {
			t.Fatalf("POST an action: %d %s", res.StatusCode, res.Body)
		}
		var added string
		for _, act := range r.Actions {
			if act.Due == due && act.Owner == "Priya Raman" && !act.Overdue {
				added = act.ID
			}
		}
		if res, r = call("POST", path+"/actions/"+added+"/done", ""); res.StatusCode != http.StatusOK {
			t.Errorf("POST done: %d %s", res.StatusCode, res.Body)
		}
		for _, act := range r.Actions {
			if act.ID == added && act.DoneAt == nil {
				t.Errorf("the action is not done: %+v", act)
			}
		}
		if res, _ := call("POST", path+"/signoff", ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("a token with no person signed off: %d %s", res.StatusCode, res.Body)
		}
		noHazards := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents)
		if res := a.API(t, noHazards, "POST", path+"/hazard", "application/json", strings.NewReader("")); res.StatusCode != http.StatusForbidden {
			t.Errorf("a token without hazards:write added a hazard: %d", res.StatusCode)
		}
		if res, r = call("POST", path+"/hazard", ""); res.StatusCode != http.StatusCreated || !strings.HasPrefix(r.HazardCode, "H-") {
			t.Errorf("POST hazard: %d %s", res.StatusCode, res.Body)
		}

		gp := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts, vigil.WriteIncidents, vigil.WriteHazards)
		for _, c := range []struct{ method, path, body string }{{"GET", path, ""}, {"PUT", path, body}, {"POST", path + "/actions/" + added + "/done", ""}, {"POST", path + "/hazard", ""}} {
			if res := a.API(t, gp, c.method, c.path, "application/json", strings.NewReader(c.body)); res.StatusCode != http.StatusNotFound {
				t.Errorf("the practice %s %s: %d", c.method, c.path, res.StatusCode)
			}
		}
		readOnly := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts)
		if res := a.API(t, readOnly, "PUT", path, "application/json", strings.NewReader(body)); res.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only token rewrote the review: %d", res.StatusCode)
		}
	})
}
