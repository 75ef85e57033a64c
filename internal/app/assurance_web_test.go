package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

func TestBoardDashboard(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		page := pageSays(t, admin, "/board", http.StatusOK, "Board dashboard", "Open hazards at risk 4 or 5 (unacceptable)",
			"CAF outcomes achieved", "Reports of suspicious activity in the last 4 weeks", "Keep today's figures now")
		// Every figure has a chart with a text alternative, and the demo's twelve weeks of history give each a trend.
		if n := strings.Count(page, `role="img"`); n < 8 {
			t.Errorf("%d charts, want one per figure", n)
		}
		if !strings.Contains(page, "From ") || !strings.Contains(page, "over 13 figures") {
			t.Error("the charts' descriptions do not say where the trend starts and ends")
		}
		if strings.Contains(page, "/board/national") {
			t.Error("a trust administrator is offered the national board")
		}
		res := admin.PostForm("/board/snapshot", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("snapshot: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, admin, "/board", http.StatusOK, "figures are kept")

		nurse := a.SignIn(t, apptest.Nurse)
		pageSays(t, nurse, "/board", http.StatusForbidden)
		pageSays(t, admin, "/board/national", http.StatusForbidden)
		central := a.SignIn(t, apptest.CentralAnalyst)
		pageSays(t, central, "/board/national", http.StatusOK, "National board dashboard", "Riverside University Hospitals NHS Foundation Trust (DEMO)",
			"CAF outcomes achieved")
	})
}

func TestSelfAssessment(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		pageSays(t, analyst, "/assessment/caf-v4", http.StatusOK, "Cyber Assessment Framework for health and care",
			"A1.a Board direction", "Achieved", "Not answered", "Overdue", "Outcomes achieved, month by month")
		// Vigil offers its own evidence: the hazard log for A2.a, with a link to it.
		pageSays(t, analyst, "/assessment/caf-v4/outcomes/A2.a", http.StatusOK, "What Vigil already knows",
			"The cyber hazard log holds", "Review every suggested hazard")
		// A first answer starts from Vigil's evidence.
		a1c := pageSays(t, analyst, "/assessment/caf-v4/outcomes/A1.c", http.StatusOK, "security plans that take systems down were reviewed")
		if !strings.Contains(a1c, "/plan-reviews</textarea>") && !strings.Contains(a1c, "/plan-reviews\n</textarea>") {
			t.Error("the evidence box is not filled in with Vigil's evidence for A1.c")
		}
		bad := analyst.PostForm("/assessment/caf-v4/outcomes/A1.c", url.Values{"status": {"partially-achieved"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(bad.Body), "Say what will be done to achieve this outcome") {
			t.Errorf("a partial answer without an action: %d", bad.StatusCode)
		}
		res := analyst.PostForm("/assessment/caf-v4/outcomes/A1.c", url.Values{"status": {"partially-achieved"},
			"evidence": {"Plan reviews /plan-reviews\nChange board terms of reference https://intranet.example/cab"},
			"action":   {"Send every change that takes systems down to the CSO"}, "action_owner": {"Aisha Begum"},
			"action_due-day": {"1"}, "action_due-month": {"9"}, "action_due-year": {"2099"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, analyst, "/assessment/caf-v4/outcomes/A1.c", http.StatusOK, "Partially achieved", "Aisha Begum",
			"Change board terms of reference", "1 September 2099")
		// A3.a was answered twice: its history shows both.
		pageSays(t, analyst, "/assessment/caf-v4/outcomes/A3.a", http.StatusOK, "Asset list kept by IT in a spreadsheet", "The care map in Vigil")

		nurse := a.SignIn(t, apptest.Nurse)
		pageSays(t, nurse, "/assessment/caf-v4", http.StatusForbidden)
		central := a.SignIn(t, apptest.CentralAnalyst)
		if res := central.PostForm("/assessment/caf-v4/outcomes/A1.c", url.Values{"status": {"achieved"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("the national centre answering a trust's assessment: %d", res.StatusCode)
		}
		pageSays(t, central, "/assessment/caf-v4/national", http.StatusOK, "every organisation", "Riverside University Hospitals NHS Foundation Trust (DEMO)",
			"Elm Tree Surgery")
		pageSays(t, analyst, "/assessment/caf-v4/national", http.StatusForbidden)
		pageSays(t, analyst, "/assessment/caf-v4/outcomes/Z9.z", http.StatusNotFound)
	})
}
