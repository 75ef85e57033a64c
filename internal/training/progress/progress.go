// Package progress is what each member of staff has learned and still has
// to learn: the lessons their job role's curriculum assigns them (from the
// organisation's training needs analysis), their quiz attempts and results,
// when each lesson is due and when it is due again. It also measures
// coverage for managers and the board. Every method takes the caller's
// scope; the SQL is this package's own.
package progress

import (
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/programme"
)

// Service keeps training records on one database.
type Service struct {
	db       *store.DB
	people   *org.Store
	lessons  lesson.Library
	defaults programme.TrainingNeeds
	jobRoles []string
	clock    func() time.Time
	cache    libraries
	queue    StatementQueue // nil: statements are not sent anywhere
}

// New returns the training records on db, for the built-in lessons (each
// organisation may add its own) and the
// default training needs analysis that organisations start from.
func New(db *store.DB, people *org.Store, lessons lesson.Library, defaults programme.TrainingNeeds, clock func() time.Time) *Service {
	roles := make([]string, len(org.JobRoles))
	for i, r := range org.JobRoles {
		roles[i] = string(r)
	}
	return &Service{db: db, people: people, lessons: lessons, defaults: defaults, jobRoles: roles, clock: clock}
}

// Rules of the training year.
const (
	// DefaultPassMark is the share of a quiz, in per cent, that passes.
	DefaultPassMark = 80
	MinPassMark     = 50
	MaxPassMark     = 100
	// NewStarterDays is how long a newcomer has for a required lesson they
	// have never done, counted from the day they were added to Vigil.
	NewStarterDays = 28
	// DueSoonDays is how early a lesson shows as due again before its date.
	DueSoonDays = 30
	// TargetPercent is the share of staff expected to complete their
	// training every MeasureMonths: the measure boards still report.
	TargetPercent = 95
	MeasureMonths = 12
)

// Status is where a person is with one lesson.
type Status string

const (
	NotStarted Status = "not-started" // never passed, never tried (or passed long ago)
	InProgress Status = "in-progress" // tried the quiz since it was last passed, not passed yet
	Done       Status = "done"        // passed, and not yet due again
)

// Label is the status as the learner reads it.
func (s Status) Label() string {
	switch s {
	case InProgress:
		return "In progress"
	case Done:
		return "Done"
	}
	return "Not started"
}

// Assignment is one lesson in a person's plan.
type Assignment struct {
	Lesson   lesson.Lesson
	Required bool // by the job role's curriculum; otherwise offered
	Status   Status
	// DueAt is when a required lesson must be done (again); zero for
	// lessons offered but not required.
	DueAt time.Time
	// DoneAt is the latest pass, zero if never passed.
	DoneAt time.Time
	// Refresh says the lesson was done before and has expired.
	Refresh  bool
	Attempts int // quizzes tried since the latest pass
	// LastPercent is the score of the latest attempt.
	LastPercent int
}

// Overdue says a required lesson's due date has passed.
func (a Assignment) Overdue(now time.Time) bool {
	return a.Required && a.Status != Done && !a.DueAt.IsZero() && now.After(a.DueAt)
}

// DueSoon says a done lesson falls due again within DueSoonDays.
func (a Assignment) DueSoon(now time.Time) bool {
	return a.Required && a.Status == Done && now.AddDate(0, 0, DueSoonDays).After(a.DueAt)
}

// record is what the attempts say about one person and one lesson.
type record struct {
	lastPass    time.Time
	triedSince  int // attempts after the latest pass
	lastPercent int
}

// assign works out one lesson's assignment from its record.
func assign(l lesson.Lesson, c programme.Curriculum, required bool, r record, joined, now time.Time) Assignment {
	a := Assignment{Lesson: l, Required: required, DoneAt: r.lastPass, Attempts: r.triedSince, LastPercent: r.lastPercent}
	current := !r.lastPass.IsZero() && (!required || now.Before(c.DueAgain(r.lastPass)))
	switch {
	case current:
		a.Status = Done
	case r.triedSince > 0:
		a.Status = InProgress
	default:
		a.Status = NotStarted
	}
	if !required {
		return a
	}
	if r.lastPass.IsZero() {
		a.DueAt = joined.AddDate(0, 0, NewStarterDays)
	} else {
		a.DueAt = c.DueAgain(r.lastPass)
		a.Refresh = !current
	}
	return a
}
