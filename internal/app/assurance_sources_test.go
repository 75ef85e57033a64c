package app_test

import (
	"context"
	"fmt"
	"html"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

var figurePattern = regexp.MustCompile(`(?s)<h2 class="nhsuk-card__heading[^"]*">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</h2>\s*<p class="vigil-figure__value">([^<]+)</p>`)

// boardFigures reads the board page's figures: label → number shown.
func boardFigures(t *testing.T, page string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, m := range figurePattern.FindAllStringSubmatch(page, -1) {
		value := strings.TrimSuffix(strings.Fields(html.UnescapeString(m[2]))[0], "%")
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("figure %q shows %q", m[1], m[2])
		}
		out[html.UnescapeString(m[1])] = v
	}
	return out
}

func wantFigure(t *testing.T, figures map[string]float64, label string, want float64) {
	t.Helper()
	got, ok := figures[label]
	if !ok {
		t.Errorf("the board has no figure %q", label)
		return
	}
	if math.Abs(got-want) > 0.5 {
		t.Errorf("the board shows %q as %v, the data gives %v", label, got, want)
	}
}

// Every capability wired into the evidence sources reaches the board and
// the self-assessment, with the figures its own data gives: training
// coverage, reporting culture, detection, incidents, vulnerability
// findings, IT buddies and the hazard log.
func TestBoardAndAssessmentShowEveryWiredSource(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		if err := demo.SeedReports(ctx, a.Demo()); err != nil {
			t.Fatal(err)
		}
		sys := mustSystem(t, a, apptest.TrustCode)
		now := time.Now()

		cov, err := a.Training.Coverage(ctx, sys)
		if err != nil || cov.People == 0 {
			t.Fatalf("training coverage: %+v, %v", cov.Tally, err)
		}
		culture, err := a.Triage.Metrics(ctx, sys, 4, now)
		if err != nil || culture.Reports == 0 {
			t.Fatalf("reports: %+v, %v", culture, err)
		}
		sources, err := a.Alerts.Sources(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		tools := 0
		for _, s := range sources {
			if s.Name != monitor.HealthSource {
				tools++
			}
		}
		detection, err := a.Alerts.Detection(ctx, sys, now)
		if err != nil || tools == 0 {
			t.Fatalf("detection: %d tools, %+v, %v", tools, detection, err)
		}
		incidents, err := a.Incidents.List(ctx, sys)
		if err != nil || len(incidents) == 0 {
			t.Fatalf("incidents: %d, %v", len(incidents), err)
		}
		running := 0
		for _, inc := range incidents {
			if inc.Status != incident.Closed && inc.Status != incident.FalseAlarm {
				running++
			}
		}
		findings, err := a.Vulns.Count(ctx, sys, now)
		urgent := findings.ByPriority[string(ssvc.Immediate)] + findings.ByPriority[string(ssvc.OutOfCycle)]
		if err != nil || urgent == 0 {
			t.Fatalf("findings: %+v, %v", findings, err)
		}
		pairings, err := a.Buddies.Pairings(ctx, sys)
		if err != nil || len(pairings) == 0 {
			t.Fatalf("pairings: %d, %v", len(pairings), err)
		}
		withBuddy := 0
		for _, p := range pairings {
			if p.Buddy != nil {
				withBuddy++
			}
		}
		hazards, err := a.Hazards.Hazards(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		open, high := 0, 0
		for _, h := range hazards {
			if h.Status != hazard.Closed {
				open++
				if h.Risk() >= 4 {
					high++
				}
			}
		}
		if high == 0 {
			t.Fatal("the demo hazard log has no hazard at risk 4 or 5: the test proves nothing")
		}

		admin := a.SignIn(t, apptest.Admin)
		page := pageSays(t, admin, "/board", http.StatusOK)
		figures := boardFigures(t, page)
		wantFigure(t, figures, "Staff up to date with their cyber security training", float64(cov.Percent()))
		wantFigure(t, figures, "Staff with a training lesson overdue", float64(cov.Overdue))
		wantFigure(t, figures, "Reports of suspicious activity in the last 4 weeks", float64(culture.Reports))
		wantFigure(t, figures, "Security alerts not yet looked at", float64(detection.Waiting))
		wantFigure(t, figures, "Detection tools silent for longer than expected", float64(detection.Silent))
		wantFigure(t, figures, "Security incidents running", float64(running))
		wantFigure(t, figures, "Vulnerabilities to fix now or out of cycle", float64(urgent))
		wantFigure(t, figures, "Teams with a named IT buddy", float64(100*withBuddy)/float64(len(pairings)))
		wantFigure(t, figures, "Open hazards at risk 4 or 5 (unacceptable)", float64(high))
		if _, ok := figures["CAF outcomes achieved"]; !ok {
			t.Error("the board has no CAF outcomes figure")
		}
		if n := strings.Count(page, `role="img"`); n < len(figures) {
			t.Errorf("%d charts for %d figures", n, len(figures))
		}

		cso := a.SignIn(t, apptest.SafetyOfficer)
		outcome := func(id string) string { return "/assessment/caf-v4/outcomes/" + id }
		pageSays(t, cso, outcome("B6.b"), http.StatusOK, fmt.Sprintf("%d%% of staff (%d of %d) are up to date", cov.Percent(), cov.UpToDate, cov.People))
		pageSays(t, cso, outcome("B6.a"), http.StatusOK, fmt.Sprintf("%d people made %d reports", culture.UniqueReporters, culture.Reports),
			fmt.Sprintf("%d of %d teams have a named IT buddy", withBuddy, len(pairings)))
		pageSays(t, cso, outcome("C1.a"), http.StatusOK, fmt.Sprintf("%d detection tools send alerts to Vigil", tools))
		pageSays(t, cso, outcome("C1.d"), http.StatusOK, fmt.Sprintf("%d wait to be looked at", detection.Waiting))
		pageSays(t, cso, outcome("D1.b"), http.StatusOK, fmt.Sprintf("%d security incidents were opened in the last year, %d still running", len(incidents), running))
		pageSays(t, cso, outcome("B4.d"), http.StatusOK, fmt.Sprintf("%d open vulnerability findings ranked by clinical risk (SSVC): %d need action out of cycle or now",
			findings.Open-findings.Cleared, urgent))
		pageSays(t, cso, outcome("A2.a"), http.StatusOK, fmt.Sprintf("holds %d open hazards (%d at risk 4 or 5)", open, high))
	})
}
