package progress

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Needs is an organisation's training needs analysis as it stands: the
// curriculum of every job role, and the quiz pass mark.
type Needs struct {
	programme.TrainingNeeds
	PassMark int // per cent
	// Own says the organisation has changed the defaults; UpdatedBy and
	// UpdatedAt say who last did and when.
	Own       bool
	UpdatedBy string
	UpdatedAt time.Time
}

// Needs returns the organisation's training needs analysis. Everyone in
// the organisation may read it: it decides their own lessons.
func (s *Service) Needs(ctx context.Context, scope vigil.Scope) (Needs, error) {
	return s.needs(ctx, s.db, scope.OrgID)
}

func (s *Service) needs(ctx context.Context, q store.Querier, orgID string) (Needs, error) {
	n := Needs{TrainingNeeds: s.defaults, PassMark: DefaultPassMark}
	var curricula string
	err := q.QueryRow(ctx, `SELECT curricula, pass_mark, updated_by, updated_at FROM training_needs WHERE org_id = $1`, orgID).
		Scan(&curricula, &n.PassMark, &n.UpdatedBy, &n.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return n, nil
	}
	if err != nil {
		return Needs{}, fmt.Errorf("load the training needs analysis: %w", err)
	}
	var own []programme.Curriculum
	if err := json.Unmarshal([]byte(curricula), &own); err != nil {
		return Needs{}, fmt.Errorf("read the stored training needs analysis: %w", err)
	}
	n.Own = true
	// A job role added to Vigil after the organisation last saved starts
	// from the default curriculum.
	n.Curricula = slices.Clone(s.defaults.Curricula)
	for i, def := range n.Curricula {
		if j := slices.IndexFunc(own, func(c programme.Curriculum) bool { return c.JobRole == def.JobRole }); j >= 0 {
			n.Curricula[i] = own[j]
		}
	}
	return n, nil
}

// SaveCurriculum replaces one job role's curriculum in the organisation's
// training needs analysis, checked as the built-in one is.
func (s *Service) SaveCurriculum(ctx context.Context, scope vigil.Scope, c programme.Curriculum) (Needs, error) {
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return Needs{}, err
	}
	return s.change(ctx, scope, "Changed the curriculum for "+c.JobRole, func(n *Needs) error {
		i := slices.IndexFunc(n.Curricula, func(o programme.Curriculum) bool { return o.JobRole == c.JobRole })
		if i < 0 {
			return vigil.Errorf(vigil.NotFound, "There is no job role %q.", c.JobRole)
		}
		if c.Title == "" {
			c.Title = n.Curricula[i].Title
		}
		n.Curricula = slices.Clone(n.Curricula)
		n.Curricula[i] = c
		if err := n.Check(lib, s.jobRoles); err != nil {
			return curriculumProblem(err)
		}
		return nil
	})
}

// curriculumProblem turns the checker's findings, which name places in
// the needs analysis, into the fields of the curriculum form.
func curriculumProblem(err error) error {
	var ve *vigil.Error
	if !errors.As(err, &ve) {
		return err
	}
	fields := map[string]string{}
	for where, what := range ve.Fields {
		if strings.Contains(where, "refresh_months") {
			fields["refresh_months"] = fmt.Sprintf("Enter a number of months from %d to %d.", programme.MinRefreshMonths, programme.MaxRefreshMonths)
			continue
		}
		fields["required"] = what
	}
	return vigil.InvalidFields("The curriculum was not saved.", fields)
}

// SetPassMark sets the share of a quiz, in per cent, that passes.
func (s *Service) SetPassMark(ctx context.Context, scope vigil.Scope, mark int) (Needs, error) {
	return s.change(ctx, scope, fmt.Sprintf("Set the quiz pass mark to %d%%", mark), func(n *Needs) error {
		if mark < MinPassMark || mark > MaxPassMark {
			return vigil.InvalidFields("The pass mark was not saved.", map[string]string{"pass_mark": fmt.Sprintf("Enter a pass mark from %d to %d per cent.", MinPassMark, MaxPassMark)})
		}
		n.PassMark = mark
		return nil
	})
}

// change applies edit to the stored needs analysis in one transaction,
// with its audit record.
func (s *Service) change(ctx context.Context, scope vigil.Scope, summary string, edit func(*Needs) error) (Needs, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Needs{}, err
	}
	var out Needs
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.needs(ctx, tx, scope.OrgID)
		if err != nil {
			return err
		}
		after := before
		if err := edit(&after); err != nil {
			return err
		}
		curricula, err := json.Marshal(after.Curricula)
		if err != nil {
			return err
		}
		after.Own, after.UpdatedBy, after.UpdatedAt = true, scope.Name, s.clock().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO training_needs (org_id, curricula, pass_mark, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id) DO UPDATE SET curricula = excluded.curricula, pass_mark = excluded.pass_mark,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			scope.OrgID, string(curricula), after.PassMark, after.UpdatedBy, after.UpdatedAt); err != nil {
			return fmt.Errorf("save the training needs analysis: %w", err)
		}
		out = after
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "training-needs", EntityID: scope.OrgID,
			Summary: summary, Before: needsSummary(before), After: needsSummary(after)})
	})
	return out, err
}

func needsSummary(n Needs) map[string]any {
	return map[string]any{"pass_mark": n.PassMark, "curricula": n.Curricula}
}
