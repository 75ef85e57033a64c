package programme

import (
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Campaign is a ready-made month of awareness, a week at a time, such as
// Cyber Security Awareness Month in October.
type Campaign struct {
	ID      string     `yaml:"id"`
	Title   string     `yaml:"title"`
	Month   time.Month `yaml:"month"` // 1 to 12
	Theme   string     `yaml:"theme"`
	Summary string     `yaml:"summary"`
	Weeks   []Week     `yaml:"weeks"`
	File    string     `yaml:"-"`
}

// Week is one week of a campaign: what to say, what to learn, what to do.
type Week struct {
	Title   string   `yaml:"title"`
	Message string   `yaml:"message"` // for the home page and the all-staff e-mail
	Lessons []string `yaml:"lessons"`
	Habits  []string `yaml:"habits"`
}

// Starts gives the first day of each week in a year: weeks run Monday to
// Sunday, and the first starts on the month's first Monday, because
// "week commencing" is how a communications team plans.
func (c Campaign) Starts(year int, loc *time.Location) []time.Time {
	day := time.Date(year, c.Month, 1, 0, 0, 0, 0, loc)
	for day.Weekday() != time.Monday {
		day = day.AddDate(0, 0, 1)
	}
	out := make([]time.Time, len(c.Weeks))
	for i := range out {
		out[i] = day.AddDate(0, 0, 7*i)
	}
	return out
}

// MaxWeeks is how many weeks a campaign may have: a month has at most
// five Mondays.
const MaxWeeks = 5

func (c Campaign) check(doc contentfile.Document, ps *contentfile.Problems, lessons lesson.Library, habits []Habit) {
	if !lesson.Slug.MatchString(c.ID) {
		doc.Add(ps, []any{"id"}, "the id %q must be lower-case letters, digits and hyphens", c.ID)
	}
	for _, f := range []struct{ name, v string }{{"title", c.Title}, {"theme", c.Theme}, {"summary", c.Summary}} {
		if strings.TrimSpace(f.v) == "" {
			doc.Add(ps, []any{f.name}, "the %s is missing", f.name)
		}
	}
	if c.Month < time.January || c.Month > time.December {
		doc.Add(ps, []any{"month"}, "the month must be a number from 1 (January) to 12 (December)")
	}
	if len(c.Weeks) == 0 || len(c.Weeks) > MaxWeeks {
		doc.Add(ps, []any{"weeks"}, "a campaign has from 1 to %d weeks", MaxWeeks)
	}
	for i, w := range c.Weeks {
		if strings.TrimSpace(w.Title) == "" || strings.TrimSpace(w.Message) == "" {
			doc.Add(ps, []any{"weeks", i}, "week %d needs a title and a message", i+1)
		}
		if len(w.Lessons) == 0 {
			doc.Add(ps, []any{"weeks", i, "lessons"}, "week %d needs at least one lesson", i+1)
		}
		for j, id := range w.Lessons {
			if _, ok := lessons.Lesson(id); !ok {
				doc.Add(ps, []any{"weeks", i, "lessons", j}, "there is no lesson %q", id)
			}
		}
		for j, id := range w.Habits {
			if !slices.ContainsFunc(habits, func(h Habit) bool { return h.ID == id }) {
				doc.Add(ps, []any{"weeks", i, "habits", j}, "there is no habit card %q", id)
			}
		}
	}
}
