package buddy

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Suggestion is a buddy who could take on a team without a buddy.
type Suggestion struct {
	Candidate
	// SameSite says the buddy works at the team's site, or already
	// supports a team there: they can walk over.
	SameSite bool
}

// SuggestionsShown is how many buddies are suggested for each team.
const SuggestionsShown = 3

// Suggestions proposes buddies for every team that has none: those at the
// same site first, then those with the fewest teams, never one already at
// the organisation's limit (each candidate's Max). ps and cs are the
// organisation's Pairings and Candidates, as the caller has read them. A
// team nobody can take has no entry.
func (b *Buddies) Suggestions(ctx context.Context, scope vigil.Scope, ps []Pairing, cs []Candidate) (map[string][]Suggestion, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return nil, err
	}
	sites, err := b.homeSites(ctx, scope.OrgID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Buddy != nil && p.Team.SiteID != "" {
			sites[p.Buddy.UserID] = append(sites[p.Buddy.UserID], p.Team.SiteID)
		}
	}
	return suggest(ps, cs, sites), nil
}

// suggest ranks the candidates for each team without a buddy; sites are
// the sites each buddy works at or supports.
func suggest(ps []Pairing, cs []Candidate, sites map[string][]string) map[string][]Suggestion {
	out := map[string][]Suggestion{}
	for _, p := range ps {
		if p.Buddy != nil {
			continue
		}
		var ss []Suggestion
		for _, c := range cs {
			if !c.HasRoom() {
				continue
			}
			ss = append(ss, Suggestion{Candidate: c, SameSite: p.Team.SiteID != "" && slices.Contains(sites[c.UserID], p.Team.SiteID)})
		}
		slices.SortStableFunc(ss, func(a, b Suggestion) int {
			if a.SameSite != b.SameSite {
				if a.SameSite {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(a.Teams, b.Teams), cmp.Compare(a.Name, b.Name))
		})
		if len(ss) > SuggestionsShown {
			ss = ss[:SuggestionsShown]
		}
		if len(ss) > 0 {
			out[p.Team.ID] = ss
		}
	}
	return out
}

// homeSites are the sites of the teams the organisation's buddies belong to.
func (b *Buddies) homeSites(ctx context.Context, orgID string) (map[string][]string, error) {
	rows, err := b.db.Query(ctx, `SELECT u.id, t.site_id FROM users u
		JOIN user_roles r ON r.user_id = u.id AND r.org_id = u.org_id
		JOIN teams t ON t.id = u.team_id AND t.org_id = u.org_id
		WHERE u.org_id = $1 AND r.role = $2 AND t.site_id IS NOT NULL`, orgID, string(vigil.Buddy))
	if err != nil {
		return nil, fmt.Errorf("read the buddies' sites: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var user, site string
		if err := rows.Scan(&user, &site); err != nil {
			return nil, err
		}
		out[user] = append(out[user], site)
	}
	return out, rows.Err()
}
