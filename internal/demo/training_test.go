package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/training/progress"
)

// A newcomer signing in as the demo nurse sees lessons due, done and in
// progress, and the trust's coverage is part-way through its year.
func TestDemoTrainingLooksLikeARealYear(t *testing.T) {
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
	o, err := svc.Orgs.OrganisationByCode(ctx, demo.Code)
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := svc.Orgs.ActivePersonByEmail(ctx, o.System("test"), "staff@riverside.example")
	if err != nil {
		t.Fatal(err)
	}
	grace, err := svc.Orgs.ScopeOf(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := svc.Training.MyPlan(ctx, grace)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[progress.Status]int{}
	for _, a := range plan.Required {
		statuses[a.Status]++
	}
	if statuses[progress.Done] != 5 || statuses[progress.InProgress] != 1 || statuses[progress.NotStarted] != 3 {
		t.Errorf("Grace's lessons: %v, want 5 done, 1 in progress, 3 to start", statuses)
	}
	if b, ok, err := svc.Buddies.Mine(ctx, grace); err != nil || !ok || b.Name != "Tom Hughes" {
		t.Errorf("Grace's buddy: %+v, %v, %v", b, ok, err)
	}
	cov, err := svc.Training.Coverage(ctx, o.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	if cov.People < 25 || cov.UpToDate == 0 || cov.UpToDate == cov.People || cov.Overdue == 0 {
		t.Errorf("demo coverage: %+v, want some up to date, some overdue", cov.Tally)
	}
}
