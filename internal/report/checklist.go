package report

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Step is one step of a report's "what to do" checklist, and who ticked it.
type Step struct {
	Text   string
	DoneBy string     // empty while not done
	DoneAt *time.Time // UTC
}

// Checklist is the "what to do" list for the report's kind, with the steps
// ticked so far, so the next person on shift sees where the work got to.
func (s *Triage) Checklist(ctx context.Context, scope vigil.Scope, id string) ([]Step, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	r, err := s.oneReport(ctx, s.db, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
	if err != nil {
		return nil, err
	}
	return s.steps(ctx, s.db, scope.OrgID, r)
}

// TickSteps records which steps of a report's checklist are done: exactly
// the steps in done (numbered from 0), replacing the ticks before. A step
// already ticked keeps who ticked it and when.
func (s *Triage) TickSteps(ctx context.Context, scope vigil.Scope, id string, done []int) ([]Step, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	var out []Step
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.oneReport(ctx, tx, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
		if err != nil {
			return err
		}
		before, err := s.steps(ctx, tx, scope.OrgID, r)
		if err != nil {
			return err
		}
		want := make([]bool, len(before))
		for _, i := range done {
			if i < 0 || i >= len(before) {
				return vigil.InvalidFields("That step is not on this report's checklist.", map[string]string{"step": fmt.Sprintf("choose steps 1 to %d", len(before))})
			}
			want[i] = true
		}
		now := store.Now()
		var was, is []int
		for i, st := range before {
			switch {
			case st.DoneAt != nil && !want[i]:
				_, err = tx.Exec(ctx, `DELETE FROM report_checklist WHERE org_id = $1 AND report_id = $2 AND step = $3`, scope.OrgID, r.ID, i)
			case st.DoneAt == nil && want[i]:
				_, err = tx.Exec(ctx, `INSERT INTO report_checklist (org_id, report_id, step, done_by, done_at) VALUES ($1, $2, $3, $4, $5)`,
					scope.OrgID, r.ID, i, scope.Actor().Label, now)
			}
			if err != nil {
				return fmt.Errorf("tick checklist: %w", err)
			}
			if st.DoneAt != nil {
				was = append(was, i+1)
			}
			if want[i] {
				is = append(is, i+1)
			}
		}
		if slices.Equal(was, is) {
			out = before
			return nil
		}
		if err := audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "report", EntityID: r.ID,
			Summary: fmt.Sprintf("Ticked %d of %d steps of a %s report's checklist", len(is), len(before), r.Kind.Title()),
			Before:  map[string]any{"steps_done": was}, After: map[string]any{"steps_done": is}}); err != nil {
			return err
		}
		out, err = s.steps(ctx, tx, scope.OrgID, r)
		return err
	})
	return out, err
}

// steps reads the ticks of one report, already known to be the organisation's.
func (s *base) steps(ctx context.Context, q store.Querier, orgID string, r Report) ([]Step, error) {
	actions := r.Kind.Actions()
	out := make([]Step, len(actions))
	for i, a := range actions {
		out[i].Text = a
	}
	rows, err := q.Query(ctx, `SELECT step, done_by, done_at FROM report_checklist WHERE org_id = $1 AND report_id = $2`, orgID, r.ID)
	if err != nil {
		return nil, fmt.Errorf("read checklist: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var by string
		var at sql.NullTime
		if err := rows.Scan(&i, &by, &at); err != nil {
			return nil, fmt.Errorf("read checklist: %w", err)
		}
		if i >= 0 && i < len(out) && at.Valid {
			t := at.Time.UTC()
			out[i].DoneBy, out[i].DoneAt = by, &t
		}
	}
	return out, rows.Err()
}
