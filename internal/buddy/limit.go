package buddy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Bounds on an organisation's own limit of teams per buddy: one buddy
// with more than a handful of teams cannot visit them all.
const (
	MinMaxTeams = 1
	MaxMaxTeams = 20
)

// MaxTeamsOf is how many teams one of the organisation's buddies may
// support before they count as overloaded: the organisation's own limit,
// or MaxTeams when it set none.
func (b *Buddies) MaxTeamsOf(ctx context.Context, scope vigil.Scope) (int, error) {
	if err := scope.Require(vigil.ReadPeople); err != nil {
		return 0, err
	}
	return b.maxTeams(ctx, scope.OrgID)
}

func (b *Buddies) maxTeams(ctx context.Context, orgID string) (int, error) {
	var n int
	err := b.db.QueryRow(ctx, `SELECT max_teams FROM buddy_settings WHERE org_id = $1`, orgID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return MaxTeams, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the most teams per buddy: %w", err)
	}
	return n, nil
}

// SetMaxTeams sets the organisation's limit of teams per buddy.
func (b *Buddies) SetMaxTeams(ctx context.Context, scope vigil.Scope, n int) error {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return err
	}
	if n < MinMaxTeams || n > MaxMaxTeams {
		return vigil.InvalidFields("The limit was not saved.", map[string]string{
			"max_teams": fmt.Sprintf("Enter a number of teams from %d to %d.", MinMaxTeams, MaxMaxTeams)})
	}
	before, err := b.maxTeams(ctx, scope.OrgID)
	if err != nil {
		return err
	}
	return b.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO buddy_settings (org_id, max_teams, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id) DO UPDATE SET max_teams = excluded.max_teams, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			scope.OrgID, n, scope.Name, b.clock().UTC()); err != nil {
			return fmt.Errorf("save the most teams per buddy: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "organisation", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("Set the most teams one IT buddy supports to %d", n), Before: map[string]any{"max_teams": before}, After: map[string]any{"max_teams": n}})
	})
}
