package progress

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Everyone is the plan of every active person of the caller's
// organisation, for the weekly reminders and the managers' digest.
func (s *Service) Everyone(ctx context.Context, scope vigil.Scope) ([]Plan, error) {
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return nil, err
	}
	people, err := s.activePeople(ctx, scope)
	if err != nil {
		return nil, err
	}
	needs, err := s.Needs(ctx, scope)
	if err != nil {
		return nil, err
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return nil, err
	}
	records, err := s.readRecords(ctx, `SELECT user_id, lesson_id, passed, correct, questions, finished_at FROM training_attempts
		WHERE org_id = $1 ORDER BY finished_at, id`, scope.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := make([]Plan, len(people))
	for i, p := range people {
		out[i] = plan(p, needs, lib, records[p.ID], now)
	}
	return out, nil
}

// Remind says a required lesson needs doing soon: overdue, never done and
// due within DueSoonDays, or done and due again within DueSoonDays.
func (a Assignment) Remind(now time.Time) bool {
	return a.Required && !a.DueAt.IsZero() && now.AddDate(0, 0, DueSoonDays).After(a.DueAt)
}
