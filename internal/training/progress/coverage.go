package progress

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Coverage is how much of the training needs analysis the organisation's
// staff have done, overall, by job role and by team.
type Coverage struct {
	At time.Time
	Tally
	ByJobRole []Group
	ByTeam    []Group // teams with members, then people without a team
}

// Group is the tally of one job role or team.
type Group struct {
	Key, Name string
	Tally
}

// Tally counts active staff and their required lessons.
type Tally struct {
	People int
	// UpToDate have every required lesson of their curriculum done and
	// not yet due again.
	UpToDate int
	// InMeasure completed every required lesson within the last
	// MeasureMonths: the 95 % measure.
	InMeasure int
	// Overdue have at least one required lesson past its due date.
	Overdue int
	// Lessons done and required, counted lesson by lesson.
	LessonsDone, LessonsRequired int
}

// Percent is the share of people up to date.
func (t Tally) Percent() int { return percent(t.UpToDate, t.People) }

// MeasurePercent is the share of people who completed their training in
// the last MeasureMonths.
func (t Tally) MeasurePercent() int { return percent(t.InMeasure, t.People) }

// LessonsPercent is the share of required lessons done.
func (t Tally) LessonsPercent() int { return percent(t.LessonsDone, t.LessonsRequired) }

// MeetsTarget says the 95 % measure is met.
func (t Tally) MeetsTarget() bool { return t.People > 0 && t.InMeasure*100 >= TargetPercent*t.People }

func (t *Tally) add(o Tally) {
	t.People += o.People
	t.UpToDate += o.UpToDate
	t.InMeasure += o.InMeasure
	t.Overdue += o.Overdue
	t.LessonsDone += o.LessonsDone
	t.LessonsRequired += o.LessonsRequired
}

// Coverage measures the caller's organisation now: every active person
// against their job role's curriculum.
func (s *Service) Coverage(ctx context.Context, scope vigil.Scope) (Coverage, error) {
	return s.coverage(ctx, scope, s.clock())
}

func (s *Service) coverage(ctx context.Context, scope vigil.Scope, now time.Time) (Coverage, error) {
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return Coverage{}, err
	}
	people, err := s.activePeople(ctx, scope)
	if err != nil {
		return Coverage{}, err
	}
	needs, err := s.Needs(ctx, scope)
	if err != nil {
		return Coverage{}, err
	}
	passes, err := s.latestPasses(ctx, scope.OrgID)
	if err != nil {
		return Coverage{}, err
	}
	cov := Coverage{At: now}
	roles := map[string]*Group{}
	teams := map[string]*Group{}
	for _, p := range people {
		t := s.tally(p, needs, passes[p.ID], now)
		cov.add(t)
		group(roles, string(p.JobRole), p.JobRole.Label()).add(t)
		team, name := p.TeamID, p.TeamName
		if team == "" {
			name = "No team"
		}
		group(teams, team, name).add(t)
	}
	for _, r := range org.JobRoles {
		if g, ok := roles[string(r)]; ok {
			cov.ByJobRole = append(cov.ByJobRole, *g)
		}
	}
	for _, g := range teams {
		cov.ByTeam = append(cov.ByTeam, *g)
	}
	slices.SortFunc(cov.ByTeam, func(a, b Group) int {
		if (a.Key == "") != (b.Key == "") {
			if a.Key == "" {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return cov, nil
}

func group(m map[string]*Group, key, name string) *Group {
	g, ok := m[key]
	if !ok {
		g = &Group{Key: key, Name: name}
		m[key] = g
	}
	return g
}

// tally counts one person against their curriculum.
func (s *Service) tally(p org.User, needs Needs, passes map[string]time.Time, now time.Time) Tally {
	t := Tally{People: 1}
	c, ok := needs.For(string(p.JobRole))
	if !ok {
		return t
	}
	upToDate, inMeasure, overdue := true, true, false
	measureFrom := now.AddDate(0, -MeasureMonths, 0)
	for _, id := range c.Required {
		t.LessonsRequired++
		a := assign(lesson.Lesson{ID: id}, c, true, record{lastPass: passes[id]}, p.CreatedAt, now)
		if a.Status == Done {
			t.LessonsDone++
		} else {
			upToDate = false
		}
		if passes[id].IsZero() || passes[id].Before(measureFrom) {
			inMeasure = false
		}
		overdue = overdue || a.Overdue(now)
	}
	t.UpToDate, t.InMeasure, t.Overdue = count(upToDate), count(inMeasure), count(overdue)
	return t
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// activePeople lists every active person of the organisation.
func (s *Service) activePeople(ctx context.Context, scope vigil.Scope) ([]org.User, error) {
	var out []org.User
	after := ""
	for {
		page, err := s.people.Users(ctx, scope, org.UserFilter{After: after, Limit: org.MaxUsersPage})
		if err != nil {
			return nil, err
		}
		for _, u := range page {
			if !u.Disabled {
				out = append(out, u)
			}
		}
		if len(page) < org.MaxUsersPage {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// latestPasses is each person's latest pass of each lesson. The latest is
// found here rather than with MAX in SQL, which SQLite answers as text.
func (s *Service) latestPasses(ctx context.Context, orgID string) (map[string]map[string]time.Time, error) {
	rows, err := s.db.Query(ctx, `SELECT user_id, lesson_id, finished_at FROM training_attempts
		WHERE org_id = $1 AND passed = $2`, orgID, true)
	if err != nil {
		return nil, fmt.Errorf("read training passes: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]time.Time{}
	for rows.Next() {
		var user, lessonID string
		var at time.Time
		if err := rows.Scan(&user, &lessonID, &at); err != nil {
			return nil, err
		}
		if out[user] == nil {
			out[user] = map[string]time.Time{}
		}
		if at.After(out[user][lessonID]) {
			out[user][lessonID] = at
		}
	}
	return out, rows.Err()
}
