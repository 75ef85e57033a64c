package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type reportDoc struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	Status     string            `json:"status"`
	Source     string            `json:"source"`
	ReporterID string            `json:"reporter_id"`
	Subject    string            `json:"subject"`
	CampaignID string            `json:"campaign_id"`
	Verdict    string            `json:"verdict"`
	Details    map[string]string `json:"details"`
	Analysis   *struct {
		SuggestedVerdict string `json:"suggested_verdict"`
		From             struct{ Domain string }
		Submission       *struct{ Kind string }
		URLs             []struct{ URL, Domain string }
	} `json:"analysis"`
}

func decodeJSON[T any](t *testing.T, res apptest.Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
		t.Fatalf("decode %s: %v", res.Body, err)
	}
	return v
}

// TestAPIIntakeOfAMicrosoftReportSubmission sends the Report add-in's format
// to POST /api/v1/reports with a token, then triages it through the API.
func TestAPIIntakeOfAMicrosoftReportSubmission(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		jane := addPerson(t, a, apptest.TrustCode, "Jane Smith", "jane.smith@nhs.net")
		intake := tokenFor(t, a, apptest.TrustCode, vigil.CreateReports)
		triage := tokenFor(t, a, apptest.TrustCode, vigil.TriageReports)

		submission := sharedSample(t, "report-addin-submission.eml")
		send := func(key string) apptest.Response {
			ctype, body := multipartBody(t, nil, "file", "report.eml", submission)
			req, _ := http.NewRequest("POST", a.URL+"/api/v1/reports", body)
			req.Header.Set("Authorization", "Bearer "+intake)
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("Idempotency-Key", key)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			return apptest.Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
		}
		res := send("mail-4782236231009212060")
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("intake: %d %s", res.StatusCode, res.Body)
		}
		created := decodeJSON[reportDoc](t, res)
		if created.ReporterID != jane || created.Source != "api" || created.Subject != "Jane, please review and sign: Bank Staff Agreement" || created.CampaignID == "" {
			t.Fatalf("created: %+v", created)
		}
		if again := decodeJSON[reportDoc](t, send("mail-4782236231009212060")); again.ID != created.ID {
			t.Errorf("the same delivery made a second report %s", again.ID)
		}
		// The intake token cannot read what it sent in; triage can.
		if res := a.API(t, intake, "GET", "/api/v1/reports/"+created.ID, "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("intake token reading a report: %d", res.StatusCode)
		}
		got := decodeJSON[reportDoc](t, a.API(t, triage, "GET", "/api/v1/reports/"+created.ID, "", nil))
		if got.Analysis == nil || got.Analysis.Submission == nil || got.Analysis.Submission.Kind != "phishing" ||
			got.Analysis.From.Domain != "docusign-secure-mail.org" || got.Analysis.SuggestedVerdict != "malicious" {
			t.Fatalf("analysis of the submission: %+v", got.Analysis)
		}

		res = a.API(t, triage, "POST", "/api/v1/campaigns/"+created.CampaignID+"/verdict", "application/json", strings.NewReader(`{"verdict":"malicious","note":"Fake DocuSign."}`))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"verdict": "malicious"`) {
			t.Fatalf("verdict: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, triage, "PUT", "/api/v1/campaigns/"+created.CampaignID+"/warning", "application/json", strings.NewReader(`{"text":"Fake DocuSign requests are going round."}`))
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("alert: %d %s", res.StatusCode, res.Body)
		}
		staff := tokenFor(t, a, apptest.TrustCode, vigil.ReadOrganisation)
		if res := a.API(t, staff, "GET", "/api/v1/warnings", "", nil); !strings.Contains(res.Body, "Fake DocuSign requests") {
			t.Errorf("alerts: %s", res.Body)
		}
		list := decodeJSON[struct{ Items []reportDoc }](t, a.API(t, triage, "GET", "/api/v1/reports?status=closed", "", nil))
		if len(list.Items) != 1 || list.Items[0].Verdict != "malicious" {
			t.Errorf("closed reports: %+v", list.Items)
		}

		// Another kind, with its answers as form fields; a missing answer is named.
		ctype, body := multipartBody(t, url.Values{"kind": {"call-or-text"}, "channel": {"text"}, "asked": {"A code sent to my phone"}}, "", "", nil)
		res = a.API(t, intake, "POST", "/api/v1/reports", ctype, body)
		if p := decodeProblem(t, res); res.StatusCode != http.StatusUnprocessableEntity || p.Errors["gave"] == "" {
			t.Fatalf("a missing answer: %d %+v", res.StatusCode, p)
		}
		ctype, body = multipartBody(t, url.Values{"kind": {"call-or-text"}, "channel": {"text"}, "asked": {"A code sent to my phone"}, "gave": {"no"}, "reporter_email": {apptest.Nurse}}, "", "", nil)
		if res := a.API(t, intake, "POST", "/api/v1/reports", ctype, body); res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"channel": "text"`) {
			t.Fatalf("a text message report: %d %s", res.StatusCode, res.Body)
		}
		ctype, body = multipartBody(t, nil, "", "", nil)
		if p := decodeProblem(t, a.API(t, intake, "POST", "/api/v1/reports", ctype, body)); p.Errors["file"] == "" {
			t.Errorf("no e-mail attached: %+v", p)
		}

		csv := "email,clicked,reported\na@nhs.net,yes,no\nb@nhs.net,no,yes\nc@nhs.net,no,yes\n"
		if res := a.API(t, triage, "POST", "/api/v1/simulations?name=November", "text/csv", strings.NewReader(csv)); res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"reporters_per_clicker": 2`) {
			t.Fatalf("simulation import: %d %s", res.StatusCode, res.Body)
		}
		m := decodeJSON[struct {
			Reports         int     `json:"reports"`
			UniqueReporters int     `json:"unique_reporters"`
			FeedbackShare   float64 `json:"feedback_share"`
			RatioAll        float64 `json:"simulation_reporters_per_clicker"`
			Weeks           []struct {
				ByKind map[string]int `json:"by_kind"`
			}
		}](t, a.API(t, triage, "GET", "/api/v1/reports/metrics?weeks=2", "", nil))
		if m.Reports != 2 || m.UniqueReporters != 2 || m.FeedbackShare != 0.5 || m.RatioAll != 2 || len(m.Weeks) != 2 || m.Weeks[1].ByKind["email"] != 1 {
			t.Errorf("metrics: %+v", m)
		}
	})
}
