package assess

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Tally counts the outcomes of a framework by their current answer.
type Tally struct {
	Achieved, Partial, NotAchieved, Unanswered int
	ActionsOverdue                             int
}

// Total is the number of outcomes counted.
func (t Tally) Total() int { return t.Achieved + t.Partial + t.NotAchieved + t.Unanswered }

// AchievedShare is the share of outcomes achieved, 0 to 100.
func (t Tally) AchievedShare() float64 {
	if t.Total() == 0 {
		return 0
	}
	return 100 * float64(t.Achieved) / float64(t.Total())
}

func (t *Tally) add(s framework.Status, answered bool) {
	switch {
	case !answered:
		t.Unanswered++
	case s == framework.Achieved:
		t.Achieved++
	case s == framework.PartiallyAchieved:
		t.Partial++
	default:
		t.NotAchieved++
	}
}

// tally counts the answers given up to at (every answer when at is zero).
func tally(f framework.Framework, answers []Answer, at, now time.Time) Tally {
	current := map[string]Answer{}
	for _, a := range answers {
		if at.IsZero() || !a.At.After(at) {
			current[a.Outcome] = a
		}
	}
	var t Tally
	for _, o := range f.Outcomes() {
		a, ok := current[o.ID]
		t.add(a.Status, ok)
		if ok && a.Action.Overdue(now) {
			t.ActionsOverdue++
		}
	}
	return t
}

// Point is the assessment as it stood at the end of one month.
type Point struct {
	At time.Time
	Tally
}

// Progress is the assessment now and at the end of each of the last months,
// oldest first, from the answers' history.
func (s *Assessments) Progress(ctx context.Context, scope vigil.Scope, frameworkID string, months int, now time.Time) (Tally, []Point, error) {
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return Tally{}, nil, err
	}
	f, err := s.Framework(frameworkID)
	if err != nil {
		return Tally{}, nil, err
	}
	answers, err := s.answers(ctx, scope.OrgID, f.ID, "")
	if err != nil {
		return Tally{}, nil, err
	}
	now = now.UTC()
	var points []Point
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := months - 1; i >= 1; i-- {
		end := first.AddDate(0, -i+1, 0).Add(-time.Nanosecond)
		points = append(points, Point{At: end, Tally: tally(f, answers, end, end)})
	}
	current := tally(f, answers, time.Time{}, now)
	points = append(points, Point{At: now, Tally: current})
	return current, points, nil
}

// OrgTally is one organisation's place in the national roll-up.
type OrgTally struct {
	Org         org.Organisation
	Tally       Tally
	ByObjective map[string]Tally
}

// Rollup is every organisation's current assessment against a framework,
// for the national centre. Organisations that have answered nothing are
// listed too: that is worth knowing.
func (s *Assessments) Rollup(ctx context.Context, scope vigil.Scope, frameworkID string, now time.Time) ([]OrgTally, error) {
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return nil, err
	}
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	f, err := s.Framework(frameworkID)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []OrgTally
	for _, o := range orgs {
		if o.Type == org.NationalCentre {
			continue
		}
		answers, err := s.answers(ctx, o.ID, f.ID, "")
		if err != nil {
			return nil, fmt.Errorf("roll up %s: %w", o.Code, err)
		}
		ot := OrgTally{Org: o, Tally: tally(f, answers, time.Time{}, now), ByObjective: map[string]Tally{}}
		for _, obj := range f.Objectives {
			part := framework.Framework{Objectives: []framework.Objective{obj}}
			ot.ByObjective[obj.ID] = tally(part, answers, time.Time{}, now)
		}
		out = append(out, ot)
	}
	return out, nil
}

// The self-assessment gives the board its own figures.
var _ evidence.Source = (*Assessments)(nil)

// Evidence is nothing: the assessment does not evidence itself.
func (s *Assessments) Evidence(context.Context, vigil.Scope, time.Time) ([]evidence.Item, error) {
	return nil, nil
}

// Measures are the first framework's figures for the board, counting the
// answers given up to now.
func (s *Assessments) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	if len(s.frameworks) == 0 {
		return nil, nil
	}
	f := s.frameworks[0]
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return nil, err
	}
	answers, err := s.answers(ctx, scope.OrgID, f.ID, "")
	if err != nil {
		return nil, err
	}
	t := tally(f, answers, now, now) // as it stood at now, so past figures can be asked for
	link := "/assessment/" + f.ID
	return []evidence.Measure{
		{Key: "caf.achieved", Label: "CAF outcomes achieved", Value: t.AchievedShare(), Unit: "%", Better: evidence.HigherIsBetter, Link: link},
		{Key: "caf.not-achieved", Label: "CAF outcomes not achieved or not yet answered", Value: float64(t.NotAchieved + t.Unanswered), Unit: "outcomes", Better: evidence.LowerIsBetter, Link: link},
		{Key: "caf.actions-overdue", Label: "CAF improvement actions overdue", Value: float64(t.ActionsOverdue), Unit: "actions", Better: evidence.LowerIsBetter, Link: link},
	}, nil
}
