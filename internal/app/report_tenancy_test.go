package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestPracticeCannotReachTheTrustsReports: a GP practice's analyst and API
// token can neither read nor change the trust's reports, campaigns or
// verdicts, through pages or the API.
func TestPracticeCannotReachTheTrustsReports(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse := a.SignIn(t, apptest.Nurse)
		res := nurse.PostForm("/report", url.Values{"kind": {"email"}})
		id := draftID(t, res.Header.Get("Location"))
		postFile(t, nurse, "/report/"+id+"/details", url.Values{"clicked": {"no"}}, "file", "invoice.eml", sharedSample(t, "phish-invoice-html-attachment.eml"))
		draft := draftID(t, nurse.PostForm("/report", url.Values{"kind": {"other"}}).Header.Get("Location"))
		if res := nurse.PostForm("/report/"+id+"/send", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("send: %d", res.StatusCode)
		}
		var campaign string
		if err := a.DB.QueryRow(context.Background(), `SELECT campaign_id FROM reports WHERE id = $1`, id).Scan(&campaign); err != nil {
			t.Fatal(err)
		}

		addPerson(t, a, apptest.PracticeCode, "Omar Farouk", "omar.farouk@elmtree.example", "security-analyst")
		gp := a.SignIn(t, "omar.farouk@elmtree.example")
		for _, path := range []string{"/triage/campaigns/" + campaign, "/triage/reports/" + id, "/triage/reports/" + id + "/email",
			"/report/" + id + "/sent", "/report/" + draft + "/details", "/report/" + draft + "/check"} {
			if res := gp.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice analyst GET %s: %d, want 404", path, res.StatusCode)
			}
		}
		posts := map[string]url.Values{
			"/triage/campaigns/" + campaign + "/verdict":        {"verdict": {"safe"}},
			"/triage/campaigns/" + campaign + "/alert":          {"alert_text": {"All fine"}},
			"/triage/campaigns/" + campaign + "/alert/withdraw": nil,
			"/triage/reports/" + id + "/verdict":                {"verdict": {"safe"}},
			"/report/" + draft + "/details":                     {"what": {"Hijacked"}},
			"/report/" + draft + "/send":                        nil,
		}
		for path, form := range posts {
			if res := gp.PostForm(path, form); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice analyst POST %s: %d, want 404", path, res.StatusCode)
			}
		}
		for path, what := range map[string]string{"/triage": "Overdue invoice", "/triage/metrics": "Overdue invoice", "/my-reports": "Overdue invoice"} {
			if strings.Contains(gp.Get(path).Body, what) {
				t.Errorf("the practice's %s shows the trust's report", path)
			}
		}

		token := tokenFor(t, a, apptest.PracticeCode, vigil.TriageReports, vigil.CreateReports, vigil.ReadOrganisation)
		for _, path := range []string{"/api/v1/reports/" + id, "/api/v1/campaigns/" + campaign} {
			if res := a.API(t, token, "GET", path, "", nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice token GET %s: %d, want 404", path, res.StatusCode)
			}
		}
		verdict := `{"verdict":"safe"}`
		for _, path := range []string{"/api/v1/campaigns/" + campaign + "/verdict", "/api/v1/reports/" + id + "/verdict"} {
			if res := a.API(t, token, "POST", path, "application/json", strings.NewReader(verdict)); res.StatusCode != http.StatusNotFound {
				t.Errorf("practice token POST %s: %d, want 404", path, res.StatusCode)
			}
		}
		if res := a.API(t, token, "PUT", "/api/v1/campaigns/"+campaign+"/warning", "application/json", strings.NewReader(`{"text":"x"}`)); res.StatusCode != http.StatusNotFound {
			t.Errorf("practice token publishing the trust's alert: %d", res.StatusCode)
		}
		for _, path := range []string{"/api/v1/reports", "/api/v1/campaigns", "/api/v1/reports/metrics", "/api/v1/warnings"} {
			if res := a.API(t, token, "GET", path, "", nil); strings.Contains(res.Body, id) || strings.Contains(res.Body, campaign) || strings.Contains(res.Body, "Overdue invoice") {
				t.Errorf("practice token %s lists the trust's report", path)
			}
		}

		// Nothing changed on the trust's side.
		analyst := a.SignIn(t, apptest.Analyst)
		page := apptest.Text(analyst.Get("/triage/campaigns/" + campaign).Body)
		if strings.Contains(page, "Verdict: ") {
			t.Error("the trust's campaign got a verdict from the practice")
		}
		if res := a.API(t, tokenFor(t, a, apptest.TrustCode, vigil.TriageReports), "GET", "/api/v1/reports/"+id, "", nil); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `"verdict"`) {
			t.Errorf("the trust's report: %d %s", res.StatusCode, res.Body)
		}
	})
}
