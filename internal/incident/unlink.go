package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// LinkRemoved is the timeline entry of a report or finding unlinked.
const LinkRemoved EventKind = "unlink"

// Unlink removes a report or finding linked to the incident by mistake; the
// timeline and the audit trail say who removed it, and the record itself is
// untouched.
func (s *Incidents) Unlink(ctx context.Context, scope vigil.Scope, id string, ref LinkRef) error {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `SELECT title FROM incident_links WHERE org_id = $1 AND incident_id = $2 AND kind = $3 AND target_id = $4`+tx.Dialect.LockRows(),
			scope.OrgID, id, string(ref.Kind), ref.ID).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return vigil.Errorf(vigil.NotFound, "That is not linked to %s.", inc.Code())
		}
		if err != nil {
			return fmt.Errorf("read incident link: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM incident_links WHERE org_id = $1 AND incident_id = $2 AND kind = $3 AND target_id = $4`,
			scope.OrgID, id, string(ref.Kind), ref.ID); err != nil {
			return fmt.Errorf("unlink from incident: %w", err)
		}
		summary := "Removed the link to " + strings.ToLower(ref.Kind.Label()) + ": " + title
		if err := addEvent(ctx, tx, scope, id, LinkRemoved, summary); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "unlink", EntityType: "incident", EntityID: id,
			Summary: inc.Code() + ": " + summary, Before: map[string]any{"kind": ref.Kind, "id": ref.ID, "title": title}})
	})
}
