// Package audit keeps the append-only record of every change: who did what,
// when, in which organisation, and a summary of the before and after.
package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Event is one change.
type Event struct {
	ID         string
	OrgID      string
	ActorID    string
	Actor      string
	Action     string // create, update, delete, sign-in, …
	EntityType string // user, team, token, …
	EntityID   string
	Summary    string
	Before     string // JSON summary of the state before, or empty
	After      string // JSON summary of the state after, or empty
	At         time.Time
}

// Change describes what is being recorded.
type Change struct {
	Action     string
	EntityType string
	EntityID   string
	Summary    string
	Before     any // marshalled to JSON when not nil
	After      any
}

// Record appends one event. Call it with the transaction that makes the
// change, so the change and its record stand or fall together. The actor is
// usually scope.Actor(); vigil.SystemActor is for Vigil's own background work.
func Record(ctx context.Context, q store.Querier, actor vigil.Actor, c Change) error {
	before, err := summary(c.Before)
	if err != nil {
		return err
	}
	after, err := summary(c.After)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO audit_events
		(id, org_id, actor_id, actor, action, entity_type, entity_id, summary, before_data, after_data, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		store.NewID(), actor.OrgID, actor.ID, actor.Label, c.Action, c.EntityType, c.EntityID, c.Summary, before, after, store.Now())
	if err != nil {
		return fmt.Errorf("record audit event %s %s: %w", c.Action, c.EntityType, err)
	}
	return nil
}

// Entry is one change and who made it, for RecordEach.
type Entry struct {
	Actor vigil.Actor
	Change
}

// RecordEach appends one event per entry in one statement: a batch of
// reports stored or filed together is recorded together.
func RecordEach(ctx context.Context, q store.Querier, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	now := store.Now()
	var args []any
	var rows []string
	for _, e := range entries {
		c, actor := e.Change, e.Actor
		before, err := summary(c.Before)
		if err != nil {
			return err
		}
		after, err := summary(c.After)
		if err != nil {
			return err
		}
		n := len(args)
		args = append(args, store.NewID(), actor.OrgID, actor.ID, actor.Label, c.Action, c.EntityType, c.EntityID, c.Summary, before, after, now)
		rows = append(rows, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11))
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_events
		(id, org_id, actor_id, actor, action, entity_type, entity_id, summary, before_data, after_data, at)
		VALUES `+strings.Join(rows, ", "), args...)
	if err != nil {
		return fmt.Errorf("record %d audit events: %w", len(entries), err)
	}
	return nil
}

func summary(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("summarise for audit: %w", err)
	}
	return string(b), nil
}

// MaxPage is the most events one page returns.
const MaxPage = 500

// Store reads the audit trail of the caller's organisation. Writing is
// Record's job, inside each change's own transaction.
type Store struct {
	db *store.DB
}

// NewStore returns a Store on db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

// List returns the scope's organisation's events, newest first, older than
// the cursor (an event id) when one is given.
func (s *Store) List(ctx context.Context, scope vigil.Scope, before string, limit int) ([]Event, error) {
	if err := scope.Require(vigil.ReadAudit); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	if before == "" {
		before = "~" // sorts after every ULID
	}
	rows, err := s.db.Query(ctx, `SELECT id, org_id, actor_id, actor, action, entity_type, entity_id, summary, before_data, after_data, at
		FROM audit_events WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, scope.OrgID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.OrgID, &e.ActorID, &e.Actor, &e.Action, &e.EntityType, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.At); err != nil {
			return nil, fmt.Errorf("read audit event: %w", err)
		}
		e.At = e.At.UTC()
		events = append(events, e)
	}
	return events, rows.Err()
}

// WriteCSV writes every event of the scope's organisation as CSV, newest first, page by page.
func (s *Store) WriteCSV(ctx context.Context, scope vigil.Scope, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "at", "actor_id", "actor", "action", "entity_type", "entity_id", "summary", "before", "after"}); err != nil {
		return err
	}
	cursor := ""
	for {
		events, err := s.List(ctx, scope, cursor, MaxPage)
		if err != nil {
			return err
		}
		for _, e := range events {
			rec := []string{e.ID, e.At.Format(time.RFC3339), e.ActorID, e.Actor, e.Action, e.EntityType, e.EntityID, e.Summary, e.Before, e.After}
			for i, f := range rec {
				rec[i] = DefuseFormula(f)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		if len(events) < MaxPage {
			break
		}
		cursor = events[len(events)-1].ID
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write audit CSV: %w", err)
	}
	return nil
}

// DefuseFormula stops a spreadsheet from running a cell that starts like a
// formula. Every CSV export of text someone else typed (audit summaries,
// team names, advisories) passes its cells through it.
func DefuseFormula(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
