package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

type incidentDetail struct {
	Status     string     `json:"status"`
	Owner      string     `json:"owner"`
	NextUpdate *time.Time `json:"next_update"`
	Tasks      []struct {
		ID     string     `json:"id"`
		DoneAt *time.Time `json:"done_at"`
		DoneBy string     `json:"done_by"`
	} `json:"tasks"`
	Timeline []struct {
		Kind    string `json:"kind"`
		Summary string `json:"summary"`
	} `json:"timeline"`
}

// demoUserID finds a demo person of the trust by e-mail address.
func demoUserID(t *testing.T, a *apptest.App, email string) string {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	if err != nil {
		t.Fatal(err)
	}
	users, err := a.Orgs.Users(ctx, o.System("test"), org.UserFilter{Search: email})
	if err != nil || len(users) != 1 {
		t.Fatalf("find %s: %v %d", email, err, len(users))
	}
	return users[0].ID
}

// TestIncidentChangesThroughTheAPI: a tool with an incidents:write token
// changes the status, owner and next update, adds to the timeline and marks
// a step done; each shows on the incident and in the audit trail. Bad input
// is refused field by field, a read-only token and another organisation
// change nothing. Every answer is checked against the OpenAPI document.
func TestIncidentChangesThroughTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		inc := demoIncident(t, a)
		path := "/api/v1/incidents/" + inc.ID
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents)
		call := func(method, p, body string) (apptest.Response, incidentDetail) {
			t.Helper()
			res := a.API(t, token, method, p, "application/json", strings.NewReader(body))
			var d incidentDetail
			if res.StatusCode < 300 {
				if err := json.Unmarshal([]byte(res.Body), &d); err != nil {
					t.Fatal(err)
				}
			}
			return res, d
		}

		next := time.Now().UTC().Add(3 * time.Hour).Truncate(time.Second)
		admin := demoUserID(t, a, apptest.Admin)
		res, d := call("PATCH", path, `{"status":"contained","owner_id":"`+admin+`","next_update":"`+next.Format(time.RFC3339)+`"}`)
		if res.StatusCode != http.StatusOK || d.Status != "contained" || d.Owner == inc.OwnerName || d.NextUpdate == nil || !d.NextUpdate.Equal(next) {
			t.Fatalf("PATCH: %d %s", res.StatusCode, res.Body)
		}
		var owned bool
		for _, e := range d.Timeline {
			owned = owned || e.Kind == "note" && strings.HasPrefix(e.Summary, "Owner changed from "+inc.OwnerName+" to ")
		}
		if !owned {
			t.Errorf("the timeline does not say the owner changed: %+v", d.Timeline)
		}

		res, d = call("POST", path+"/timeline", `{"text":"Isolated the backup server from the network","action":true}`)
		if res.StatusCode != http.StatusCreated || d.Timeline[len(d.Timeline)-1].Kind != "action" || d.Timeline[len(d.Timeline)-1].Summary != "Isolated the backup server from the network" {
			t.Errorf("POST timeline: %d %s", res.StatusCode, res.Body)
		}

		var todo string
		for _, task := range d.Tasks {
			if task.DoneAt == nil {
				todo = task.ID
				break
			}
		}
		if todo == "" {
			t.Fatal("the demo incident has no step left to do")
		}
		res, d = call("POST", path+"/tasks/"+todo+"/done", "")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("task done: %d %s", res.StatusCode, res.Body)
		}
		for _, task := range d.Tasks {
			if task.ID == todo && (task.DoneAt == nil || task.DoneBy != "test") {
				t.Errorf("the step after: %+v", task)
			}
		}
		if res, _ := call("POST", path+"/tasks/"+todo+"/done", ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("a step already done, again: %d", res.StatusCode)
		}

		nurse := demoUserID(t, a, apptest.Nurse)
		for body, field := range map[string]string{
			`{"status":"asleep"}`:                    "status",
			`{"owner_id":"` + nurse + `"}`:           "owner",
			`{"owner_id":"nobody"}`:                  "owner",
			`{"next_update":"2020-01-01T00:00:00Z"}`: "next_update",
			`{"colour":"red"}`:                       "body",
		} {
			res, _ := call("PATCH", path, body)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, field) {
				t.Errorf("PATCH %s: %d %s, want a problem naming %s", body, res.StatusCode, res.Body, field)
			}
		}
		if res, _ := call("POST", path+"/timeline", `{"text":""}`); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("an empty entry: %d", res.StatusCode)
		}

		reader := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts)
		if res := a.API(t, reader, "PATCH", path, "application/json", strings.NewReader(`{"status":"closed"}`)); res.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only token changed the incident: %d", res.StatusCode)
		}
		gp := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts, vigil.WriteIncidents)
		if res := a.API(t, gp, "POST", path+"/timeline", "application/json", strings.NewReader(`{"text":"hello"}`)); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation wrote on the incident: %d", res.StatusCode)
		}
		var after incidentDetail
		getJSON(t, a.SignIn(t, apptest.Analyst), path, &after)
		if after.Status != "contained" || len(after.Timeline) != len(d.Timeline) {
			t.Errorf("after the refused calls: status %s, %d entries, want contained and %d", after.Status, len(after.Timeline), len(d.Timeline))
		}
		audit := apptest.Text(a.SignIn(t, apptest.Admin).Get("/admin/audit").Body)
		if strings.Count(audit, "Updated "+inc.Code()) < 2 || !strings.Contains(audit, inc.Code()+" done:") {
			t.Errorf("the audit trail lacks the API's changes: %s", audit)
		}
	})
}
