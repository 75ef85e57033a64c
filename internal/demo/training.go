package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// demoBuddies pairs the demo trust's two IT buddies with its clinical
// teams. Marcus has taken on more than a buddy can support well, Tom has
// room for one more, and several teams still have nobody, so the buddies
// page has something to fix and a buddy to suggest.
var demoBuddies = []struct {
	email, phone string
	teams        []string
}{
	{"buddy@riverside.example", "0300 555 0150", []string{"Ward 7 (Acute Medicine)", "Emergency Department", "Intensive Care Unit"}},
	{"marcus.reid@riverside.example", "07700 900461", []string{"Main Theatres", "Renal Dialysis Unit", "Pathology Laboratory", "Radiology", "Pharmacy"}},
}

// SeedTraining gives the demo trust's teams their IT buddies, and its staff
// a year of training: most lessons done, some due again soon, a few
// overdue, so that My training and the coverage page look like a real
// trust part-way through its year. Grace, the demo nurse, has lessons due
// and done and one quiz she did not pass yet.
func SeedTraining(ctx context.Context, svc Services) error {
	o, err := svc.Orgs.OrganisationByCode(ctx, Code)
	if err != nil {
		return err
	}
	admin := o.System("Vigil demo")
	people, err := svc.Orgs.Users(ctx, admin, org.UserFilter{Limit: org.MaxUsersPage})
	if err != nil {
		return err
	}
	byEmail := map[string]org.User{}
	for _, p := range people {
		byEmail[p.Email] = p
	}
	teams, err := svc.Orgs.Teams(ctx, admin)
	if err != nil {
		return err
	}
	teamID := map[string]string{}
	for _, t := range teams {
		teamID[t.Name] = t.ID
	}
	for _, b := range demoBuddies {
		for _, team := range b.teams {
			if err := svc.Buddies.Assign(ctx, admin, teamID[team], byEmail[b.email].ID, b.phone); err != nil {
				return fmt.Errorf("assign the demo buddy of %s: %w", team, err)
			}
		}
	}
	if err := seedBuddyLog(ctx, svc, o, byEmail["buddy@riverside.example"], teamID); err != nil {
		return err
	}
	now := store.Now()
	for i, p := range people {
		if err := seedLessons(ctx, svc, admin, p, i, now); err != nil {
			return fmt.Errorf("seed the training of %s: %w", p.Email, err)
		}
	}
	if err := seedQuizAnswers(ctx, svc, people); err != nil {
		return err
	}
	return seedGraceAttempt(ctx, svc, byEmail["staff@riverside.example"])
}

// demoTrickyQuestions are quiz questions (lesson, position from 0) that
// the demo staff often get wrong, so that the coverage page has questions
// to improve: the QR code on a poster, and the caller who knows your name.
var demoTrickyQuestions = []struct {
	lesson   string
	question int
	oneIn    int // every oneIn-th person gets it wrong
}{
	{"spotting-phishing", 1, 2},
	{"calls-and-texts", 0, 3},
}

// seedQuizAnswers has most of the demo trust's staff take two quizzes,
// some of them answering a tricky question wrongly.
func seedQuizAnswers(ctx context.Context, svc Services, people []org.User) error {
	for i, p := range people {
		if p.Email == "staff@riverside.example" {
			continue // Grace's own page tells its own story
		}
		scope, err := svc.Orgs.ScopeOf(ctx, p.ID)
		if err != nil {
			return err
		}
		lib, err := svc.Training.Library(ctx, scope)
		if err != nil {
			return err
		}
		for _, q := range demoTrickyQuestions {
			l, ok := lib.Lesson(q.lesson)
			if !ok {
				return fmt.Errorf("no lesson %s", q.lesson)
			}
			answers := make([]int, len(l.Quiz))
			for j, question := range l.Quiz {
				answers[j] = question.Right()
			}
			if i%q.oneIn == 0 {
				answers[q.question] = (answers[q.question] + 1 + i%2) % len(l.Quiz[q.question].Options)
			}
			if _, err := svc.Training.Submit(ctx, scope, l.ID, answers, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedLessons records completions for one person: how many of their
// required lessons, and how long ago, varies from person to person in a
// fixed pattern, so the demo is the same every time.
func seedLessons(ctx context.Context, svc Services, admin vigil.Scope, p org.User, i int, now time.Time) error {
	scope, err := svc.Orgs.ScopeOf(ctx, p.ID)
	if err != nil {
		return err
	}
	plan, err := svc.Training.MyPlan(ctx, scope)
	if err != nil {
		return err
	}
	done := len(plan.Required) - []int{0, 2, 1, 0}[i%4] // half have all done, half a lesson or two left
	if p.Email == "staff@riverside.example" {
		done = 5
	}
	for j, a := range plan.Required[:max(done, 0)] {
		// Months ago, from 1 to 11; every seventh person let one lapse.
		months := 1 + (i*5+j*3)%11
		if i%7 == 3 && j == 0 {
			months = 13
		}
		at := now.AddDate(0, -months, -(i+j)%20)
		if p.Email == "staff@riverside.example" {
			at = now.AddDate(0, -(2 + j*2), 0) // Grace is up to date with what she has done
		}
		if err := svc.Training.RecordCompletion(ctx, admin, p.ID, a.Lesson.ID, at); err != nil {
			return err
		}
	}
	return nil
}

// seedGraceAttempt has the demo nurse try one quiz and fall short, so her
// page shows a lesson in progress.
func seedGraceAttempt(ctx context.Context, svc Services, grace org.User) error {
	scope, err := svc.Orgs.ScopeOf(ctx, grace.ID)
	if err != nil {
		return err
	}
	lib, err := svc.Training.Library(ctx, scope)
	if err != nil {
		return err
	}
	l, ok := lib.Lesson("phones-and-messaging")
	if !ok {
		return fmt.Errorf("no lesson phones-and-messaging")
	}
	answers := make([]int, len(l.Quiz))
	for i, q := range l.Quiz {
		answers[i] = q.Right()
	}
	answers[0] = (answers[0] + 1) % len(l.Quiz[0].Options)
	_, err = svc.Training.Submit(ctx, scope, l.ID, answers, "")
	return err
}
