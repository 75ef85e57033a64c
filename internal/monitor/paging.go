package monitor

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// MaxSerious is the most alerts Serious answers at once.
const MaxSerious = 500

// Serious lists the organisation's untriaged alerts of at least minPriority
// received after from and no later than to, oldest first, at most
// MaxSerious: what a notification rule may have to tell someone about.
func (m *Monitor) Serious(ctx context.Context, scope vigil.Scope, from, to time.Time, minPriority int) ([]Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return m.alertsWhere(ctx, `WHERE a.org_id = $1 AND a.received_at > $2 AND a.received_at <= $3 AND a.priority >= $4 AND a.status = $5
		ORDER BY a.received_at, a.id LIMIT $6`, scope.OrgID, from.UTC(), to.UTC(), minPriority, string(Untriaged), MaxSerious)
}
