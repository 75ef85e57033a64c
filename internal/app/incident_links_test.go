package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// orgRecords are one organisation's first report and finding.
func orgRecords(t *testing.T, a *apptest.App, code string) (report.Report, findings.Finding) {
	t.Helper()
	ctx := context.Background()
	sys := mustSystem(t, a, code)
	rs, err := a.Triage.Reports(ctx, sys, report.ReportFilter{})
	if err != nil || len(rs) == 0 {
		t.Fatalf("reports of %s: %v %d", code, err, len(rs))
	}
	fs, err := a.Vulns.List(ctx, sys, findings.Filter{})
	if err != nil || len(fs) == 0 {
		t.Fatalf("findings of %s: %v %d", code, err, len(fs))
	}
	return rs[0], fs[0]
}

// TestLinkingReportsAndFindingsToAnIncident: from the incident page an
// analyst links one of the organisation's reports and one of its findings;
// both show on the incident and its timeline and are audited. The API
// lists them. A report or finding of another organisation can never be
// linked, by page or API, and linking twice is refused.
func TestLinkingReportsAndFindingsToAnIncident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		if err := demo.SeedReports(context.Background(), a.Demo()); err != nil {
			t.Fatal(err)
		}
		inc := demoIncident(t, a)
		base := "/monitoring/incidents/" + inc.ID
		rep, fnd := orgRecords(t, a, apptest.TrustCode)
		gpRep, gpFnd := orgRecords(t, a, apptest.PracticeCode)

		analyst := a.SignIn(t, apptest.Analyst)
		form := analyst.Get(base + "/links")
		text := apptest.Text(form.Body)
		if form.StatusCode != http.StatusOK || !strings.Contains(text, rep.Title()) || !strings.Contains(text, fnd.Title()) {
			t.Fatalf("the link form does not offer the trust's report and finding: %d %s", form.StatusCode, text)
		}
		if strings.Contains(form.Body, gpRep.ID) || strings.Contains(form.Body, gpFnd.ID) {
			t.Error("the link form offers the practice's records")
		}
		if res := analyst.PostForm(base+"/links", nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose at least one report or finding") {
			t.Errorf("linking nothing: %d", res.StatusCode)
		}
		for _, other := range []string{"report:" + gpRep.ID, "finding:" + gpFnd.ID} {
			if res := analyst.PostForm(base+"/links", url.Values{"link": {other}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("linking the practice's %s: %d", other, res.StatusCode)
			}
		}
		page := apptest.Text(follow(t, analyst, analyst.PostForm(base+"/links", url.Values{"link": {"report:" + rep.ID, "finding:" + fnd.ID}})).Body)
		for _, want := range []string{"Staff report: " + rep.Title(), "Vulnerability finding: " + fnd.Title(), "Linked staff report: " + rep.Title(), "Linked vulnerability finding: " + fnd.Title()} {
			if !strings.Contains(page, want) {
				t.Errorf("the incident page lacks %q: %s", want, page)
			}
		}
		if audited(t, a, "incident", "link", inc.ID) != 2 {
			t.Errorf("the links are not audited once each")
		}
		if res := analyst.PostForm(base+"/links", url.Values{"link": {"report:" + rep.ID}}); res.StatusCode != http.StatusConflict {
			t.Errorf("linking the same report twice: %d", res.StatusCode)
		}
		if body := analyst.Get(base + "/links").Body; strings.Contains(body, `value="report:`+rep.ID+`"`) || strings.Contains(body, `value="finding:`+fnd.ID+`"`) {
			t.Errorf("the form still offers what is linked: %s", apptest.Text(body))
		}

		// From a report's triage page: the incidents it is in, and a link to a running one.
		all, err := a.Triage.Reports(context.Background(), mustSystem(t, a, apptest.TrustCode), report.ReportFilter{})
		if err != nil || len(all) < 2 {
			t.Fatalf("the trust's reports: %v %d", err, len(all))
		}
		if page := apptest.Text(analyst.Get("/triage/reports/" + rep.ID).Body); !strings.Contains(page, "Incidents "+inc.Code()+" "+inc.Title) {
			t.Errorf("the linked report's triage page does not name the incident: %s", page)
		}
		second := all[1]
		page = apptest.Text(analyst.Get("/triage/reports/" + second.ID).Body)
		if !strings.Contains(page, "This report is not linked to any incident.") || !strings.Contains(page, "Link this report to a running incident") {
			t.Errorf("the unlinked report's triage page: %s", page)
		}
		if res := analyst.PostForm("/triage/reports/"+second.ID+"/incident", url.Values{"incident": {""}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose the incident this report belongs to") {
			t.Errorf("linking to no incident: %d", res.StatusCode)
		}
		page = apptest.Text(follow(t, analyst, analyst.PostForm("/triage/reports/"+second.ID+"/incident", url.Values{"incident": {inc.ID}})).Body)
		if !strings.Contains(page, "Report linked to the incident.") || !strings.Contains(page, inc.Code()+" "+inc.Title) {
			t.Errorf("after linking from the triage page: %s", page)
		}
		if tl := apptest.Text(analyst.Get(base).Body); !strings.Contains(tl, "Linked staff report: "+second.Title()) {
			t.Errorf("the incident's timeline lacks the report linked from triage: %s", tl)
		}
		if res := analyst.PostForm("/triage/reports/"+gpRep.ID+"/incident", url.Values{"incident": {inc.ID}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("the trust linked the practice's report from triage: %d", res.StatusCode)
		}
		if res := a.SignIn(t, apptest.PracticeAdmin).PostForm("/triage/reports/"+gpRep.ID+"/incident", url.Values{"incident": {inc.ID}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice linked its report to the trust's incident: %d", res.StatusCode)
		}
		if page := apptest.Text(a.SignIn(t, apptest.Buddy).Get("/triage/reports/" + second.ID).Body); strings.Contains(page, "Link this report to a running incident") || strings.Contains(page, inc.Code()) {
			t.Errorf("a buddy, who cannot read incidents, sees them: %s", page)
		}

		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents, vigil.TriageReports, vigil.ReadVulns)
		res := a.API(t, token, "GET", "/api/v1/incidents/"+inc.ID+"/links", "", nil)
		var got struct {
			Items []struct{ Kind, ID, Title string } `json:"items"`
		}
		if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != http.StatusOK || len(got.Items) != 3 {
			t.Fatalf("the API's links: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, token, "POST", "/api/v1/incidents/"+inc.ID+"/links", "application/json", strings.NewReader(`{"links":[{"kind":"finding","id":"`+gpFnd.ID+`"}]}`))
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the API linked the practice's finding: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, token, "POST", "/api/v1/incidents/"+inc.ID+"/links", "application/json", strings.NewReader(`{"links":[{"kind":"alert","id":"x"}]}`))
		if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("the API linked an unknown kind: %d %s", res.StatusCode, res.Body)
		}
		var n int
		if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM incident_links WHERE target_id IN ($1, $2)`, gpRep.ID, gpFnd.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("the practice's records were linked: %v %d", err, n)
		}

		// The practice cannot see or add to the trust's incident links.
		gpToken := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts, vigil.WriteIncidents, vigil.TriageReports, vigil.ReadVulns)
		if res := a.API(t, gpToken, "GET", "/api/v1/incidents/"+inc.ID+"/links", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice read the trust's links: %d", res.StatusCode)
		}
		res = a.API(t, gpToken, "POST", "/api/v1/incidents/"+inc.ID+"/links", "application/json", strings.NewReader(`{"links":[{"kind":"report","id":"`+gpRep.ID+`"}]}`))
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice linked to the trust's incident: %d", res.StatusCode)
		}
		if res := a.SignIn(t, apptest.PracticeAdmin).Get(base + "/links"); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice opened the trust's link form: %d", res.StatusCode)
		}
	})
}
