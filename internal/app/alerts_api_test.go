package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// wazuhLine is one line of a Wazuh alerts.json on the demo trust's record server.
func wazuhLine(id, level, host string) string {
	return `{"timestamp":"2026-11-29T21:07:45.123+0000","rule":{"level":` + level + `,"description":"Multiple authentication failures","id":5712,"groups":["authentication_failures"]},` +
		`"agent":{"id":"003","name":"` + host + `","ip":"10.20.1.10"},"manager":{"name":"wazuh-01"},"id":"` + id + `","decoder":{"name":"sshd"},"location":"/var/log/secure"}` + "\n"
}

// TestAlertIngestAPI sends a batch with a broken line, sends it again, and
// reads the ranked queue, the alert with its clinical context and the sources.
func TestAlertIngestAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		token := tokenFor(t, a, apptest.TrustCode, vigil.WriteAlerts)
		body := wazuhLine("1714558953.1", "10", "epr-app-01") + "{not json\n" + wazuhLine("1714558953.2", "5", "lab-pc-9")
		send := func() (out struct {
			Accepted   int `json:"accepted"`
			Duplicates int `json:"duplicates"`
			Rejected   []struct {
				Line  int    `json:"line"`
				Error string `json:"error"`
			} `json:"rejected"`
		}) {
			res := a.API(t, token, "POST", "/api/v1/alerts", "application/x-ndjson", strings.NewReader(body))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("POST alerts: %d %s", res.StatusCode, res.Body)
			}
			if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		first := send()
		if first.Accepted != 2 || first.Duplicates != 0 || len(first.Rejected) != 1 || first.Rejected[0].Line != 2 {
			t.Errorf("first batch answered %+v", first)
		}
		again := send()
		if again.Accepted != 0 || again.Duplicates != 2 {
			t.Errorf("the same batch again answered %+v, want 2 duplicates", again)
		}

		analyst := a.SignIn(t, apptest.Analyst)
		var queue struct {
			Items []struct {
				Lead struct {
					ID       string `json:"id"`
					AssetID  string `json:"asset_id"`
					Priority int    `json:"priority"`
					Source   string `json:"source"`
				} `json:"lead"`
				Count int `json:"count"`
			} `json:"items"`
		}
		getJSON(t, analyst, "/api/v1/alerts", &queue)
		var eprID string
		for _, g := range queue.Items {
			if g.Lead.AssetID == "epr" {
				eprID = g.Lead.ID
			}
		}
		if eprID == "" {
			t.Fatalf("no alert on the record server in the queue: %+v", queue.Items)
		}
		var one struct {
			Title    string `json:"title"`
			Clinical struct {
				AssetName string `json:"asset_name"`
				Lost      []struct {
					Name     string `json:"name"`
					Downtime string `json:"downtime_procedure"`
				} `json:"if_lost"`
			} `json:"clinical"`
		}
		getJSON(t, analyst, "/api/v1/alerts/"+eprID, &one)
		if one.Clinical.AssetName != "Electronic patient record" || len(one.Clinical.Lost) == 0 || one.Clinical.Lost[0].Downtime == "" {
			t.Errorf("clinical context %+v", one.Clinical)
		}
		var sources struct {
			Items []struct {
				Name  string `json:"name"`
				Total int    `json:"alerts_total"`
			} `json:"items"`
		}
		getJSON(t, analyst, "/api/v1/alert-sources", &sources)
		found := false
		for _, s := range sources.Items {
			found = found || s.Name == "test" && s.Total == 2
		}
		if !found {
			t.Errorf("sources %+v, want the token's with 2 alerts", sources.Items)
		}

		gp := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts)
		if res := a.API(t, gp, "GET", "/api/v1/alerts/"+eprID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice read the trust's alert: %d", res.StatusCode)
		}
		nurse := a.SignIn(t, apptest.Nurse)
		if res := nurse.Get("/api/v1/alerts"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse read the alert queue: %d", res.StatusCode)
		}

		var incidents struct {
			Items []struct {
				ID       string `json:"id"`
				Code     string `json:"code"`
				Services []struct {
					Name      string `json:"name"`
					Procedure string `json:"procedure"`
				} `json:"services_at_risk"`
			} `json:"items"`
		}
		getJSON(t, analyst, "/api/v1/incidents", &incidents)
		// The running ransomware incident first, then the demo's closed one with its review.
		if len(incidents.Items) != 2 || incidents.Items[0].Code != "INC-001" || len(incidents.Items[0].Services) == 0 || incidents.Items[0].Services[0].Procedure == "" {
			t.Fatalf("incidents %+v", incidents.Items)
		}
		var detail struct {
			Tasks []struct {
				Side string `json:"side"`
			} `json:"tasks"`
			Timeline []struct {
				Kind string `json:"kind"`
			} `json:"timeline"`
		}
		getJSON(t, analyst, "/api/v1/incidents/"+incidents.Items[0].ID, &detail)
		if len(detail.Tasks) == 0 || len(detail.Timeline) == 0 || detail.Timeline[0].Kind != "opened" {
			t.Errorf("incident detail %+v", detail)
		}
		if res := a.API(t, gp, "GET", "/api/v1/incidents/"+incidents.Items[0].ID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice read the trust's incident: %d", res.StatusCode)
		}
	})
}
