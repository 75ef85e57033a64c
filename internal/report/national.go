package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A national campaign is one lure reported in more than one organisation:
// their own campaigns share a sender domain, a link domain, an attachment or
// the message itself. Subjects are left out: two trusts' staff both reporting
// "Your payslip is ready" is not evidence of one sender. The national centre
// sees these across organisations, and one verdict of its own can warn the
// staff of every organisation that met the lure; each organisation's own
// campaign and verdict are left as they are.

// NationalWindow is how far back a campaign's last report may be for it to
// count towards a national campaign: lures run for days, not months.
const NationalWindow = 30 * 24 * time.Hour

// nationalKinds are the match keys that can tie campaigns across organisations.
var nationalKinds = []string{keySender, keyLink, keyAttachment, keyMessage}

// NationalCampaign is one lure seen in several organisations.
type NationalCampaign struct {
	// ID is the oldest member campaign's id, so that it stays the same as
	// the lure reaches more organisations.
	ID        string
	Title     string
	Clues     []Clue // what the organisations' reports have in common
	Members   []NationalMember
	Reports   int
	FirstSeen time.Time
	LastSeen  time.Time
	// Verdict is the national centre's, when it has given one.
	Verdict *NationalVerdict
	keys    []string
}

// NationalMember is one organisation's campaign of a national lure.
type NationalMember struct {
	OrgID        string
	OrgName      string
	OrgCode      string
	CampaignID   string
	Title        string
	Verdict      Verdict // the organisation's own, empty while open
	Reports      int
	LastReportAt time.Time
}

// Clue is one thing that ties reports in different organisations together.
type Clue struct {
	Kind  string // in words: "sender domain", "link domain", "attachment", "the same e-mail"
	Value string
}

// clueOf turns a match key into words.
func clueOf(key string) Clue {
	kind, value, _ := strings.Cut(key, ":")
	words := map[string]string{"sender": "sender domain", "link": "link domain", "attachment": "attachment (SHA-256)", "message": "the same e-mail (SHA-256)"}[kind]
	return Clue{Kind: words, Value: value}
}

// Organisations counts the organisations whose staff reported the lure.
func (n NationalCampaign) Organisations() int { return len(n.Members) }

// memberKey is one organisation campaign's national key, read from the database.
type memberKey struct {
	key, orgID, campaignID string
}

// groupNational joins organisation campaigns that share a key into national
// campaigns, keeping only those that span more than one organisation. keys
// holds only keys already known to appear in two or more organisations.
func groupNational(keys []memberKey) [][]memberKey {
	parent := map[string]string{} // campaign id → a campaign of the same group
	var find func(string) string
	find = func(c string) string {
		p, ok := parent[c]
		if !ok || p == c {
			parent[c] = c
			return c
		}
		root := find(p)
		parent[c] = root
		return root
	}
	first := map[string]string{} // key → the first campaign seen with it
	for _, k := range keys {
		root := find(k.campaignID)
		if other, ok := first[k.key]; ok {
			a, b := find(other), root
			if a != b {
				parent[max(a, b)] = min(a, b) // the oldest id roots the group
			}
		} else {
			first[k.key] = k.campaignID
		}
	}
	groups := map[string][]memberKey{}
	for _, k := range keys {
		root := find(k.campaignID)
		groups[root] = append(groups[root], k)
	}
	var out [][]memberKey
	for _, g := range groups {
		orgs := map[string]bool{}
		for _, k := range g {
			orgs[k.orgID] = true
		}
		if len(orgs) > 1 {
			out = append(out, g)
		}
	}
	return out
}

// nationalKeys reads the keys that more than one organisation's recent
// campaigns hold, with the campaigns that hold them.
func (s *base) nationalKeys(ctx context.Context, now time.Time) ([]memberKey, error) {
	kinds := make([]string, len(nationalKinds))
	args := []any{now.Add(-NationalWindow)}
	for i, k := range nationalKinds {
		args = append(args, k+"%")
		kinds[i] = fmt.Sprintf("k.match_key LIKE $%d", i+2)
	}
	recent := `FROM report_campaign_keys k JOIN report_campaigns c ON c.id = k.campaign_id
		WHERE c.last_report_at > $1 AND c.verdict <> '` + string(PhishingSimulation) + `' AND (` + strings.Join(kinds, " OR ") + `)`
	rows, err := s.db.Query(ctx, `SELECT k.match_key, k.org_id, k.campaign_id `+recent+`
		AND k.match_key IN (SELECT k.match_key `+recent+` GROUP BY k.match_key HAVING count(DISTINCT k.org_id) > 1)
		ORDER BY k.campaign_id, k.match_key`, args...)
	if err != nil {
		return nil, fmt.Errorf("find lures shared between organisations: %w", err)
	}
	defer rows.Close()
	var out []memberKey
	for rows.Next() {
		var k memberKey
		if err := rows.Scan(&k.key, &k.orgID, &k.campaignID); err != nil {
			return nil, fmt.Errorf("read shared lure: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// sortNational puts the lures reaching most organisations first, then the
// most recently reported.
func sortNational(ns []NationalCampaign) {
	slices.SortFunc(ns, func(a, b NationalCampaign) int {
		if a.Organisations() != b.Organisations() {
			return b.Organisations() - a.Organisations()
		}
		return b.LastSeen.Compare(a.LastSeen)
	})
}
