package progress

import (
	"context"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// StatementQueue keeps the xAPI statements of each attempt for delivery to
// the organisation's Learning Record Store. Queue runs inside the
// transaction that records the attempt, so an attempt is never recorded
// without its statements being owed; statements are only made (with the
// address people reach Vigil at as base) when the organisation sends them.
type StatementQueue interface {
	Queue(ctx context.Context, tx *store.Tx, orgID string, statements func(base string) []Statement) error
}

// SendStatementsTo queues the statements of every attempt recorded from now
// on in q.
func (s *Service) SendStatementsTo(q StatementQueue) { s.queue = q }

// queueStatements owes the statements of one attempt just written in tx.
func (s *Service) queueStatements(ctx context.Context, tx *store.Tx, orgID string, lib lesson.Library, a attempt) error {
	if s.queue == nil {
		return nil
	}
	return s.queue.Queue(ctx, tx, orgID, func(base string) []Statement { return attemptStatements(lib, base, a) })
}
