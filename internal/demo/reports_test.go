package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestDemoReportsFillTheTriageQueue(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	orgs := org.NewStore(db, auth.EndSessions)
	authSvc := auth.New(db, orgs, auth.DefaultConfig())
	reports := report.NewStore(db, orgs, report.Options{})
	if _, err := demo.Seed(ctx, orgs, authSvc); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedReports(ctx, orgs, authSvc, reports); err != nil {
		t.Fatal(err)
	}
	o, err := orgs.OrganisationByCode(ctx, demo.Code)
	if err != nil {
		t.Fatal(err)
	}
	analyst := vigil.PersonScope(o.Ref(), "", "test", "", []vigil.Role{vigil.SecurityAnalyst})
	campaigns, err := reports.Campaigns(ctx, analyst, report.CampaignFilter{Open: true})
	if err != nil || len(campaigns) != 1 || campaigns[0].Reporters != 3 {
		t.Fatalf("demo campaigns: %+v %v", campaigns, err)
	}
	single, err := reports.Reports(ctx, analyst, report.ReportFilter{Single: true, Status: report.Open})
	if err != nil || len(single) != 4 {
		t.Fatalf("%d other demo reports (%v), want 4", len(single), err)
	}
	if campaigns[0].Title != "Your NHSmail mailbox is 98% full - action needed today" {
		t.Errorf("demo campaign title %q", campaigns[0].Title)
	}
}
