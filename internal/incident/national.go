package incident

import (
	"context"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Running lists the incidents still running in every organisation, the most
// severe first, for the national centre.
func (s *Incidents) Running(ctx context.Context, scope vigil.Scope) ([]Incident, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	return s.where(ctx, `WHERE status NOT IN ($1, $2) ORDER BY severity DESC, created_at DESC LIMIT 500`, string(Closed), string(FalseAlarm))
}
