package progress

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// RecordCompletion records that a person of the organisation completed a
// lesson at a past time somewhere other than Vigil, such as in a session
// an IT buddy ran or the trust's learning system, so that coverage starts
// from what staff have really done.
func (s *Service) RecordCompletion(ctx context.Context, scope vigil.Scope, userID, lessonID string, at time.Time) error {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return err
	}
	person, err := s.people.User(ctx, scope, userID)
	if err != nil {
		return err
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return err
	}
	l, ok := lib.Lesson(lessonID)
	if !ok {
		return vigil.Errorf(vigil.NotFound, "There is no such lesson.")
	}
	if at.After(s.clock()) {
		return vigil.InvalidFields("The completion was not recorded.", map[string]string{"at": "A completion cannot be in the future."})
	}
	id := store.NewID()
	at = at.UTC().Truncate(time.Microsecond) // as the databases keep it
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		// No answers are known: the attempt holds none, and counts as a pass.
		if _, err := tx.Exec(ctx, `INSERT INTO training_attempts (id, org_id, user_id, lesson_id, lesson_version, answers, correct, questions, passed, finished_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			id, scope.OrgID, person.ID, l.ID, l.Version, "[]", 0, 0, true, at.UTC()); err != nil {
			return fmt.Errorf("record the completion: %w", err)
		}
		if err := s.queueStatements(ctx, tx, scope.OrgID, lib, attempt{id: id, user: person.ID, lessonID: l.ID, chosen: "[]", passed: true, at: at}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "training-attempt", EntityID: id,
			Summary: fmt.Sprintf("Recorded that %s completed %q", person.Name, l.Title), After: map[string]any{"person": person.ID, "lesson": l.ID, "at": at.UTC()}})
	})
}
