package programme

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Habit is a habit-of-the-week card: one small thing to do, said in a
// sentence or two, with the lesson that explains why.
type Habit struct {
	ID     string `yaml:"id"`
	Title  string `yaml:"title"`  // "Lock your screen"
	Text   string `yaml:"text"`   // one or two sentences
	Lesson string `yaml:"lesson"` // the related lesson's id
}

// Limits on a habit card.
const (
	MaxHabits          = 200
	MaxHabitTitleChars = 60
	MaxHabitTextChars  = 300
)

// checkHabits reports bad cards and returns the good ones.
func checkHabits(doc contentfile.Document, ps *contentfile.Problems, habits []Habit, lessons lesson.Library) []Habit {
	if len(habits) > MaxHabits {
		doc.Add(ps, []any{"habits"}, "there are %d habit cards; at most %d are read", len(habits), MaxHabits)
		habits = habits[:MaxHabits]
	}
	var good []Habit
	for i, h := range habits {
		before := ps.Len()
		at := func(field string) []any { return []any{"habits", i, field} }
		switch {
		case !lesson.Slug.MatchString(h.ID):
			doc.Add(ps, at("id"), "the id %q must be lower-case letters, digits and hyphens", h.ID)
		case slices.ContainsFunc(good, func(g Habit) bool { return g.ID == h.ID }):
			doc.Add(ps, at("id"), "the id %q is used by another card", h.ID)
		}
		if t := strings.TrimSpace(h.Title); t == "" || utf8.RuneCountInString(t) > MaxHabitTitleChars {
			doc.Add(ps, at("title"), "the title is missing or longer than %d characters", MaxHabitTitleChars)
		}
		if t := strings.TrimSpace(h.Text); t == "" || utf8.RuneCountInString(t) > MaxHabitTextChars {
			doc.Add(ps, at("text"), "the text is missing or longer than %d characters: one or two sentences", MaxHabitTextChars)
		}
		if _, ok := lessons.Lesson(h.Lesson); !ok {
			doc.Add(ps, at("lesson"), "there is no lesson %q", h.Lesson)
		}
		if ps.Len() == before {
			good = append(good, h)
		}
	}
	return good
}
