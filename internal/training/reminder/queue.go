package reminder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Queue works out this week's reminders in every organisation that has not
// had them yet, and answers how many e-mails it put in the outbox. Before
// Monday StartHour, and without a mail relay, it does nothing.
func (r *Reminders) Queue(ctx context.Context) (int, error) {
	now := r.clock()
	week, started := Week(now)
	if !started || r.sender == nil {
		return 0, nil
	}
	orgs, err := r.orgs.EveryOrganisation(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	var errs error
	for _, o := range orgs {
		n, err := r.queueIn(ctx, o, week, now)
		total += n
		errs = errors.Join(errs, err)
	}
	return total, errs
}

func (r *Reminders) queueIn(ctx context.Context, o org.Organisation, week string, now time.Time) (int, error) {
	var queued int
	if err := r.db.QueryRow(ctx, `SELECT COUNT(*) FROM training_reminder_weeks WHERE org_id = $1 AND week = $2`, o.ID, week).Scan(&queued); err != nil {
		return 0, fmt.Errorf("read reminder weeks: %w", err)
	}
	if queued > 0 {
		return 0, nil
	}
	sc := o.System("Training reminders")
	digests, err := r.digests(ctx, sc, o, now)
	if err != nil {
		return 0, fmt.Errorf("work out the training reminders of %s: %w", o.Code, err)
	}
	n := 0
	err = r.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO training_reminder_weeks (org_id, week, queued_at) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, week) DO NOTHING`, o.ID, week, now.UTC())
		if err != nil {
			return fmt.Errorf("record reminder week: %w", err)
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			return err // another node has done this week
		}
		for userID, d := range digests {
			subject, body := Compose(d)
			res, err := tx.Exec(ctx, `INSERT INTO training_reminders (id, org_id, user_id, week, subject, body, status, attempts, next_at, last_error, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, '', $8) ON CONFLICT (org_id, user_id, week) DO NOTHING`,
				store.NewID(), o.ID, userID, week, subject, body, statusPending, now.UTC())
			if err != nil {
				return fmt.Errorf("queue training reminder: %w", err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		return audit.Record(ctx, tx, sc.Actor(), audit.Change{Action: "create", EntityType: "training-reminders", EntityID: week,
			Summary: fmt.Sprintf("Worked out the week's training reminders: %s", plural(n, "e-mail", "e-mails"))})
	})
	return n, err
}

// digests are the e-mails owed in one organisation this week, by person:
// only people with something due, who have not asked for none.
func (r *Reminders) digests(ctx context.Context, sc vigil.Scope, o org.Organisation, now time.Time) (map[string]Digest, error) {
	plans, err := r.training.Everyone(ctx, sc)
	if err != nil {
		return nil, err
	}
	stopped, err := r.stoppedIn(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	shared := Digest{Organisation: o.Name, BaseURL: r.baseURL}
	if h, ok := r.programme.HabitOfTheWeek(now, london); ok {
		shared.Habit = &Habit{Title: h.Title, Text: h.Text}
	}
	if r.warnings != nil {
		ws, err := r.warnings.Warnings(ctx, sc, now)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			shared.Warnings = append(shared.Warnings, w.Title+": "+w.Text)
		}
	}
	var tactics []bulletin.Bulletin
	if r.tactics != nil {
		if tactics, err = r.tactics.CurrentIn(ctx, sc); err != nil {
			return nil, err
		}
	}
	teams := teamCounts(plans, now)
	out := map[string]Digest{}
	for _, p := range plans {
		if stopped[p.Person.ID] || p.Person.Email == "" {
			continue
		}
		d := shared
		d.FirstName = firstName(p.Person.Name)
		for _, a := range p.Required {
			if !a.Remind(now) {
				continue
			}
			due := Due{LessonID: a.Lesson.ID, Title: a.Lesson.Title, Minutes: a.Lesson.Minutes, DueAt: a.DueAt}
			if a.Overdue(now) {
				d.Overdue = append(d.Overdue, due)
			} else {
				d.DueSoon = append(d.DueSoon, due)
			}
		}
		for _, b := range tactics {
			if b.For(string(p.Person.JobRole)) {
				d.Tactics = append(d.Tactics, Tactic{Title: b.Title, WhatToDo: b.WhatToDo})
			}
		}
		if p.Person.JobRole == org.ManagerBoard && p.Person.TeamID != "" {
			d.Team = teams[p.Person.TeamID]
			d.Coverage = slices.Contains(vigil.PermissionsOf(p.Person.Roles), vigil.ReadTraining)
		}
		if !d.Empty() {
			out[p.Person.ID] = d
		}
	}
	return out, nil
}

// teamCounts counts, team by team, the people with a lesson overdue.
func teamCounts(plans []progress.Plan, now time.Time) map[string]*TeamCount {
	out := map[string]*TeamCount{}
	for _, p := range plans {
		if p.Person.TeamID == "" {
			continue
		}
		t, ok := out[p.Person.TeamID]
		if !ok {
			t = &TeamCount{Name: p.Person.TeamName}
			out[p.Person.TeamID] = t
		}
		t.People++
		if slices.ContainsFunc(p.Required, func(a progress.Assignment) bool { return a.Overdue(now) }) {
			t.Overdue++
		}
	}
	return out
}

func (r *Reminders) stoppedIn(ctx context.Context, orgID string) (map[string]bool, error) {
	rows, err := r.db.Query(ctx, `SELECT user_id FROM training_reminder_stops WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read reminder choices: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// firstName is how the e-mail greets someone: "Hello Grace", but "Hello,"
// for a doctor, as "Hello Dr" reads oddly.
func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 || strings.TrimSuffix(f[0], ".") == "Dr" {
		return ""
	}
	return f[0]
}
