package reminder

import (
	"fmt"
	"strings"
	"time"
)

// Digest is what one person's weekly e-mail says.
type Digest struct {
	FirstName    string // "" greets with "Hello,"
	Organisation string
	Overdue      []Due // soonest due first
	DueSoon      []Due
	// Team is the overdue count of the team a manager is in; nil for
	// everyone else. It never names anyone.
	Team *TeamCount
	// Coverage says the reader may open the coverage page, so the e-mail
	// may link to it.
	Coverage bool
	Habit    *Habit
	Warnings []string // "we've seen this", one line each
	// Tactics are the live "latest tactics" bulletins for the person's job
	// role. They ride along in a digest that is going anyway: a bulletin
	// alone sends no e-mail, so nobody gets more than one a week.
	Tactics []Tactic
	BaseURL string // without it the e-mail says where to go in words
}

// Due is one lesson to do.
type Due struct {
	LessonID string
	Title    string
	Minutes  int
	DueAt    time.Time
}

// TeamCount is how many of a team have a lesson overdue.
type TeamCount struct {
	Name            string
	People, Overdue int
}

// Tactic is one "latest tactics" bulletin, as the e-mail tells it.
type Tactic struct {
	Title, WhatToDo string
}

// MaxTactics is how many bulletins one e-mail carries; the rest are on
// the Latest tactics page.
const MaxTactics = 3

// Habit is this week's habit card.
type Habit struct{ Title, Text string }

// Empty says there is nothing to remind the person of.
func (d Digest) Empty() bool {
	return len(d.Overdue) == 0 && len(d.DueSoon) == 0 && (d.Team == nil || d.Team.Overdue == 0)
}

// MaxListed is how many lessons one e-mail lists: more would be a wall of
// text on a phone, and the rest are on My training.
const MaxListed = 5

// Compose writes the e-mail's subject and plain-text body.
func Compose(d Digest) (subject, body string) {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	if d.FirstName != "" {
		line("Hello %s,", d.FirstName)
	} else {
		line("Hello,")
	}
	line("")
	if n := len(d.Overdue) + len(d.DueSoon); n > 0 {
		line("You have %s to do. Each takes a few minutes and works on your phone, so it fits in a break.", plural(n, "short cyber security lesson", "short cyber security lessons"))
		overdue := d.Overdue[:min(len(d.Overdue), MaxListed)]
		soon := d.DueSoon[:min(len(d.DueSoon), MaxListed-len(overdue))]
		d.lessons(&b, "Overdue", overdue, "was due")
		d.lessons(&b, "Due soon", soon, "due by")
		if more := n - len(overdue) - len(soon); more > 0 {
			line("")
			line("And %s: see them all on My training.", plural(more, "more", "more"))
		}
	}
	if t := d.Team; t != nil && t.Overdue > 0 {
		line("")
		line("Your team")
		line("%s: %d of %d people have a lesson overdue. A word at handover helps more than a list of names, so this e-mail gives none.", t.Name, t.Overdue, t.People)
		if d.Coverage {
			line("Your team's figures: %s", d.link("/training/coverage", "open Vigil and choose Training coverage"))
		}
	}
	if h := d.Habit; h != nil {
		line("")
		line("Habit of the week: %s", h.Title)
		line("%s", h.Text)
	}
	if len(d.Warnings) > 0 {
		line("")
		line("We've seen this")
		for _, w := range d.Warnings {
			line("- %s", w)
		}
	}
	if len(d.Tactics) > 0 {
		line("")
		line("Latest tactics")
		for _, t := range d.Tactics[:min(len(d.Tactics), MaxTactics)] {
			line("- %s: %s", t.Title, t.WhatToDo)
		}
		line("More: %s", d.link("/bulletins", "open Vigil and choose Latest tactics"))
	}
	line("")
	line("All your lessons: %s", d.link("/training", "open Vigil and choose My training"))
	line("")
	line("This e-mail comes once a week at most, and only when something is due. To stop it, choose \"Stop reminder e-mails\" at the bottom of My training.")
	if d.Organisation != "" {
		line("")
		line("%s cyber security", d.Organisation)
	}
	return d.subject(), b.String()
}

func (d Digest) subject() string {
	switch {
	case len(d.Overdue) > 0:
		return "Cyber training: " + plural(len(d.Overdue), "lesson is", "lessons are") + " overdue"
	case len(d.DueSoon) > 0:
		return "Cyber training: " + plural(len(d.DueSoon), "lesson", "lessons") + " due soon"
	case d.Team != nil:
		return fmt.Sprintf("Cyber training: %s in %s overdue", plural(d.Team.Overdue, "person is", "people are"), d.Team.Name)
	}
	return "Cyber training"
}

func (d Digest) lessons(b *strings.Builder, heading string, list []Due, when string) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s:\n", heading)
	for _, l := range list {
		fmt.Fprintf(b, "- %s (%d minutes), %s %s\n", l.Title, l.Minutes, when, l.DueAt.In(london).Format("2 January 2006"))
		if d.BaseURL != "" {
			fmt.Fprintf(b, "  %s\n", d.link("/training/lessons/"+l.LessonID, ""))
		}
	}
}

// link is a full address to a page of Vigil, or the words to find it when
// Vigil's address is not configured.
func (d Digest) link(path, words string) string {
	if d.BaseURL == "" {
		return words
	}
	return strings.TrimSuffix(d.BaseURL, "/") + path
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
