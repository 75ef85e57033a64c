package lrs_test

import (
	"context"
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
	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/training/lrs/lrstest"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

const (
	base     = "https://vigil.example.nhs.uk"
	phishing = "spotting-phishing" // four questions
)

// fixture is a trust with a learning record store and a GP practice
// without one, people in each, and a clock the test moves.
type fixture struct {
	db       *store.DB
	training *progress.Service
	lrs      *lrs.Service
	store    *lrstest.Store
	lessons  lesson.Library
	now      time.Time
	admin    vigil.Scope // org admin of the trust
	nurse    vigil.Scope
	practice vigil.Scope // org admin of the practice
	gpNurse  vigil.Scope
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice := add("RXX", org.AcuteTrust), add("Y0001", org.GPPractice)
	person := func(o org.Organisation, name string, job org.JobRole, roles ...vigil.Role) vigil.Scope {
		return orgtest.Person(t, orgs, o, name, job, roles...)
	}
	v := builtin.Vocabulary()
	c, err := content.Load(v)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, lessons: c.Lessons, now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	f.training = progress.New(db, orgs, c.Lessons, c.Programme.Needs, clock)
	f.store = lrstest.New(t, "vigil-rxx", "s3cret-of-the-store")
	f.lrs = lrs.New(db, lrs.Options{BaseURL: base, Client: f.store.Server.Client(), AllowLoopback: true, Clock: clock})
	f.training.SendStatementsTo(f.lrs)
	f.admin = person(trust, "Priya Raman", org.ITDigital, vigil.Staff, vigil.OrgAdmin)
	f.nurse = person(trust, "Grace Okafor", org.NurseMidwife, vigil.Staff)
	f.practice = person(practice, "Ann Lee", org.ManagerBoard, vigil.Staff, vigil.OrgAdmin)
	f.gpNurse = person(practice, "Bea Holt", org.NurseMidwife, vigil.Staff)
	t.Cleanup(func() {
		for _, p := range f.store.Problems() {
			t.Errorf("the test store found: %s", p)
		}
	})
	return f
}

// connect turns sending on for the trust.
func (f *fixture) connect(t *testing.T) {
	t.Helper()
	if _, err := f.lrs.Save(context.Background(), f.admin, lrs.Change{Endpoint: f.store.Endpoint(), Key: f.store.Key, Secret: f.store.Secret, Enabled: true}); err != nil {
		t.Fatal(err)
	}
}

// answers picks the right option of every question, or a wrong one for
// the questions listed in wrong (from 0).
func (f *fixture) answers(t testing.TB, lessonID string, wrong ...int) []int {
	t.Helper()
	return lessontest.Answers(t, f.lessons, lessonID, wrong...)
}

func (f *fixture) submit(t *testing.T, sc vigil.Scope, key string, wrong ...int) {
	t.Helper()
	if _, err := f.training.Submit(context.Background(), sc, phishing, f.answers(t, phishing, wrong...), key); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) status(t *testing.T, sc vigil.Scope) lrs.Status {
	t.Helper()
	st, err := f.lrs.Status(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (f *fixture) flush(t *testing.T) int {
	t.Helper()
	n, err := f.lrs.Flush(context.Background())
	if err != nil {
		t.Logf("flush: %v", err)
	}
	return n
}
