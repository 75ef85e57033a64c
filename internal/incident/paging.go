package incident

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Timeline entries written by the notify package, so the incident shows who
// was told, when it escalated and who acknowledged.
const (
	Paged        EventKind = "paged"
	Escalated    EventKind = "escalated"
	Acknowledged EventKind = "acknowledged"
)

// AddEvent adds an entry to an incident's timeline inside tx, for another
// package whose change to the incident must stand or fall with the entry.
// The incident must belong to scope's organisation; the caller checked.
func AddEvent(ctx context.Context, tx *store.Tx, scope vigil.Scope, incidentID string, kind EventKind, summary string) error {
	return addEvent(ctx, tx, scope, incidentID, kind, summary)
}

// OpenedBetween lists the organisation's incidents still running that were
// opened after from and no later than to, oldest first: what a notification
// rule may have to tell someone about.
func (s *Incidents) OpenedBetween(ctx context.Context, scope vigil.Scope, from, to time.Time) ([]Incident, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.where(ctx, `WHERE org_id = $1 AND created_at > $2 AND created_at <= $3 AND status NOT IN ($4, $5) ORDER BY created_at, id LIMIT 500`,
		scope.OrgID, from.UTC(), to.UTC(), string(Closed), string(FalseAlarm))
}

// Priority is the incident's priority on the alerts' scale (monitor.Priority):
// its severity weighed by the worst clinical risk in its continuity plan, so
// a notification rule treats incidents and alerts alike.
func (i Incident) Priority() int {
	worst := 0
	for _, s := range i.Continuity.Services {
		worst = max(worst, s.Risk)
	}
	return monitor.Priority(i.Severity, len(i.AssetIDs) > 0, worst)
}

// PutsAtRisk reports whether the incident's continuity plan names the service.
func (i Incident) PutsAtRisk(serviceID string) bool {
	for _, s := range i.Continuity.Services {
		if s.ID == serviceID {
			return true
		}
	}
	return false
}
