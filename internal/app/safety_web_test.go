package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/hazard"
)

// demoHazard finds a demo trust hazard by title, as the trust's system.
func demoHazard(t *testing.T, a *apptest.App, title string) hazard.Hazard {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	if err != nil {
		t.Fatal(err)
	}
	all, err := a.Hazards.Hazards(ctx, o.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range all {
		if h.Title == title {
			return h
		}
	}
	t.Fatalf("no demo hazard %q", title)
	return hazard.Hazard{}
}

func TestHazardLogPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		cso := a.SignIn(t, apptest.SafetyOfficer)
		// The demo EPR hazard is past its review date: the CSO is told on the home page.
		pageSays(t, cso, "/", http.StatusOK, "Hazard reviews due", "Electronic patient record unavailable", "Cyber hazard log")
		pageSays(t, cso, "/hazards", http.StatusOK, "Cyber hazard log", "H-001 Electronic patient record unavailable",
			"Wrong patient's record opened", "Closed hazards", "Infusion pump drug library server unavailable", "Overdue")
		pageSays(t, cso, "/hazards/reviews", http.StatusOK, "Electronic patient record unavailable")
		epr := demoHazard(t, a, "Electronic patient record unavailable")
		pageSays(t, cso, "/hazards/"+epr.ID, http.StatusOK, "Risk assessment approved by Dr Martin Ellis",
			"Immutable off-site copies", "Emergency Department", "Meridian Health Systems Ltd", "Recorded H-001")
		gateway := demoHazard(t, a, "Remote access gateway exploited")
		page := pageSays(t, cso, "/hazards/"+gateway.ID, http.StatusOK, "Awaiting approval", "Vulnerability finding: CVE-2024-3400 in the perimeter firewall")
		if strings.Contains(page, "Approve the risk assessment") {
			t.Error("the approve button shows for a hazard with no residual risk")
		}

		// Staff cannot see the log; the national centre reads but does not keep it.
		nurse := a.SignIn(t, apptest.Nurse)
		pageSays(t, nurse, "/hazards", http.StatusForbidden)
		if strings.Contains(nurse.Get("/").Body, "Cyber hazard log") {
			t.Error("a nurse is offered the hazard log")
		}
	})
}

func TestRecordApproveAndCloseAHazardOnThePages(t *testing.T) {
	a := apptest.Start(t)
	analyst := a.SignIn(t, apptest.Analyst)
	form := url.Values{"title": {"Theatre system unavailable during list"}, "type": {"no-access"},
		"description": {"The theatre system stops during an operating list."}, "harm": {"Delays to emergency surgery."},
		"causes": {"Ransomware\nFailed update"}, "initial_consequence": {"major"}, "initial_likelihood": {"medium"},
		"asset": {"theatre-system"}, "service": {"theatres"}, "references": {"incident INC-12: Theatre PCs encrypted"},
		"control_kind_0": {"training"}, "control_text_0": {"Paper theatre register drill"}, "control_text_1": {""},
		"residual_consequence": {"major"}, "residual_likelihood": {"low"},
		"review_by-day": {"1"}, "review_by-month": {"1"}, "review_by-year": {"2099"}}
	res := analyst.PostForm("/hazards/new", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	path := res.Header.Get("Location")
	page := pageSays(t, analyst, path, http.StatusOK, "H-007", "Theatre system unavailable during list", "Operating theatres",
		"Incident: Theatre PCs encrypted", "Training", "Paper theatre register drill", "Dr Martin Ellis", "1 January 2099")
	if strings.Contains(page, "Approve the risk assessment") {
		t.Error("an analyst is offered the approve button")
	}
	h := demoHazard(t, a, "Theatre system unavailable during list")
	version := url.Values{"version": {itoa(h.Version)}}
	if res := analyst.PostForm(path+"/approve", version); res.StatusCode != http.StatusForbidden {
		t.Errorf("an analyst approving: %d, want 403", res.StatusCode)
	}
	admin := a.SignIn(t, apptest.Admin)
	if res := admin.PostForm(path+"/approve", version); res.StatusCode != http.StatusForbidden {
		t.Errorf("an administrator who is not a CSO approving: %d, want 403", res.StatusCode)
	}
	if res := analyst.PostForm(path+"/status", url.Values{"version": {itoa(h.Version)}, "status": {"closed"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an analyst closing: %d, want 403", res.StatusCode)
	}
	cso := a.SignIn(t, apptest.SafetyOfficer)
	pageSays(t, cso, path, http.StatusOK, "Approve the risk assessment")
	if res := cso.PostForm(path+"/approve", version); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("CSO approving: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	h = demoHazard(t, a, "Theatre system unavailable during list")
	if res := cso.PostForm(path+"/status", url.Values{"version": {itoa(h.Version)}, "status": {"closed"}, "note": {"Drill done"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("CSO closing: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	pageSays(t, cso, path, http.StatusOK, "Closed", "Drill done", "Approved the risk assessment", "Closed")

	// A form with mistakes comes back with every one of them.
	bad := analyst.PostForm("/hazards/new", url.Values{"title": {""}, "review_by-day": {"31"}, "review_by-month": {"4"}, "review_by-year": {"2027"},
		"references": {"asset epr"}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", bad.StatusCode)
	}
	for _, want := range []string{"Enter a short title", "Enter the review date as a real date", "Line 1: start with finding or incident", "Choose the initial consequence"} {
		if !strings.Contains(apptest.Text(bad.Body), want) {
			t.Errorf("the bad form does not say %q", want)
		}
	}
}

func TestSuggestedHazardsOnThePages(t *testing.T) {
	a := apptest.Start(t)
	cso := a.SignIn(t, apptest.SafetyOfficer)
	page := pageSays(t, cso, "/hazards/suggestions", http.StatusOK, "Suggested hazards", "Core network switches unavailable", "Show all")
	if strings.Contains(page, "Electronic patient record unavailable") {
		t.Error("an accepted suggestion is still offered")
	}
	key := "caremap/core-network/loss"
	pageSays(t, cso, "/hazards/suggestions/accept?key="+url.QueryEscape(key), http.StatusOK, "Vigil suggests this because", "Core network switches unavailable")
	res := cso.PostForm("/hazards/suggestions/dismiss", url.Values{"key": {key}, "reason": {"Covered by the network resilience hazard"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	pageSays(t, cso, "/hazards/suggestions", http.StatusOK, "Covered by the network resilience hazard")
	pageSays(t, cso, "/hazards/suggestions/accept?key="+url.QueryEscape(key), http.StatusNotFound)
	analyst := a.SignIn(t, apptest.Analyst)
	pageSays(t, analyst, "/hazards/suggestions/dismiss?key="+url.QueryEscape("caremap/vm-cluster/loss"), http.StatusForbidden)
}

func TestPlanReviewPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		pageSays(t, analyst, "/plan-reviews", http.StatusOK, "EPR database security patches", "Approved with conditions")
		res := analyst.PostForm("/plan-reviews/new", url.Values{"title": {"Core switch firmware"}, "kind": {"patching"}, "asset": {"core-network"},
			"mode": {"unavailable"}, "start-day": {"6"}, "start-month": {"6"}, "start-year": {"2099"}, "start_time": {"14:30"}, "duration": {"2h"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("put a plan to review: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		path := res.Header.Get("Location")
		page := pageSays(t, analyst, path, http.StatusOK, "Core switch firmware", "Sat 6 Jun, 14:30 to Sat 6 Jun, 16:30", "working day", "at the weekend",
			"Emergency Department", "Open the red downtime box", "A Clinical Safety Officer will decide")
		if strings.Contains(page, "Record the decision") {
			t.Error("an analyst is offered the decision form")
		}
		if res := analyst.PostForm(path+"/decision", url.Values{"decision": {"approved"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("an analyst deciding: %d", res.StatusCode)
		}
		cso := a.SignIn(t, apptest.SafetyOfficer)
		bad := cso.PostForm(path+"/decision", url.Values{"decision": {"rejected"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(bad.Body), "Enter the conditions, or why you reject the plan") {
			t.Errorf("a rejection without a reason: %d", bad.StatusCode)
		}
		if res := cso.PostForm(path+"/decision", url.Values{"decision": {"rejected"}, "note": {"Not in the working day: move it overnight"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("CSO deciding: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, analyst, path, http.StatusOK, "Rejected by Dr Martin Ellis", "move it overnight")
	})
}

func TestSafetyCasePagesAndPDF(t *testing.T) {
	a := apptest.Start(t)
	cso := a.SignIn(t, apptest.SafetyOfficer)
	// Version 1 was issued before the last two demo hazards were logged.
	pageSays(t, cso, "/safety-case", http.StatusOK, "Clinical safety case report", "What changed since version 1",
		"H-006 Remote access gateway exploited added", "Infusion pump drug library server unavailable", "Issue this version",
		// The demo's exploited EPR vulnerability awaits the CSO's decision on its suggested hazard.
		"Suggested (Vulnerability finding): CVE-2021-44228 in Electronic patient record needs action before the next routine patching window",
		"urgent findings (Immediate or Out-of-cycle) await a decision on their suggested hazard")
	res := cso.PostForm("/safety-case/issue", url.Values{"declaration": {"Reviewed at the safety group."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	pageSays(t, cso, "/safety-case/versions/2", http.StatusOK, "version 2", "Reviewed at the safety group.", "Dr Martin Ellis")
	analyst := a.SignIn(t, apptest.Analyst)
	if strings.Contains(analyst.Get("/safety-case").Body, "Issue this version") {
		t.Error("an analyst is offered to issue the safety case")
	}
	if res := analyst.PostForm("/safety-case/issue", url.Values{"declaration": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an analyst issuing: %d", res.StatusCode)
	}
	pdfRes := cso.Get("/safety-case/versions/2/pdf")
	if pdfRes.StatusCode != http.StatusOK || pdfRes.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", pdfRes.StatusCode, pdfRes.Header.Get("Content-Type"))
	}
	text := pdfPlainText(t, []byte(pdfRes.Body))
	for _, want := range []string{"Riverside University Hospitals NHS Foundation Trust", "Version 2", "H-001 Electronic patient record unavailable", "Reviewed at the safety group."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
}

func TestSafetyPagesAreTheirOrganisations(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		epr := demoHazard(t, a, "Electronic patient record unavailable")
		practice := a.SignIn(t, apptest.PracticeAdmin)
		pageSays(t, practice, "/hazards/"+epr.ID, http.StatusNotFound)
		if res := practice.PostForm("/hazards/"+epr.ID+"/edit", url.Values{"title": {"mine"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation editing: %d", res.StatusCode)
		}
		pageSays(t, practice, "/safety-case/versions/1", http.StatusNotFound)
		ctx := context.Background()
		o, _ := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
		plans, err := a.Plans.Plans(ctx, o.System("test"))
		if err != nil || len(plans) == 0 {
			t.Fatalf("demo plans: %v", err)
		}
		pageSays(t, practice, "/plan-reviews/"+plans[0].ID, http.StatusNotFound)
		// The national centre reads its own organisation's log, which is empty.
		central := a.SignIn(t, apptest.CentralAnalyst)
		page := pageSays(t, central, "/hazards", http.StatusOK, "There are no open hazards")
		if strings.Contains(page, "Record a hazard") {
			t.Error("the national centre is offered to record a hazard")
		}
	})
}

func pdfPlainText(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	plain, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(plain)
	return strings.Join(strings.Fields(string(b)), " ")
}

func itoa(n int) string { return strconv.Itoa(n) }
