// Package programme holds what an organisation asks its staff to learn and
// when: the curriculum of each job role (its training needs analysis),
// habit-of-the-week cards, and campaigns such as Cyber Security Awareness
// Month. Vigil ships defaults as content; an organisation's admins can
// change them, and the same checks apply to both.
package programme

import (
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Curriculum is what one job role must learn, and how often.
type Curriculum struct {
	JobRole       string   `yaml:"-"`
	Title         string   `yaml:"title"`          // "Nurses and midwives"
	RefreshMonths int      `yaml:"refresh_months"` // a required lesson is due again this long after it was done
	Required      []string `yaml:"required"`       // lesson ids
	Recommended   []string `yaml:"recommended"`    // lesson ids offered, not chased
}

// Requires says whether a lesson is required for the curriculum's role.
func (c Curriculum) Requires(lessonID string) bool { return slices.Contains(c.Required, lessonID) }

// DueAgain is when a required lesson done at done is due again.
func (c Curriculum) DueAgain(done time.Time) time.Time { return done.AddDate(0, c.RefreshMonths, 0) }

// TrainingNeeds is the organisation's training needs analysis: one
// curriculum per job role, in job-role order.
type TrainingNeeds struct {
	Curricula []Curriculum
}

// For finds the curriculum of a job role.
func (n TrainingNeeds) For(jobRole string) (Curriculum, bool) {
	i := slices.IndexFunc(n.Curricula, func(c Curriculum) bool { return c.JobRole == jobRole })
	if i < 0 {
		return Curriculum{}, false
	}
	return n.Curricula[i], true
}

// Limits on a curriculum.
const (
	MinRefreshMonths = 1
	MaxRefreshMonths = 36
	MaxTitleChars    = 120
)

// Check finds what is wrong with training needs that an admin has edited:
// every job role needs a curriculum, every lesson must exist and be written
// for that role, and refresh periods must be sensible. The error is an
// Invalid *vigil.Error whose fields name the curriculum and list.
func (n TrainingNeeds) Check(lessons lesson.Library, jobRoles []string) error {
	var ps contentfile.Problems
	n.check(contentfile.Document{File: "training needs"}, lessons, jobRoles, &ps)
	return ps.Err("training needs")
}

func (n TrainingNeeds) check(doc contentfile.Document, lessons lesson.Library, jobRoles []string, ps *contentfile.Problems) {
	for _, role := range jobRoles {
		if _, ok := n.For(role); !ok {
			doc.Add(ps, []any{"curricula"}, "there is no curriculum for the job role %q: everyone needs one", role)
		}
	}
	for _, c := range n.Curricula {
		at := func(more ...any) []any { return append([]any{"curricula", c.JobRole}, more...) }
		if !slices.Contains(jobRoles, c.JobRole) {
			doc.Add(ps, at(), "unknown job role %q", c.JobRole)
			continue
		}
		if c.Title == "" || len(c.Title) > MaxTitleChars {
			doc.Add(ps, at("title"), "the title is missing or longer than %d characters", MaxTitleChars)
		}
		if c.RefreshMonths < MinRefreshMonths || c.RefreshMonths > MaxRefreshMonths {
			doc.Add(ps, at("refresh_months"), "refresh_months must be from %d to %d", MinRefreshMonths, MaxRefreshMonths)
		}
		if len(c.Required) == 0 {
			doc.Add(ps, at("required"), "no lessons are required for %s: list at least one", c.JobRole)
		}
		checkLessons(doc, ps, at("required"), c.Required, c.JobRole, lessons)
		checkLessons(doc, ps, at("recommended"), c.Recommended, c.JobRole, lessons)
		for i, id := range c.Recommended {
			if c.Requires(id) {
				doc.Add(ps, at("recommended", i), "%q is required already: list it once", id)
			}
		}
	}
}

func checkLessons(doc contentfile.Document, ps *contentfile.Problems, at []any, ids []string, role string, lessons lesson.Library) {
	for i, id := range ids {
		where := append(slices.Clip(at), i)
		l, ok := lessons.Lesson(id)
		switch {
		case !ok:
			doc.Add(ps, where, "there is no lesson %q", id)
		case !l.For(role):
			doc.Add(ps, where, "the lesson %q is not written for %s: add the role to its job_roles, or leave it out here", id, role)
		case slices.Contains(ids[:i], id):
			doc.Add(ps, where, "%q is listed twice", id)
		}
	}
}
