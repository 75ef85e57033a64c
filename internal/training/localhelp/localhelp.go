// Package localhelp keeps what an organisation adds to Cyber help: its own
// quick answers, which may replace a built-in one with the same id, and
// its local contacts (switchboard, Information Governance, the Caldicott
// Guardian, on-call security) that every lesson and answer names through
// placeholders. Org admins change them (vigil.ManageTraining); everyone
// in the organisation reads them, and nobody outside it.
package localhelp

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Library is where the organisation's lessons, built-in and its own, are
// found: an answer must point at one of them.
type Library interface {
	Library(ctx context.Context, scope vigil.Scope) (lesson.Library, error)
}

// Help is an organisation's part of Cyber help.
type Help struct {
	db          *store.DB
	orgs        *org.Store
	lessons     Library
	builtIn     help.Answers
	reportKinds []string
	clock       func() time.Time
}

// New returns the organisations' help on db, over the built-in answers.
func New(db *store.DB, orgs *org.Store, lessons Library, builtIn help.Answers, reportKinds []string, clock func() time.Time) *Help {
	return &Help{db: db, orgs: orgs, lessons: lessons, builtIn: builtIn, reportKinds: reportKinds, clock: clock}
}

// links are what the organisation's answers may point at.
func (h *Help) links(ctx context.Context, scope vigil.Scope) (help.Links, error) {
	lib, err := h.lessons.Library(ctx, scope)
	if err != nil {
		return help.Links{}, err
	}
	return help.Links{Lessons: lib.IDs(), ReportKinds: h.reportKinds}, nil
}
