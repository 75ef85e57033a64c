package monitor

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// MaxSerious is the most alerts Serious answers at once.
const MaxSerious = 500

// Serious lists the organisation's untriaged alerts of at least minPriority
// that come after the alert (after, afterID) in the order of receipt — by
// time, then id; afterID "" for everything received after the time — and
// were received no later than to, oldest first, at most MaxSerious: what a
// notification rule may have to tell someone about. Reading on from the
// last alert answered never misses or stalls on alerts received at the
// same instant.
func (m *Monitor) Serious(ctx context.Context, scope vigil.Scope, after time.Time, afterID string, to time.Time, minPriority int) ([]Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return m.alertsWhere(ctx, `WHERE a.org_id = $1 AND (a.received_at > $2 OR (a.received_at = $2 AND a.id > $3)) AND a.received_at <= $4
		AND a.priority >= $5 AND a.status = $6 ORDER BY a.received_at, a.id LIMIT $7`,
		scope.OrgID, after.UTC(), afterID, to.UTC(), minPriority, string(Untriaged), MaxSerious)
}
