package findings

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// Exposure is what one vulnerability means for one organisation: its open findings and
// the systems and clinical services at risk, from that organisation's care map.
type Exposure struct {
	Org      vigil.Org
	Priority ssvc.Priority // the most urgent decision among its findings
	Risk     int           // the worst clinical risk among the assets affected
	Findings []Finding
	Assets   []string // names of the assets affected
	Services []string // the clinical services most harmed if those assets are lost
	// Assumed says some findings are on software not attached to a care-map asset, so
	// their decision assumed the worst.
	Assumed bool
}

// Exposures answers, for a national centre, which organisations run something a
// vulnerability affects, most urgent and most clinically harmful first. It reads every
// organisation's findings, so it needs the permission to read across organisations.
func (s *Service) Exposures(ctx context.Context, scope vigil.Scope, vulnID string) ([]Exposure, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	vulnID = strings.ToUpper(strings.TrimSpace(vulnID))
	if vulnID == "" {
		return nil, vigil.InvalidFields("Say which vulnerability.", map[string]string{"id": "Enter a CVE or advisory id, like CVE-2024-3400"})
	}
	orgs, err := s.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	byID := map[string]vigil.Org{}
	for _, o := range orgs {
		byID[o.ID] = o.Ref()
	}
	rows, err := s.db.Query(ctx, `SELECT `+findingColumns+` FROM vuln_findings WHERE open = $1 AND ids LIKE $2 ESCAPE '\' ORDER BY org_id, priority_rank DESC, clinical_risk DESC`,
		true, likeWord(vulnID))
	if err != nil {
		return nil, fmt.Errorf("read findings across organisations: %w", err)
	}
	defer rows.Close()
	var out []Exposure
	at := map[string]int{}
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		o, ok := byID[f.OrgID]
		if !ok || f.Cleared() {
			continue
		}
		i, ok := at[f.OrgID]
		if !ok {
			i = len(out)
			at[f.OrgID] = i
			out = append(out, Exposure{Org: o})
		}
		e := &out[i]
		e.Findings = append(e.Findings, f)
		if ssvc.Rank(ssvc.Priorities, f.Decision.Priority) > ssvc.Rank(ssvc.Priorities, e.Priority) {
			e.Priority = f.Decision.Priority
		}
		if f.Asset != nil {
			e.Risk = max(e.Risk, f.Asset.Risk)
			e.Assets = appendNew(e.Assets, f.Asset.Name)
			for _, svc := range f.Asset.WorstServices {
				e.Services = appendNew(e.Services, svc)
			}
		} else {
			e.Assets, e.Assumed = appendNew(e.Assets, f.Component.Name), true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Exposure) int {
		return cmp.Or(cmp.Compare(ssvc.Rank(ssvc.Priorities, b.Priority), ssvc.Rank(ssvc.Priorities, a.Priority)),
			cmp.Compare(b.Risk, a.Risk), cmp.Compare(len(b.Findings), len(a.Findings)), cmp.Compare(a.Org.Name, b.Org.Name))
	})
	return out, nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// KEVExposure is one entry of the KEV catalogue and how many organisations it touches.
type KEVExposure struct {
	Entry         advisory.KEVEntry
	Organisations int
}

// LatestKEV lists entries of the KEV catalogue the national centre holds, with how many
// organisations have open findings for each: those that touch an organisation first,
// then the rest, newest first within each, n in all.
func (s *Service) LatestKEV(ctx context.Context, scope vigil.Scope, n int) ([]KEVExposure, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	name, body, ok, err := s.feed(ctx, scope.OrgID, KEVFeed)
	if err != nil || !ok {
		return nil, err
	}
	k, _, err := advisory.ReadKEV(name, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgsByVulnerability(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]KEVExposure, 0, len(k.Entries))
	for _, e := range k.Entries {
		out = append(out, KEVExposure{Entry: e, Organisations: orgs[strings.ToUpper(e.CVE)]})
	}
	slices.SortFunc(out, func(a, b KEVExposure) int {
		return cmp.Or(cmp.Compare(min(b.Organisations, 1), min(a.Organisations, 1)), cmp.Compare(b.Entry.DateAdded, a.Entry.DateAdded),
			cmp.Compare(b.Entry.CVE, a.Entry.CVE))
	})
	return out[:min(n, len(out))], nil
}

// orgsByVulnerability counts, for each vulnerability id with open findings, the
// organisations that have them.
func (s *Service) orgsByVulnerability(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT advisory, COUNT(DISTINCT org_id) FROM vuln_findings WHERE open = $1 GROUP BY advisory`, true)
	if err != nil {
		return nil, fmt.Errorf("count organisations by vulnerability: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[strings.ToUpper(id)] = n
	}
	return out, rows.Err()
}
