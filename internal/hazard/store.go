package hazard

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The hazards table's SQL, written once. Lists are JSON text.

const hazardColumns = `id, ref, title, description, causes, effect, harm, hazard_type, links, existing_controls,
	further_controls, initial_consequence, initial_likelihood, residual_consequence, residual_likelihood,
	status, status_note, owner_id, owner_name, review_by, approved_by_id, approved_by, approved_at,
	suggestion_key, version, created_by, created_at, updated_at`

var errNoHazard = vigil.Errorf(vigil.NotFound, "There is no such hazard in your organisation's log.")

func scanHazard(row interface{ Scan(...any) error }) (Hazard, error) {
	var h Hazard
	var causes, links, controls string
	var ic, il, rc, rl int
	var reviewBy, approvedAt sql.NullTime
	err := row.Scan(&h.ID, &h.Ref, &h.Title, &h.Description, &causes, &h.Effect, &h.Harm, &h.Type, &links, &h.ExistingControls,
		&controls, &ic, &il, &rc, &rl, &h.Status, &h.StatusNote, &h.Owner.ID, &h.Owner.Name, &reviewBy,
		&h.Approval.ByID, &h.Approval.By, &approvedAt, &h.SuggestionKey, &h.Version, &h.CreatedBy, &h.CreatedAt, &h.UpdatedAt)
	if err != nil {
		return Hazard{}, err
	}
	h.Initial = Assessment{caremap.Consequence(ic), caremap.Likelihood(il)}
	h.Residual = Assessment{caremap.Consequence(rc), caremap.Likelihood(rl)}
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	if reviewBy.Valid {
		h.ReviewBy = reviewBy.Time.UTC()
	}
	if approvedAt.Valid {
		h.Approval.At = approvedAt.Time.UTC()
	}
	for _, f := range []struct {
		text string
		into any
	}{{causes, &h.Causes}, {links, &h.Links}, {controls, &h.FurtherControls}} {
		if err := json.Unmarshal([]byte(f.text), f.into); err != nil {
			return Hazard{}, fmt.Errorf("hazard %s: %w", h.ID, err)
		}
	}
	return h, nil
}

// hazardIn reads one of the scope's organisation's hazards inside q.
func hazardIn(ctx context.Context, q store.Querier, orgID, id string) (Hazard, error) {
	h, err := scanHazard(q.QueryRow(ctx, `SELECT `+hazardColumns+` FROM hazards WHERE org_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Hazard{}, errNoHazard
	}
	if err != nil {
		return Hazard{}, fmt.Errorf("read hazard: %w", err)
	}
	return h, nil
}

func hazardsIn(ctx context.Context, q store.Querier, orgID string) ([]Hazard, error) {
	rows, err := q.Query(ctx, `SELECT `+hazardColumns+` FROM hazards WHERE org_id = $1 ORDER BY ref`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list hazards: %w", err)
	}
	defer rows.Close()
	var out []Hazard
	for rows.Next() {
		h, err := scanHazard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the lists are plain structs of strings and bools
	}
	return string(b)
}

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func insertHazard(ctx context.Context, tx *store.Tx, orgID string, h Hazard) error {
	_, err := tx.Exec(ctx, `INSERT INTO hazards (`+hazardColumns+`, org_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)`,
		h.ID, h.Ref, h.Title, h.Description, jsonText(nonNil(h.Causes)), h.Effect, h.Harm, h.Type, jsonText(nonNil(h.Links)), h.ExistingControls,
		jsonText(nonNil(h.FurtherControls)), int(h.Initial.Consequence), int(h.Initial.Likelihood), int(h.Residual.Consequence), int(h.Residual.Likelihood),
		h.Status, h.StatusNote, h.Owner.ID, h.Owner.Name, nullTime(h.ReviewBy), h.Approval.ByID, h.Approval.By, nullTime(h.Approval.At),
		h.SuggestionKey, h.Version, h.CreatedBy, h.CreatedAt, h.UpdatedAt, orgID)
	if err != nil {
		return fmt.Errorf("store hazard: %w", err)
	}
	return nil
}

// saveHazard writes h over the stored row whose version is h.Version-1, so
// that of two people editing at once the second is told, not overwritten.
func saveHazard(ctx context.Context, tx *store.Tx, orgID string, h Hazard) error {
	res, err := tx.Exec(ctx, `UPDATE hazards SET title = $1, description = $2, causes = $3, effect = $4, harm = $5, hazard_type = $6,
		links = $7, existing_controls = $8, further_controls = $9, initial_consequence = $10, initial_likelihood = $11,
		residual_consequence = $12, residual_likelihood = $13, status = $14, status_note = $15, owner_id = $16, owner_name = $17,
		review_by = $18, approved_by_id = $19, approved_by = $20, approved_at = $21, version = $22, updated_at = $23
		WHERE org_id = $24 AND id = $25 AND version = $26`,
		h.Title, h.Description, jsonText(nonNil(h.Causes)), h.Effect, h.Harm, h.Type,
		jsonText(nonNil(h.Links)), h.ExistingControls, jsonText(nonNil(h.FurtherControls)), int(h.Initial.Consequence), int(h.Initial.Likelihood),
		int(h.Residual.Consequence), int(h.Residual.Likelihood), h.Status, h.StatusNote, h.Owner.ID, h.Owner.Name,
		nullTime(h.ReviewBy), h.Approval.ByID, h.Approval.By, nullTime(h.Approval.At), h.Version, h.UpdatedAt,
		orgID, h.ID, h.Version-1)
	if err != nil {
		return fmt.Errorf("save hazard: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errChanged
	}
	return nil
}

var errChanged = vigil.Errorf(vigil.Conflict, "Someone else changed this hazard while you were working on it. Look at it again, then make your change.")

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
