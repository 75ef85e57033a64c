package buddy

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The buddies offer the self-assessment evidence for B6.a (a culture in
// which staff know whom to ask), and the board how many teams have a named
// person to call.

var _ evidence.Source = (*Buddies)(nil)

// BuddiesPage is the page behind the figures.
const BuddiesPage = "/training/buddies"

// coverage counts the teams, those with a buddy, and the buddies who
// support more than the organisation's limit (max).
type coverage struct {
	teams, covered, overloaded, max int
}

func (b *Buddies) coverage(ctx context.Context, scope vigil.Scope) (coverage, error) {
	ps, err := b.Pairings(ctx, scope)
	if err != nil {
		return coverage{}, err
	}
	most, err := b.maxTeams(ctx, scope.OrgID)
	if err != nil {
		return coverage{}, err
	}
	c := coverage{teams: len(ps), max: most}
	perBuddy := map[string]int{}
	for _, p := range ps {
		if p.Buddy != nil {
			c.covered++
			perBuddy[p.Buddy.UserID]++
		}
	}
	for _, n := range perBuddy {
		if n > most {
			c.overloaded++
		}
	}
	return c, nil
}

// Evidence says how many teams have a named IT buddy.
func (b *Buddies) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	c, err := b.coverage(ctx, scope)
	if err != nil || c.teams == 0 {
		return nil, err
	}
	summary := fmt.Sprintf("%d of %d teams have a named IT buddy their staff can call from their home page; %d buddies support more than %d teams.",
		c.covered, c.teams, c.overloaded, c.max)
	return []evidence.Item{{Outcome: "B6.a", Summary: summary, Link: BuddiesPage, LinkNeeds: vigil.ReadPeople, At: now}}, nil
}

// Measures are the buddy figures for the board.
func (b *Buddies) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	c, err := b.coverage(ctx, scope)
	if err != nil || c.teams == 0 {
		return nil, err
	}
	return []evidence.Measure{
		{Key: "buddies.teams-covered", Label: "Teams with a named IT buddy", Value: float64(100*c.covered) / float64(c.teams),
			Unit: "%", Better: evidence.HigherIsBetter, Link: BuddiesPage, LinkNeeds: vigil.ReadPeople},
		{Key: "buddies.overloaded", Label: fmt.Sprintf("IT buddies supporting more than %d teams", c.max), Value: float64(c.overloaded),
			Unit: "buddies", Better: evidence.LowerIsBetter, Link: BuddiesPage, LinkNeeds: vigil.ReadPeople},
	}, nil
}
