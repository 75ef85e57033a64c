package progress

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Plan is one person's training: their curriculum's lessons with their
// status and dates, and the lessons offered beyond it.
type Plan struct {
	Person     org.User
	Curriculum programme.Curriculum
	PassMark   int
	// Required lists the curriculum's lessons: first those to do, soonest
	// due first, then those done, due again soonest first.
	Required []Assignment
	// Offered are the recommended lessons, in the curriculum's order.
	Offered []Assignment
}

// ToDo are the required lessons not done, soonest due first.
func (p Plan) ToDo() []Assignment {
	return slices.DeleteFunc(slices.Clone(p.Required), func(a Assignment) bool { return a.Status == Done })
}

// Finished are the required and offered lessons passed and not yet due again.
func (p Plan) Finished() []Assignment {
	return slices.DeleteFunc(append(slices.Clone(p.Required), p.Offered...), func(a Assignment) bool { return a.Status != Done })
}

// Assignment finds a lesson in the plan, required or offered.
func (p Plan) Assignment(lessonID string) (Assignment, bool) {
	for _, a := range append(slices.Clone(p.Required), p.Offered...) {
		if a.Lesson.ID == lessonID {
			return a, true
		}
	}
	return Assignment{}, false
}

// MyPlan is the signed-in person's own plan.
func (s *Service) MyPlan(ctx context.Context, scope vigil.Scope) (Plan, error) {
	me, err := s.people.Myself(ctx, scope)
	if err != nil {
		return Plan{}, err
	}
	needs, err := s.Needs(ctx, scope)
	if err != nil {
		return Plan{}, err
	}
	records, err := s.records(ctx, scope.OrgID, me.ID)
	if err != nil {
		return Plan{}, err
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return Plan{}, err
	}
	return plan(me, needs, lib, records, s.clock()), nil
}

func plan(me org.User, needs Needs, lib lesson.Library, records map[string]record, now time.Time) Plan {
	c, _ := needs.For(string(me.JobRole))
	p := Plan{Person: me, Curriculum: c, PassMark: needs.PassMark}
	for _, id := range c.Required {
		if l, ok := lib.Lesson(id); ok {
			p.Required = append(p.Required, assign(l, c, true, records[id], me.CreatedAt, now))
		}
	}
	for _, id := range c.Recommended {
		if l, ok := lib.Lesson(id); ok {
			p.Offered = append(p.Offered, assign(l, c, false, records[id], me.CreatedAt, now))
		}
	}
	slices.SortStableFunc(p.Required, func(a, b Assignment) int {
		if (a.Status == Done) != (b.Status == Done) {
			if a.Status == Done {
				return 1
			}
			return -1
		}
		return a.DueAt.Compare(b.DueAt)
	})
	return p
}

// records reads one person's attempts, lesson by lesson.
func (s *Service) records(ctx context.Context, orgID, userID string) (map[string]record, error) {
	all, err := s.readRecords(ctx, `SELECT user_id, lesson_id, passed, correct, questions, finished_at FROM training_attempts
		WHERE org_id = $1 AND user_id = $2 ORDER BY finished_at, id`, orgID, userID)
	return all[userID], err
}

// readRecords reads attempts (user, lesson, passed, correct, questions,
// finished, oldest first) into each person's record of each lesson.
func (s *Service) readRecords(ctx context.Context, query string, args ...any) (map[string]map[string]record, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read training attempts: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]record{}
	for rows.Next() {
		var user, id string
		var passed bool
		var correct, questions int
		var at time.Time
		if err := rows.Scan(&user, &id, &passed, &correct, &questions, &at); err != nil {
			return nil, err
		}
		if out[user] == nil {
			out[user] = map[string]record{}
		}
		r := out[user][id]
		r.lastPercent = percent(correct, questions)
		if passed {
			r.lastPass, r.triedSince = at, 0
		} else {
			r.triedSince++
		}
		out[user][id] = r
	}
	return out, rows.Err()
}

// percent is part of whole, in whole per cent rounded down, so that 79.9
// never shows as a pass mark of 80 that was not reached.
func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return part * 100 / whole
}
