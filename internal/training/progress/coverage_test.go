package progress_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Coverage counts each active person against their role's curriculum,
// and the board and the self-assessment get the same figures.
func TestCoverageByJobRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.passAll(t, f.nurse)
		f.passAll(t, f.gpNurse) // another organisation's nurse counts only there

		if _, err := f.training.Coverage(ctx, f.nurse); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse read coverage: %v", err)
		}
		cov, err := f.training.Coverage(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		if cov.People != 4 || cov.UpToDate != 1 || cov.InMeasure != 1 || cov.Percent() != 25 || cov.MeetsTarget() {
			t.Errorf("trust: %+v, want 1 of 4 up to date", cov.Tally)
		}
		i := slices.IndexFunc(cov.ByJobRole, func(g progress.Group) bool { return g.Key == string(org.NurseMidwife) })
		if i < 0 || cov.ByJobRole[i].People != 2 || cov.ByJobRole[i].UpToDate != 1 || cov.ByJobRole[i].Percent() != 50 {
			t.Errorf("nurses: %+v", cov.ByJobRole)
		}
		if len(cov.ByTeam) != 1 || cov.ByTeam[0].Name != "No team" || cov.ByTeam[0].People != 4 {
			t.Errorf("teams: %+v", cov.ByTeam)
		}

		// Four weeks on, everyone who has not started is overdue.
		f.now = f.now.AddDate(0, 0, progress.NewStarterDays+1)
		ms, err := f.training.Measures(ctx, f.analyst, f.now)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, m := range ms {
			got[m.Key] = m.Value
		}
		if got["training.up-to-date"] != 25 || got["training.12-months"] != 25 || got["training.overdue"] != 3 {
			t.Errorf("measures: %v", got)
		}
		items, err := f.training.Evidence(ctx, f.analyst, f.now)
		if err != nil || len(items) != 1 || items[0].Outcome != "B6.b" || !strings.Contains(items[0].Summary, "1 of 4") || !strings.Contains(items[0].Summary, "short of the 95% measure") {
			t.Errorf("evidence: %+v, %v", items, err)
		}
	})
}

// An admin edits a role's curriculum; the checks of the built-in one apply,
// and only their own organisation changes.
func TestAdminsEditTheNeedsAnalysis(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		needs, err := f.training.Needs(ctx, f.admin)
		if err != nil || needs.Own {
			t.Fatalf("needs: %+v, %v", needs, err)
		}
		nurses, _ := needs.For(string(org.NurseMidwife))
		edited := nurses
		edited.Required = []string{phishing, "passwords-and-mfa"}
		edited.RefreshMonths = 24

		if _, err := f.training.SaveCurriculum(ctx, f.nurse, edited); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse changed the curriculum: %v", err)
		}
		bad := edited
		bad.Required = []string{phishing, "admin-accounts"} // written for IT only
		if _, err := f.training.SaveCurriculum(ctx, f.admin, bad); !strings.Contains(fields(err)["required"], "not written for nurse-midwife") {
			t.Errorf("a lesson not for nurses: %v", err)
		}
		bad = edited
		bad.RefreshMonths = 0
		if _, err := f.training.SaveCurriculum(ctx, f.admin, bad); fields(err)["refresh_months"] == "" {
			t.Errorf("refresh of 0 months: %v", err)
		}
		if _, err := f.training.SaveCurriculum(ctx, f.admin, edited); err != nil {
			t.Fatal(err)
		}
		plan, err := f.training.MyPlan(ctx, f.nurse)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Required) != 2 || plan.Curriculum.RefreshMonths != 24 {
			t.Errorf("the nurse's plan: %d required, refresh %d", len(plan.Required), plan.Curriculum.RefreshMonths)
		}
		if i := slices.IndexFunc(plan.Offered, func(a progress.Assignment) bool { return a.Lesson.ID == "switchboard-and-reception" }); i < 0 {
			t.Errorf("recommended lessons are kept: %+v", plan.Offered)
		}
		gp, _ := f.training.MyPlan(ctx, f.gpNurse)
		if len(gp.Required) != len(nurses.Required) {
			t.Errorf("the practice's nurse has %d required lessons, want the default %d", len(gp.Required), len(nurses.Required))
		}
		var audited int
		_ = db.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'training-needs'`, f.admin.OrgID).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit records, want 1", audited)
		}
	})
}

// One organisation never sees or changes another's training records.
func TestTrainingTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.passAll(t, f.nurse)
		// The trust nurse's id used in the practice's scope finds nobody.
		stranger := vigil.PersonScope(f.practice.Org(), f.nurse.UserID, "Grace Okafor", f.nurse.Email, []vigil.Role{vigil.Staff})
		if _, err := f.training.MyPlan(ctx, stranger); !vigil.IsNotFound(err) {
			t.Errorf("a trust nurse's plan in the practice: %v", err)
		}
		cov, err := f.training.Coverage(ctx, f.practice)
		if err != nil || cov.People != 2 || cov.UpToDate != 0 {
			t.Errorf("the practice's coverage: %+v, %v", cov.Tally, err)
		}
		if _, err := f.training.SaveCurriculum(ctx, f.practice, programme.Curriculum{JobRole: string(org.NurseMidwife), Title: "Nurses", RefreshMonths: 6, Required: []string{phishing}}); err != nil {
			t.Fatal(err)
		}
		plan, _ := f.training.MyPlan(ctx, f.nurse)
		if plan.Curriculum.RefreshMonths != 12 || len(plan.ToDo()) != 0 {
			t.Errorf("the practice's edit reached the trust: %+v", plan.Curriculum)
		}
	})
}

// Completions done elsewhere count, once an admin records them; nobody
// else can, and never for another organisation's staff.
func TestRecordCompletionsDoneElsewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		earlier := f.now.AddDate(0, -11, -10)
		if err := f.training.RecordCompletion(ctx, f.analyst, f.nurse.UserID, phishing, earlier); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("an analyst recorded a completion: %v", err)
		}
		if err := f.training.RecordCompletion(ctx, f.practice, f.nurse.UserID, phishing, earlier); !vigil.IsNotFound(err) {
			t.Errorf("the practice recorded for the trust's nurse: %v", err)
		}
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse.UserID, phishing, f.now.Add(time.Hour)); fields(err)["at"] == "" {
			t.Errorf("a completion in the future: %v", err)
		}
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse.UserID, phishing, earlier); err != nil {
			t.Fatal(err)
		}
		plan, _ := f.training.MyPlan(ctx, f.nurse)
		if a := assignment(t, plan, phishing); a.Status != progress.Done || !a.DoneAt.Equal(earlier) || !a.DueSoon(f.now) {
			t.Errorf("after recording: %+v", brief(a))
		}
	})
}

// A campaign's leaderboard counts, team by team, who passed one of its
// lessons while it ran; nothing outside the window or the lessons counts.
func TestCampaignParticipation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		from := f.now.AddDate(0, 0, -10)
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse.UserID, phishing, f.now.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err)
		}
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse2.UserID, phishing, f.now.AddDate(0, 0, -20)); err != nil { // before it began
			t.Fatal(err)
		}
		if err := f.training.RecordCompletion(ctx, f.admin, f.analyst.UserID, "ransomware", f.now.AddDate(0, 0, -2)); err != nil { // not its lesson
			t.Fatal(err)
		}
		if _, err := f.training.CampaignParticipation(ctx, f.nurse, []string{phishing}, from, f.now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse read the leaderboard: %v", err)
		}
		ps, err := f.training.CampaignParticipation(ctx, f.analyst, []string{phishing}, from, f.now)
		if err != nil || len(ps) != 1 || ps[0].People != 4 || ps[0].Took != 1 || ps[0].Percent() != 25 {
			t.Errorf("participation: %+v, %v", ps, err)
		}
	})
}
