package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestDemoReportsFillTheTriageQueue(t *testing.T) {
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DataDir, cfg.CreateDatabase = t.TempDir(), true
	svc, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := demo.Seed(ctx, svc.Demo()); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedReports(ctx, svc.Demo()); err != nil {
		t.Fatal(err)
	}
	o, err := svc.Orgs.OrganisationByCode(ctx, demo.Code)
	if err != nil {
		t.Fatal(err)
	}
	analyst := vigil.PersonScope(o.Ref(), "", "test", "", []vigil.Role{vigil.SecurityAnalyst})
	campaigns, err := svc.Triage.Campaigns(ctx, analyst, report.CampaignFilter{Open: true})
	if err != nil || len(campaigns) != 1 || campaigns[0].Reporters != 3 {
		t.Fatalf("demo campaigns: %+v %v", campaigns, err)
	}
	single, err := svc.Triage.Reports(ctx, analyst, report.ReportFilter{Single: true, Status: report.Open})
	if err != nil || len(single) != 4 {
		t.Fatalf("%d other demo reports (%v), want 4", len(single), err)
	}
	if campaigns[0].Title != "Your NHSmail mailbox is 98% full - action needed today" {
		t.Errorf("demo campaign title %q", campaigns[0].Title)
	}
}
