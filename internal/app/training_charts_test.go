package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/web/chart/charttest"
)

// The coverage page's charts draw the same figures as its tables: each
// job role's 12-month share against the 95 % line, overdue staff by team,
// and each buddy's teams against the limit.
func TestCoverageChartsShowTheFigures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		trust := mustSystem(t, a, apptest.TrustCode)
		cov, err := a.Training.Coverage(ctx, trust)
		if err != nil {
			t.Fatal(err)
		}
		page := pageSays(t, a.SignIn(t, apptest.Admin), "/training/coverage", http.StatusOK, "At a glance", "8 of 16 teams have a named IT buddy")

		roles := charttest.Find(t, page, "measure-by-role")
		if roles.LineLabel != "95% target" || len(roles.Bars) != len(cov.ByJobRole) {
			t.Fatalf("the job role chart: %+v", roles)
		}
		full := roles.LineX / 0.95
		for _, g := range cov.ByJobRole {
			want := fmt.Sprintf("%d%%", g.MeasurePercent())
			if roles.Values[g.Name] != want || roles.Bars[g.Name] != round1(full*float64(g.MeasurePercent())/100) {
				t.Errorf("%s drawn as %q, %v wide; want %s", g.Name, roles.Values[g.Name], roles.Bars[g.Name], want)
			}
			if !hasRow(roles.Table, g.Name, want, fmt.Sprintf("%d of %d staff", g.InMeasure, g.People)) {
				t.Errorf("the hidden table lacks %s: %q", g.Name, roles.Table)
			}
		}

		overdue := charttest.Find(t, page, "overdue-by-team")
		for _, g := range cov.ByTeam {
			if _, drawn := overdue.Values[g.Name]; drawn != (g.Overdue > 0) || (drawn && overdue.Values[g.Name] != fmt.Sprint(g.Overdue)+" staff") {
				t.Errorf("%s with %d overdue drawn as %q", g.Name, g.Overdue, overdue.Values[g.Name])
			}
		}

		load := charttest.Find(t, page, "buddy-load")
		if load.Values["Tom Hughes"] != "3 teams" || load.Values["Marcus Reid"] != "5 teams" || strings.Join(load.Hatched, ",") != "Marcus Reid" ||
			load.LineLabel != "limit of 4" || !strings.Contains(load.Desc, "1 of 2 are over the limit of 4") {
			t.Errorf("the buddy chart: %+v", load)
		}
		// An analyst reads coverage but the practice's figures never appear in the trust's charts.
		if strings.Contains(a.SignIn(t, apptest.PracticeAdmin).Get("/training/coverage").Body, "Tom Hughes") {
			t.Error("the practice's coverage page charts the trust's buddies")
		}
	})
}

// The national centre's chart has a bar per organisation, against the line.
func TestNationalChart(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		central := mustSystem(t, a, apptest.NationalCode)
		n, err := a.Training.National(ctx, central)
		if err != nil {
			t.Fatal(err)
		}
		page := pageSays(t, a.SignIn(t, apptest.CentralAnalyst), "/training/national", http.StatusOK)
		orgs := charttest.Find(t, page, "measure-by-org")
		if len(orgs.Bars) != len(n.Orgs) || len(n.Orgs) < 2 {
			t.Fatalf("%d bars for %d organisations", len(orgs.Bars), len(n.Orgs))
		}
		for _, o := range n.Orgs {
			if want := fmt.Sprintf("%d%%", o.Tally.MeasurePercent()); orgs.Values[o.Org.Name] != want {
				t.Errorf("%s drawn as %q, want %s", o.Org.Name, orgs.Values[o.Org.Name], want)
			}
		}
	})
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }

func hasRow(rows [][]string, want ...string) bool {
	for _, r := range rows {
		if strings.Join(r, "|") == strings.Join(want, "|") {
			return true
		}
	}
	return false
}

// On the board dashboard the 12-month training figure's trend carries the
// 95 % target as a dashed line, and says so in words.
func TestBoardTrainingChartShowsTheTarget(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		page := pageSays(t, a.SignIn(t, apptest.Admin), "/board", http.StatusOK, "The dashed line is the target of 95%")
		if n := strings.Count(page, `data-target="95%"`); n != 1 {
			t.Errorf("%d target lines on the board, want 1 (the 12-month training figure)", n)
		}
	})
}
