package monitor

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// DeleteExpired deletes, in every organisation, the alerts received more than
// days before now that are not part of an incident: an incident keeps its
// alerts as long as it is kept. Each organisation's deletion is one
// transaction with one audit record saying how many went. It returns how
// many alerts were deleted in all. Several nodes may run it at once: what one
// deletes, the other no longer finds.
func (m *Monitor) DeleteExpired(ctx context.Context, days int, now time.Time) (int, error) {
	if days <= 0 {
		return 0, fmt.Errorf("a retention of %d days keeps nothing", days)
	}
	before := now.UTC().Add(-time.Duration(days) * 24 * time.Hour)
	rows, err := m.db.Query(ctx, `SELECT DISTINCT org_id FROM alerts WHERE received_at < $1 AND incident_id = ''`, before)
	if err != nil {
		return 0, fmt.Errorf("find expired alerts: %w", err)
	}
	var orgs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	for _, orgID := range orgs {
		err := m.db.Tx(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `DELETE FROM alerts WHERE org_id = $1 AND received_at < $2 AND incident_id = ''`, orgID, before)
			if err != nil {
				return fmt.Errorf("delete expired alerts: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil || n == 0 {
				return err
			}
			total += int(n)
			return audit.Record(ctx, tx, vigil.SystemActor(orgID), audit.Change{Action: "delete", EntityType: "alert", EntityID: "retention",
				Summary: fmt.Sprintf("Deleted %d alerts received before %s, past the retention of %d days; alerts in incidents are kept", n, before.Format("2 January 2006 15:04 MST"), days),
				After:   map[string]any{"deleted": n, "received_before": before, "days": days}})
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
