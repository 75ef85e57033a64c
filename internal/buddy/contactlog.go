package buddy

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Kind is what a buddy did with a team.
type Kind string

const (
	Visit            Kind = "visit"
	TrainingSession  Kind = "training-session"
	QuestionAnswered Kind = "question-answered"
	IncidentHelp     Kind = "incident-help"
)

// Kinds are the kinds of contact, in the order the form offers them.
var Kinds = []Kind{Visit, TrainingSession, QuestionAnswered, IncidentHelp}

// Label is the kind in words.
func (k Kind) Label() string {
	switch k {
	case Visit:
		return "Visit"
	case TrainingSession:
		return "Training session"
	case QuestionAnswered:
		return "Question answered"
	case IncidentHelp:
		return "Help in an incident"
	}
	return string(k)
}

// Limits on one logged contact: a short note, a working day at most, and
// nothing older than a year (a log is written the same week, not rebuilt).
const (
	MaxNoteChars      = 280
	MaxMinutes        = 600
	MaxDaysBack       = 366
	dayLayout         = "2006-01-02"
	MaxContactsListed = 500 // the most contacts one page or file lists
)

// NewContact is a contact as the buddy typed it.
type NewContact struct {
	TeamID, Kind, Day, Minutes, Note string
}

// Contact is one logged contact with a team.
type Contact struct {
	ID                 string
	BuddyID, BuddyName string
	TeamID, TeamName   string
	Kind               Kind
	Day                time.Time
	Minutes            int
	Note               string
	CreatedAt          time.Time
}

// parsed is a checked contact.
type parsed struct {
	kind    Kind
	day     time.Time
	minutes int
	note    string
}

// parseContact checks what a buddy typed, saying for each field what is
// wrong; today (UTC) stops contacts in the future.
func parseContact(in NewContact, today time.Time) (parsed, map[string]string) {
	var p parsed
	problems := map[string]string{}
	p.kind = Kind(strings.TrimSpace(in.Kind))
	if !slices.Contains(Kinds, p.kind) {
		problems["kind"] = "Choose what you did: a visit, a training session, a question answered or help in an incident."
	}
	day, err := time.Parse(dayLayout, strings.TrimSpace(in.Day))
	switch {
	case err != nil:
		problems["day"] = "Enter the date as year-month-day, such as " + today.Format(dayLayout) + "."
	case day.After(today.AddDate(0, 0, 1)): // a day's grace: in UK summer time the buddy's today starts an hour before UTC's
		problems["day"] = "The date must be today or in the past."
	case day.Before(today.AddDate(0, 0, -MaxDaysBack)):
		problems["day"] = "The date must be within the last year."
	}
	p.day = day
	m, err := strconv.Atoi(strings.TrimSpace(in.Minutes))
	if err != nil || m < 1 || m > MaxMinutes {
		problems["minutes"] = fmt.Sprintf("Enter how long it took in minutes, from 1 to %d.", MaxMinutes)
	}
	p.minutes = m
	p.note = strings.TrimSpace(in.Note)
	switch {
	case !utf8.ValidString(p.note):
		problems["note"] = "The note has characters that cannot be read. Type it again."
	case utf8.RuneCountInString(p.note) > MaxNoteChars:
		problems["note"] = fmt.Sprintf("Keep the note to %d characters or fewer.", MaxNoteChars)
	}
	return p, problems
}

// Log records a contact the signed-in buddy had with one of their teams.
func (b *Buddies) Log(ctx context.Context, scope vigil.Scope, in NewContact) (Contact, error) {
	if !scope.Has(vigil.Buddy) || scope.UserID == "" {
		return Contact{}, vigil.Errorf(vigil.Forbidden, "Only IT buddies keep a contact log.")
	}
	now := b.clock().UTC()
	p, problems := parseContact(in, Day(now))
	mine, err := b.teamsOf(ctx, scope)
	if err != nil {
		return Contact{}, err
	}
	i := slices.IndexFunc(mine, func(p Pairing) bool { return p.Team.ID == in.TeamID })
	if i < 0 {
		problems["team"] = "Choose one of the teams you are the buddy of."
	}
	if len(problems) > 0 {
		return Contact{}, vigil.InvalidFields("The contact was not logged.", problems)
	}
	c := Contact{ID: store.NewID(), BuddyID: scope.UserID, BuddyName: scope.Name, TeamID: mine[i].Team.ID, TeamName: mine[i].Team.Name,
		Kind: p.kind, Day: p.day, Minutes: p.minutes, Note: p.note, CreatedAt: now}
	err = b.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO buddy_contact_log (id, org_id, buddy_id, team_id, kind, day, minutes, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, scope.OrgID, c.BuddyID, c.TeamID, string(c.Kind), c.Day, c.Minutes, c.Note, c.CreatedAt); err != nil {
			return fmt.Errorf("log the contact: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "buddy_contact", EntityID: c.ID,
			Summary: fmt.Sprintf("Logged a %s with %s", strings.ToLower(c.Kind.Label()), c.TeamName),
			After:   map[string]any{"team": c.TeamID, "kind": c.Kind, "day": c.Day.Format(dayLayout), "minutes": c.Minutes}})
	})
	if err != nil {
		return Contact{}, err
	}
	return c, nil
}

// MyTeams are the teams the signed-in buddy supports, for the log form.
func (b *Buddies) MyTeams(ctx context.Context, scope vigil.Scope) ([]Pairing, error) {
	if !scope.Has(vigil.Buddy) || scope.UserID == "" {
		return nil, vigil.Errorf(vigil.Forbidden, "Only IT buddies keep a contact log.")
	}
	return b.teamsOf(ctx, scope)
}

func (b *Buddies) teamsOf(ctx context.Context, scope vigil.Scope) ([]Pairing, error) {
	ps, err := b.Pairings(ctx, scope)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ps, func(p Pairing) bool { return p.Buddy == nil || p.Buddy.UserID != scope.UserID }), nil
}

// Day is t's calendar date, in t's own time zone, as midnight UTC: how
// the log stores and compares days.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Period is a span of whole days, From and To both included.
type Period struct{ From, To time.Time }

// ParsePeriod reads a period from two dates as typed (year-month-day);
// empty means the last 3 months up to today.
func ParsePeriod(from, to string, today time.Time) (Period, map[string]string) {
	p := Period{From: today.AddDate(0, -3, 0), To: today}
	problems := map[string]string{}
	read := func(field, s string, into *time.Time) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		d, err := time.Parse(dayLayout, s)
		if err != nil {
			problems[field] = "Enter the date as year-month-day, such as " + today.Format(dayLayout) + "."
			return
		}
		*into = d
	}
	read("from", from, &p.From)
	read("to", to, &p.To)
	if len(problems) == 0 && p.To.Before(p.From) {
		problems["to"] = "The end date must be on or after the start date."
	}
	if len(problems) == 0 && p.To.Sub(p.From) > 5*366*24*time.Hour {
		problems["from"] = "Choose a period of five years or less."
	}
	return p, problems
}

// MyLog is the signed-in buddy's own log, newest first.
func (b *Buddies) MyLog(ctx context.Context, scope vigil.Scope) ([]Contact, error) {
	if !scope.Has(vigil.Buddy) || scope.UserID == "" {
		return nil, vigil.Errorf(vigil.Forbidden, "Only IT buddies keep a contact log.")
	}
	return b.contacts(ctx, scope.OrgID, scope.UserID, Period{}, MaxContactsListed)
}

// Report is every buddy's contacts over a period, with totals.
type Report struct {
	Period   Period
	Contacts []Contact // newest first, at most MaxContactsListed
	More     bool      // there were more contacts than listed
	ByBuddy  []Total
	ByTeam   []Total
	All      Total
}

// Total counts the contacts and minutes of one buddy or team.
type Total struct {
	ID, Name          string
	Contacts, Minutes int
}

// ContactReport is every buddy's contacts over a period, for org admins.
func (b *Buddies) ContactReport(ctx context.Context, scope vigil.Scope, p Period) (Report, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return Report{}, err
	}
	r := Report{Period: p}
	cs, err := b.contacts(ctx, scope.OrgID, "", p, MaxContactsListed+1)
	if err != nil {
		return Report{}, err
	}
	if len(cs) > MaxContactsListed {
		cs, r.More = cs[:MaxContactsListed], true
	}
	r.Contacts = cs
	if r.ByBuddy, err = b.totals(ctx, scope.OrgID, p, "l.buddy_id", "u.name"); err != nil {
		return Report{}, err
	}
	if r.ByTeam, err = b.totals(ctx, scope.OrgID, p, "l.team_id", "t.name"); err != nil {
		return Report{}, err
	}
	for _, t := range r.ByBuddy {
		r.All.Contacts += t.Contacts
		r.All.Minutes += t.Minutes
	}
	return r, nil
}

const contactFrom = ` FROM buddy_contact_log l
	JOIN users u ON u.id = l.buddy_id AND u.org_id = l.org_id
	JOIN teams t ON t.id = l.team_id AND t.org_id = l.org_id
	WHERE l.org_id = $1`

// contacts reads the log, newest first: one buddy's or everyone's, within
// a period unless it is zero.
func (b *Buddies) contacts(ctx context.Context, orgID, buddyID string, p Period, limit int) ([]Contact, error) {
	q := `SELECT l.id, l.buddy_id, u.name, l.team_id, t.name, l.kind, l.day, l.minutes, l.note, l.created_at` + contactFrom
	args := []any{orgID}
	if buddyID != "" {
		args = append(args, buddyID)
		q += fmt.Sprintf(` AND l.buddy_id = $%d`, len(args))
	}
	if !p.From.IsZero() {
		args = append(args, p.From, p.To)
		q += fmt.Sprintf(` AND l.day >= $%d AND l.day <= $%d`, len(args)-1, len(args))
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY l.day DESC, l.created_at DESC, l.id LIMIT $%d`, len(args))
	rows, err := b.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the buddy contact log: %w", err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		var kind string
		if err := rows.Scan(&c.ID, &c.BuddyID, &c.BuddyName, &c.TeamID, &c.TeamName, &kind, &c.Day, &c.Minutes, &c.Note, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.Kind, c.Day, c.CreatedAt = Kind(kind), c.Day.UTC(), c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// totals adds up the period's contacts by buddy or by team; key and name
// are columns chosen in this file, never typed by anyone.
func (b *Buddies) totals(ctx context.Context, orgID string, p Period, key, name string) ([]Total, error) {
	rows, err := b.db.Query(ctx, `SELECT `+key+`, `+name+`, count(*), COALESCE(sum(l.minutes), 0)`+contactFrom+`
		AND l.day >= $2 AND l.day <= $3 GROUP BY `+key+`, `+name+` ORDER BY count(*) DESC, `+name, orgID, p.From, p.To)
	if err != nil {
		return nil, fmt.Errorf("add up the buddy contact log: %w", err)
	}
	defer rows.Close()
	var out []Total
	for rows.Next() {
		var t Total
		if err := rows.Scan(&t.ID, &t.Name, &t.Contacts, &t.Minutes); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
