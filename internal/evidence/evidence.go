// Package evidence is the shape in which each capability offers what it
// already knows to the CAF self-assessment and to the board dashboard. The
// assessment and the board read these instead of another capability's tables,
// so a capability can change its storage without breaking either of them.
package evidence

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Item is one piece of evidence for a CAF contributing outcome, pre-filled
// into the organisation's self-assessment for a person to accept or change.
type Item struct {
	Outcome string // CAF contributing outcome identifier, such as "B6.a"
	Summary string // one plain sentence a board member can read
	Link    string // path of the Vigil page that shows the evidence
	At      time.Time
	// LinkNeeds is the permission the page behind Link asks for; people
	// without it see the evidence without the link.
	LinkNeeds vigil.Permission
}

// Direction says which way a measure should move.
type Direction int

const (
	HigherIsBetter Direction = iota
	LowerIsBetter
)

// Measure is one figure on the board dashboard, as it stands now. The board
// keeps its own dated copies, so a source only ever reports the present.
type Measure struct {
	Key    string // stable identifier, such as "training.coverage"
	Label  string // what the figure is, in plain words
	Value  float64
	Unit   string // "%", "reports", "hours", …
	Better Direction
	Link   string // path of the page behind the figure
	// LinkNeeds is the permission the page behind Link asks for; people
	// without it see the figure without the link.
	LinkNeeds vigil.Permission
	// Target is a value the figure should reach, drawn as a line on its
	// chart (the 95 % training measure); 0 when there is none.
	Target float64
}

// LinkFor is link when the person can open it, and nothing otherwise.
func LinkFor(scope vigil.Scope, link string, needs vigil.Permission) string {
	if needs != "" && !scope.Can(needs) {
		return ""
	}
	return link
}

// Source is what a capability implements to take part.
type Source interface {
	Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]Item, error)
	Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]Measure, error)
}
