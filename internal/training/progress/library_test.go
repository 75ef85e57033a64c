package progress_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// An organisation adds a lesson of its own, makes it required for nurses,
// and its nurses take it; another organisation never sees it.
func TestOwnLessons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		file, err := os.ReadFile("testdata/rxx-ward-handover.md")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.training.AddLesson(ctx, f.nurse, "rxx-ward-handover.md", file); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse added a lesson: %v", err)
		}
		broken := strings.Replace(string(file), "        correct: true\n", "", 1)
		if _, err := f.training.AddLesson(ctx, f.admin, "rxx-ward-handover.md", []byte(broken)); !strings.Contains(strings.Join(values(fields(err)), " "), "right answer") {
			t.Errorf("a question without a right answer: %v", err)
		}
		builtIn := strings.Replace(string(file), "id: rxx-ward-handover", "id: "+phishing, 1)
		if _, err := f.training.AddLesson(ctx, f.admin, phishing+".md", []byte(builtIn)); !strings.Contains(fields(err)["file"], "rxx-spotting-phishing") {
			t.Errorf("a built-in id: %v", err)
		}
		l, err := f.training.AddLesson(ctx, f.admin, "rxx-ward-handover.md", file)
		if err != nil {
			t.Fatal(err)
		}
		needs, _ := f.training.Needs(ctx, f.admin)
		nurses, _ := needs.For(string(org.NurseMidwife))
		nurses.Required = append(nurses.Required, l.ID)
		if _, err := f.training.SaveCurriculum(ctx, f.admin, nurses); err != nil {
			t.Fatal(err)
		}
		plan, err := f.training.MyPlan(ctx, f.nurse)
		if err != nil {
			t.Fatal(err)
		}
		if a := assignment(t, plan, l.ID); !a.Required || a.Lesson.Title != "Handover sheets and the ward printer" {
			t.Errorf("the nurse's own-lesson assignment: %s", brief(a))
		}
		if r, err := f.training.Submit(ctx, f.nurse, l.ID, []int{0, 1, 0}, ""); err != nil || !r.Passed {
			t.Errorf("take the own lesson: %+v, %v", r.Correct, err)
		}
		// The practice has no such lesson.
		if _, err := f.training.Submit(ctx, f.gpNurse, l.ID, []int{0, 1, 0}, ""); !vigil.IsNotFound(err) {
			t.Errorf("the practice's nurse took the trust's lesson: %v", err)
		}
		own, _ := f.training.OwnLessons(ctx, f.practice)
		if len(own) != 0 {
			t.Errorf("the practice sees %d own lessons", len(own))
		}
		own, _ = f.training.OwnLessons(ctx, f.admin)
		if len(own) != 1 || own[0].ID != l.ID {
			t.Errorf("the trust's own lessons: %+v", own)
		}
	})
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
