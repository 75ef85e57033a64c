package progress

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Participation is how much of each team took part in a campaign: the
// share of its members who passed at least one of the campaign's lessons
// while it ran. Teams are ranked; people are never named.
type Participation struct {
	Team   string // the team's name, or "No team"
	People int
	Took   int
}

// Percent is the share of the team that took part.
func (p Participation) Percent() int { return percent(p.Took, p.People) }

// CampaignParticipation ranks the organisation's teams by the share of
// their members who passed one of lessons between from and to.
func (s *Service) CampaignParticipation(ctx context.Context, scope vigil.Scope, lessons []string, from, to time.Time) ([]Participation, error) {
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return nil, err
	}
	people, err := s.activePeople(ctx, scope)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT user_id, lesson_id, finished_at FROM training_attempts
		WHERE org_id = $1 AND passed = $2 AND finished_at >= $3 AND finished_at < $4`, scope.OrgID, true, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read campaign passes: %w", err)
	}
	took := map[string]bool{}
	for rows.Next() {
		var user, lessonID string
		var at time.Time
		if err := rows.Scan(&user, &lessonID, &at); err != nil {
			rows.Close()
			return nil, err
		}
		took[user] = took[user] || slices.Contains(lessons, lessonID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byTeam := map[string]*Participation{}
	for _, p := range people {
		name := p.TeamName
		if p.TeamID == "" {
			name = "No team"
		}
		t, ok := byTeam[name]
		if !ok {
			t = &Participation{Team: name}
			byTeam[name] = t
		}
		t.People++
		if took[p.ID] {
			t.Took++
		}
	}
	out := make([]Participation, 0, len(byTeam))
	for _, t := range byTeam {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Participation) int {
		if d := b.Took*a.People - a.Took*b.People; d != 0 { // higher share first, without rounding
			return d
		}
		return strings.Compare(a.Team, b.Team)
	})
	return out, nil
}
