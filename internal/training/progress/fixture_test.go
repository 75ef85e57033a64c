package progress_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/lesson/lessontest"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// fixture is a trust and a GP practice with people in them, the built-in
// lessons and a clock the test moves.
type fixture struct {
	db       *store.DB
	orgs     *org.Store
	training *progress.Service
	lessons  lesson.Library
	now      time.Time
	admin    vigil.Scope // org admin of the trust
	analyst  vigil.Scope // security analyst of the trust: reads coverage
	nurse    vigil.Scope // a nurse of the trust
	nurse2   vigil.Scope
	practice vigil.Scope // org admin of the GP practice
	gpNurse  vigil.Scope // a nurse of the GP practice
}

func catalogue(t testing.TB) content.Catalogue {
	t.Helper()
	v := builtin.Vocabulary()
	c, err := content.Load(v)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice := add("RXX", org.AcuteTrust), add("Y0001", org.GPPractice)
	person := func(o org.Organisation, name string, job org.JobRole, roles ...vigil.Role) vigil.Scope {
		return orgtest.Person(t, orgs, o, name, job, roles...)
	}
	c := catalogue(t)
	f := &fixture{db: db, orgs: orgs, lessons: c.Lessons, now: store.Now()}
	f.training = progress.New(db, orgs, c.Lessons, c.Programme.Needs, func() time.Time { return f.now })
	f.admin = person(trust, "Priya Raman", org.ITDigital, vigil.Staff, vigil.OrgAdmin)
	f.analyst = person(trust, "Aisha Begum", org.ITDigital, vigil.Staff, vigil.SecurityAnalyst)
	f.nurse = person(trust, "Grace Okafor", org.NurseMidwife, vigil.Staff)
	f.nurse2 = person(trust, "Ewa Nowak", org.NurseMidwife, vigil.Staff)
	f.practice = person(practice, "Ann Lee", org.ManagerBoard, vigil.Staff, vigil.OrgAdmin)
	f.gpNurse = person(practice, "Bea Holt", org.NurseMidwife, vigil.Staff)
	return f
}

// answers picks the right option of every question, or a wrong one for
// the questions listed in wrong (from 0).
func (f *fixture) answers(t testing.TB, lessonID string, wrong ...int) []int {
	t.Helper()
	return lessontest.Answers(t, f.lessons, lessonID, wrong...)
}

// passAll passes every required lesson of the person's curriculum.
func (f *fixture) passAll(t testing.TB, sc vigil.Scope) {
	t.Helper()
	p, err := f.training.MyPlan(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Required {
		if _, err := f.training.Submit(context.Background(), sc, a.Lesson.ID, f.answers(t, a.Lesson.ID), ""); err != nil {
			t.Fatal(err)
		}
	}
}

func assignment(t testing.TB, p progress.Plan, id string) progress.Assignment {
	t.Helper()
	a, ok := p.Assignment(id)
	if !ok {
		t.Fatalf("%s is not in the plan", id)
	}
	return a
}

// fields are the form fields an Invalid error names.
func fields(err error) map[string]string {
	var ve *vigil.Error
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}

// brief keeps failure messages short: an assignment without its lesson.
func brief(a progress.Assignment) string {
	return fmt.Sprintf("%s: %s required=%v due=%v done=%v refresh=%v attempts=%d last=%d%%",
		a.Lesson.ID, a.Status, a.Required, a.DueAt, a.DoneAt, a.Refresh, a.Attempts, a.LastPercent)
}
