package monitor

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Re-matching after a new care map is bounded, so that an upload answers in
// reasonable time however many unmatched alerts wait: the recent ones matter
// to someone on shift, older ones stay as they were.
const (
	RematchWindow = 30 * 24 * time.Hour
	MaxRematch    = 20 * rematchPage
)

// RematchAfterMapChange is the care-map store's listener: when an
// organisation's map is uploaded or changed (by page, API or command line),
// its unmatched alerts of the last RematchWindow, newest first and MaxRematch
// at most, are matched against the new map, with their priority and group.
func (m *Monitor) RematchAfterMapChange(ctx context.Context, scope vigil.Scope, r mapstore.Replaced) error {
	if _, err := m.RematchRecent(ctx, scope, m.clock().Add(-RematchWindow), r.After.Revision); err != nil {
		return fmt.Errorf("match earlier alerts to care map version %d: %w", r.After.Revision, err)
	}
	return nil
}

// RematchRecent matches the organisation's unmatched alerts received since
// then, newest first and MaxRematch at most, against the current care map, and
// returns how many it matched. revision names the map version in the audit record.
func (m *Monitor) RematchRecent(ctx context.Context, scope vigil.Scope, since time.Time, revision int) (int, error) {
	// Asked first, outside the write, so that a map upload with no waiting
	// alerts neither builds the asset index nor takes the writer.
	var one int
	err := m.db.QueryRow(ctx, `SELECT 1 FROM alerts WHERE org_id = $1 AND asset_id = '' AND received_at >= $2 LIMIT 1`, scope.OrgID, since).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look for unmatched alerts: %w", err)
	}
	return m.rematchPages(ctx, scope, MaxRematch, func(tx *store.Tx, before string) ([]Alert, error) {
		return unmatchedSince(ctx, tx, scope.OrgID, since, before)
	}, func(matched int, assets []string) audit.Change {
		return audit.Change{Action: "update", EntityType: "alert", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("Matched %d earlier alerts to the new care map (version %d)", matched, revision),
			After:   map[string]any{"alerts": matched, "assets": assets, "revision": revision}}
	})
}

// unmatchedSince lists a page of unmatched alerts received since then, newest
// id first, continuing below the id before ("" for the first page).
func unmatchedSince(ctx context.Context, tx *store.Tx, orgID string, since time.Time, before string) ([]Alert, error) {
	where, args := `WHERE a.org_id = $1 AND a.asset_id = '' AND a.received_at >= $2 ORDER BY a.id DESC LIMIT $3`,
		[]any{orgID, since, rematchPage}
	if before != "" {
		where, args = `WHERE a.org_id = $1 AND a.asset_id = '' AND a.received_at >= $2 AND a.id < $3 ORDER BY a.id DESC LIMIT $4`,
			[]any{orgID, since, before, rematchPage}
	}
	return alertsFrom(ctx, tx, where, args...)
}
