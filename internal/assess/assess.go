// Package assess keeps each organisation's self-assessment against a
// framework such as Vigil's CAF-aligned one: an answer to every
// contributing outcome (not achieved, partially achieved, achieved) with
// the evidence behind it and an improvement action with an owner and a
// date. Every answer is kept, so the assessment has a history; evidence
// Vigil already holds is offered from each capability's evidence.Source;
// and the national centre sees a roll-up across organisations.
package assess

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Assessments answers frameworks for each organisation.
type Assessments struct {
	clock      func() time.Time
	db         *store.DB
	orgs       *org.Store
	frameworks []framework.Framework
	sources    []evidence.Source
}

// New returns the self-assessment on db for frameworks, offering evidence
// from sources.
func New(db *store.DB, orgs *org.Store, frameworks []framework.Framework, sources []evidence.Source) *Assessments {
	return &Assessments{clock: store.Now, db: db, orgs: orgs, frameworks: frameworks, sources: sources}
}

// WithClock is the same assessment answering at the times clock tells: for
// importing an assessment made before Vigil, and for the demo's history.
func (s *Assessments) WithClock(clock func() time.Time) *Assessments {
	c := *s
	c.clock = clock
	return &c
}

// Frameworks are the frameworks an organisation can answer.
func (s *Assessments) Frameworks() []framework.Framework { return s.frameworks }

// Framework finds a framework by id.
func (s *Assessments) Framework(id string) (framework.Framework, error) {
	i := slices.IndexFunc(s.frameworks, func(f framework.Framework) bool { return f.ID == id })
	if i < 0 {
		return framework.Framework{}, vigil.Errorf(vigil.NotFound, "There is no such framework.")
	}
	return s.frameworks[i], nil
}

// Answer is an organisation's answer to one outcome, as given at one time.
type Answer struct {
	Outcome  string
	Status   framework.Status
	Evidence []Evidence
	Notes    string
	Action   Action
	By       string
	At       time.Time
}

// Evidence is something that shows the answer: a description, and where to
// see it when there is a page or a document to link.
type Evidence struct {
	Text string `json:"text"`
	Link string `json:"link,omitempty"`
}

// Action is an improvement action: what will be done, by whom, by when.
type Action struct {
	Text  string
	Owner string
	Due   time.Time // a date; zero when there is no action
}

// Overdue reports whether the action is past its date at now.
func (a Action) Overdue(now time.Time) bool {
	return a.Text != "" && !a.Due.IsZero() && a.Due.Before(now)
}

// Limits on an answer.
const (
	MaxNotes    = 4000
	MaxAction   = 1000
	MaxOwner    = 120
	MaxEvidence = 20
)

// Details are what a person gives to answer an outcome.
type Details struct {
	Status   framework.Status
	Evidence []Evidence
	Notes    string
	Action   Action
}

func (d *Details) check(o framework.Outcome) map[string]string {
	problems := map[string]string{}
	if !o.Allows(d.Status) {
		problems["status"] = "Choose not achieved, partially achieved or achieved"
	}
	d.Notes = strings.TrimSpace(d.Notes)
	if utf8.RuneCountInString(d.Notes) > MaxNotes {
		problems["notes"] = fmt.Sprintf("Keep the notes to %d characters or fewer", MaxNotes)
	}
	if len(d.Evidence) > MaxEvidence {
		problems["evidence"] = fmt.Sprintf("Give at most %d pieces of evidence", MaxEvidence)
	}
	a := &d.Action
	a.Text, a.Owner = strings.TrimSpace(a.Text), strings.TrimSpace(a.Owner)
	switch {
	case utf8.RuneCountInString(a.Text) > MaxAction:
		problems["action"] = fmt.Sprintf("Keep the action to %d characters or fewer", MaxAction)
	case utf8.RuneCountInString(a.Owner) > MaxOwner:
		problems["action_owner"] = fmt.Sprintf("Keep the owner to %d characters or fewer", MaxOwner)
	case a.Text == "" && (a.Owner != "" || !a.Due.IsZero()):
		problems["action"] = "Say what the improvement action is, or clear its owner and date"
	case a.Text != "" && a.Owner == "":
		problems["action_owner"] = "Name who owns the improvement action"
	case a.Text != "" && a.Due.IsZero():
		problems["action_due"] = "Enter the date the improvement action is due"
	}
	if d.Status != framework.Achieved && a.Text == "" && problems["action"] == "" && problems["status"] == "" {
		problems["action"] = "Say what will be done to achieve this outcome, who owns it and by when"
	}
	return problems
}

const answerColumns = `outcome_id, status, evidence, notes, action, action_owner, action_due, answered_by, answered_at`

func scanAnswer(row interface{ Scan(...any) error }) (Answer, error) {
	var a Answer
	var ev string
	var due sql.NullTime
	if err := row.Scan(&a.Outcome, &a.Status, &ev, &a.Notes, &a.Action.Text, &a.Action.Owner, &due, &a.By, &a.At); err != nil {
		return Answer{}, err
	}
	a.At = a.At.UTC()
	if due.Valid {
		a.Action.Due = due.Time.UTC()
	}
	if err := json.Unmarshal([]byte(ev), &a.Evidence); err != nil {
		return Answer{}, fmt.Errorf("answer to %s: %w", a.Outcome, err)
	}
	return a, nil
}

// Record answers one outcome. The earlier answers stay as its history.
func (s *Assessments) Record(ctx context.Context, scope vigil.Scope, frameworkID, outcomeID string, d Details) (Answer, error) {
	if err := scope.Require(vigil.WriteAssessment); err != nil {
		return Answer{}, err
	}
	f, err := s.Framework(frameworkID)
	if err != nil {
		return Answer{}, err
	}
	o, ok := f.Outcome(outcomeID)
	if !ok {
		return Answer{}, vigil.Errorf(vigil.NotFound, "There is no such outcome in %s.", f.Title)
	}
	if problems := d.check(o); len(problems) > 0 {
		return Answer{}, vigil.InvalidFields("Check the answer.", problems)
	}
	if d.Evidence == nil {
		d.Evidence = []Evidence{}
	}
	a := Answer{Outcome: o.ID, Status: d.Status, Evidence: d.Evidence, Notes: d.Notes, Action: d.Action, By: scope.Name, At: s.clock().UTC().Truncate(time.Microsecond)}
	if !a.Action.Due.IsZero() {
		t := a.Action.Due.UTC()
		a.Action.Due = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	var due any
	if !a.Action.Due.IsZero() {
		due = a.Action.Due
	}
	ev, err := json.Marshal(a.Evidence)
	if err != nil {
		return Answer{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO assessment_answers (id, org_id, framework_id, outcome_id, status, evidence, notes, action,
			action_owner, action_due, answered_by_id, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			store.NewID(), scope.OrgID, f.ID, o.ID, a.Status, string(ev), a.Notes, a.Action.Text, a.Action.Owner, due, scope.Person(), a.By, a.At)
		if err != nil {
			return fmt.Errorf("store answer: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "answer", EntityType: "assessment-outcome", EntityID: f.ID + "/" + o.ID,
			Summary: o.ID + " " + o.Title + ": " + a.Status.Label(), After: map[string]any{"status": a.Status, "action": a.Action.Text, "evidence": len(a.Evidence)}})
	})
	return a, err
}

// Answers are the organisation's current answers to a framework, by outcome id.
func (s *Assessments) Answers(ctx context.Context, scope vigil.Scope, frameworkID string) (map[string]Answer, error) {
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return nil, err
	}
	all, err := s.answers(ctx, scope.OrgID, frameworkID, "")
	if err != nil {
		return nil, err
	}
	current := map[string]Answer{}
	for _, a := range all { // oldest first: the last one stays
		current[a.Outcome] = a
	}
	return current, nil
}

// History lists every answer given to one outcome, newest first.
func (s *Assessments) History(ctx context.Context, scope vigil.Scope, frameworkID, outcomeID string) ([]Answer, error) {
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return nil, err
	}
	all, err := s.answers(ctx, scope.OrgID, frameworkID, outcomeID)
	slices.Reverse(all)
	return all, err
}

// answers reads an organisation's answers, oldest first; one outcome's when outcomeID is set.
func (s *Assessments) answers(ctx context.Context, orgID, frameworkID, outcomeID string) ([]Answer, error) {
	q := `SELECT ` + answerColumns + ` FROM assessment_answers WHERE org_id = $1 AND framework_id = $2`
	args := []any{orgID, frameworkID}
	if outcomeID != "" {
		q += ` AND outcome_id = $3`
		args = append(args, outcomeID)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	defer rows.Close()
	var out []Answer
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
