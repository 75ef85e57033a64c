package lrs

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Where a statement is. Several Vigil nodes may send at once: each claims
// a statement by moving its next try into the future first.
const (
	Queued    = "queued"    // waiting to go, or tried and to be tried again
	Delivered = "delivered" // the store has it
	Parked    = "parked"    // the store refused it as wrong: waits for an admin
)

// Queue owes the statements of one attempt, inside the transaction that
// records it, when the organisation sends its results to a store. A
// statement already owed is left as it is.
func (s *Service) Queue(ctx context.Context, tx *store.Tx, orgID string, statements func(base string) []progress.Statement) error {
	c, err := s.settings(ctx, tx, orgID)
	if err != nil || !c.enabled {
		return err
	}
	now := s.clock().UTC()
	for _, st := range statements(s.baseURL) {
		body, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("write xAPI statement %s: %w", st.ID, err)
		}
		attempt := st.ID
		if st.Context != nil && st.Context.Registration != "" {
			attempt = st.Context.Registration
		}
		if _, err := tx.Exec(ctx, `INSERT INTO training_lrs_statements (org_id, id, attempt_id, verb, body, status, attempts, next_at, last_error, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, $7, '', $7) ON CONFLICT (org_id, id) DO NOTHING`,
			orgID, st.ID, attempt, path.Base(st.Verb.ID), string(body), Queued, now); err != nil {
			return fmt.Errorf("queue xAPI statement: %w", err)
		}
	}
	return nil
}

// Status is how sending to the organisation's store is going.
type Status struct {
	Queued    int // waiting, including those failing
	Failing   int // queued, tried, and failed last time
	Delivered int // in the last KeepDelivered
	Parked    int
	// LastDelivered is when a statement last reached the store; zero if
	// none has.
	LastDelivered time.Time
	// Problems are the parked statements and those failing, the newest
	// first, at most MaxProblems.
	Problems []Problem
}

// Problem is one statement that has not gone, and why.
type Problem struct {
	StatementID string
	Verb        string // attempted, answered, passed, failed or completed
	Lesson      string // the lesson or question it is about
	Status      string // Queued or Parked
	Tries       int
	NextTry     time.Time // for a queued statement
	Reason      string    // what went wrong last time, as the store or the network said
}

// MaxProblems bounds the problems shown at once.
const MaxProblems = 50

// Status is how sending to the organisation's store is going.
func (s *Service) Status(ctx context.Context, scope vigil.Scope) (Status, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Status{}, err
	}
	var st Status
	rows, err := s.db.Query(ctx, `SELECT status, last_error <> '', COUNT(*) FROM training_lrs_statements WHERE org_id = $1 GROUP BY status, last_error <> ''`, scope.OrgID)
	if err != nil {
		return Status{}, fmt.Errorf("count xAPI statements: %w", err)
	}
	for rows.Next() {
		var status string
		var failing bool
		var n int
		if err := rows.Scan(&status, &failing, &n); err != nil {
			rows.Close()
			return Status{}, err
		}
		switch status {
		case Queued:
			st.Queued += n
			if failing {
				st.Failing += n
			}
		case Delivered:
			st.Delivered += n
		case Parked:
			st.Parked += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Status{}, err
	}
	if st.Delivered > 0 {
		if err := s.db.QueryRow(ctx, `SELECT delivered_at FROM training_lrs_statements WHERE org_id = $1 AND status = $2
			ORDER BY delivered_at DESC LIMIT 1`, scope.OrgID, Delivered).Scan(&st.LastDelivered); err != nil {
			return Status{}, fmt.Errorf("read the last delivery: %w", err)
		}
		st.LastDelivered = st.LastDelivered.UTC()
	}
	st.Problems, err = s.problems(ctx, scope.OrgID)
	return st, err
}

func (s *Service) problems(ctx context.Context, orgID string) ([]Problem, error) {
	rows, err := s.db.Query(ctx, `SELECT id, verb, body, status, attempts, next_at, last_error FROM training_lrs_statements
		WHERE org_id = $1 AND (status = $2 OR (status = $3 AND last_error <> '')) ORDER BY created_at DESC, id LIMIT $4`,
		orgID, Parked, Queued, MaxProblems)
	if err != nil {
		return nil, fmt.Errorf("read xAPI statements not sent: %w", err)
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		var p Problem
		var body string
		if err := rows.Scan(&p.StatementID, &p.Verb, &body, &p.Status, &p.Tries, &p.NextTry, &p.Reason); err != nil {
			return nil, err
		}
		var st progress.Statement
		if json.Unmarshal([]byte(body), &st) == nil {
			p.Lesson = st.Object.Definition.Name["en-GB"]
		}
		p.NextTry = p.NextTry.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// RetryNow sends again, at the next run of the worker, every statement
// that is failing or parked, and answers how many.
func (s *Service) RetryNow(ctx context.Context, scope vigil.Scope) (int, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock().UTC()
		res, err := tx.Exec(ctx, `UPDATE training_lrs_statements SET status = $1, next_at = $2, attempts = 0
			WHERE org_id = $3 AND (status = $4 OR (status = $1 AND last_error <> ''))`, Queued, now, scope.OrgID, Parked)
		if err != nil {
			return fmt.Errorf("retry xAPI statements: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "training-lrs", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("Asked for %d quiz results to be sent to the learning record store again", n)})
	})
	return int(n), err
}
