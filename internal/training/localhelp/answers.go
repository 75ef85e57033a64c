package localhelp

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Own is one of the organisation's own answers as it was typed.
type Own struct {
	help.Fields
	Retired   bool
	Replaces  bool // a built-in answer has the same id
	UpdatedBy string
	UpdatedAt time.Time
}

// MaxOwn bounds an organisation's own answers, as help.MaxAnswers bounds a folder.
const MaxOwn = help.MaxAnswers

// reserved are ids that would hide a page of Cyber help (/help/manage).
var reserved = map[string]bool{"manage": true, "contacts": true}

var errNoAnswer = vigil.Errorf(vigil.NotFound, "Your organisation has no answer with that id.")

// OwnAnswers lists the organisation's own answers, retired ones too, by id.
func (h *Help) OwnAnswers(ctx context.Context, scope vigil.Scope) ([]Own, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return nil, err
	}
	return h.own(ctx, h.db, scope.OrgID, ``)
}

func (h *Help) own(ctx context.Context, q store.Querier, orgID, where string, args ...any) ([]Own, error) {
	rows, err := q.Query(ctx, `SELECT id, question, keywords, lesson, report_kind, body, retired, updated_by, updated_at
		FROM help_answers WHERE org_id = $1`+where+` ORDER BY id LIMIT `+fmt.Sprint(MaxOwn), append([]any{orgID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list own answers: %w", err)
	}
	defer rows.Close()
	var out []Own
	for rows.Next() {
		var o Own
		if err := rows.Scan(&o.ID, &o.Question, &o.Keywords, &o.Lesson, &o.ReportKind, &o.Body, &o.Retired, &o.UpdatedBy, &o.UpdatedAt); err != nil {
			return nil, fmt.Errorf("read own answer: %w", err)
		}
		_, o.Replaces = h.builtIn.Answer(o.ID)
		o.UpdatedAt = o.UpdatedAt.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// OwnAnswer is one of the organisation's own answers.
func (h *Help) OwnAnswer(ctx context.Context, scope vigil.Scope, id string) (Own, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Own{}, err
	}
	list, err := h.own(ctx, h.db, scope.OrgID, ` AND id = $2`, id)
	if err != nil {
		return Own{}, err
	}
	if len(list) == 0 {
		return Own{}, errNoAnswer
	}
	return list[0], nil
}

// BuiltIn is the built-in answer with the id, for an organisation to start
// its own from.
func (h *Help) BuiltIn(id string) (help.Answer, bool) { return h.builtIn.Answer(id) }

// Answers are Cyber help as the organisation's staff see it: the built-in
// answers with the organisation's live ones added, each replacing a
// built-in one with its id. An own answer whose lesson has since gone is
// left out rather than shown with a broken link.
func (h *Help) Answers(ctx context.Context, scope vigil.Scope) (help.Answers, error) {
	list, err := h.own(ctx, h.db, scope.OrgID, ` AND retired = $2`, false)
	if err != nil {
		return help.Answers{}, err
	}
	if len(list) == 0 {
		return h.builtIn, nil
	}
	links, err := h.links(ctx, scope)
	if err != nil {
		return help.Answers{}, err
	}
	var own []help.Answer
	for _, o := range list {
		if a, err := help.FromFields(o.Fields, links); err == nil {
			own = append(own, a)
		}
	}
	return h.builtIn.With(help.New(own)), nil
}

// SaveAnswer adds an answer or changes the one with its id, checked as the
// built-in answer files are. Saving a retired answer brings it back.
func (h *Help) SaveAnswer(ctx context.Context, scope vigil.Scope, f help.Fields) (help.Answer, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return help.Answer{}, err
	}
	links, err := h.links(ctx, scope)
	if err != nil {
		return help.Answer{}, err
	}
	a, err := help.FromFields(f, links)
	if err != nil {
		return help.Answer{}, err
	}
	if reserved[a.ID] {
		return help.Answer{}, vigil.InvalidFields("There is a problem with the answer.",
			map[string]string{"id": "“" + a.ID + "” names a page of Cyber help: choose another id."})
	}
	f = help.Fields{ID: a.ID, Question: a.Question, Keywords: strings.Join(a.Keywords, ", "), Lesson: a.Lesson,
		ReportKind: a.ReportKind, Body: strings.TrimSpace(f.Body)}
	now := h.clock().UTC()
	err = h.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := h.own(ctx, tx, scope.OrgID, ` AND id = $2`, a.ID)
		if err != nil {
			return err
		}
		action, summary := "create", "Added the quick answer “"+a.Question+"”"
		if len(before) > 0 {
			action, summary = "update", "Changed the quick answer “"+a.Question+"”"
			if _, err := tx.Exec(ctx, `UPDATE help_answers SET question = $1, keywords = $2, lesson = $3, report_kind = $4, body = $5,
				retired = $6, updated_by = $7, updated_at = $8 WHERE org_id = $9 AND id = $10`,
				f.Question, f.Keywords, f.Lesson, f.ReportKind, f.Body, false, scope.Name, now, scope.OrgID, a.ID); err != nil {
				return fmt.Errorf("save own answer: %w", err)
			}
		} else {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM help_answers WHERE org_id = $1`, scope.OrgID).Scan(&n); err != nil {
				return fmt.Errorf("count own answers: %w", err)
			}
			if n >= MaxOwn {
				return vigil.Errorf(vigil.Conflict, "Your organisation has %d answers of its own, the most Vigil keeps. Change one instead.", n)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO help_answers (org_id, id, question, keywords, lesson, report_kind, body, retired,
				updated_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
				scope.OrgID, a.ID, f.Question, f.Keywords, f.Lesson, f.ReportKind, f.Body, false, scope.Name, now); err != nil {
				return fmt.Errorf("save own answer: %w", err)
			}
		}
		var was any
		if len(before) > 0 {
			was = before[0].Fields
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: action, EntityType: "help-answer", EntityID: a.ID,
			Summary: summary, Before: was, After: f})
	})
	return a, err
}

// RetireAnswer stops showing one of the organisation's own answers; a
// built-in answer it replaced shows again.
func (h *Help) RetireAnswer(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return err
	}
	return h.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE help_answers SET retired = $1, updated_by = $2, updated_at = $3 WHERE org_id = $4 AND id = $5 AND retired = $6`,
			true, scope.Name, h.clock().UTC(), scope.OrgID, id, false)
		if err != nil {
			return fmt.Errorf("retire own answer: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("retire own answer: %w", err)
		} else if n == 0 {
			return errNoAnswer
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "retire", EntityType: "help-answer", EntityID: id,
			Summary: "Retired the organisation's quick answer " + id})
	})
}
