package findings

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// Vulnerability intelligence offers the self-assessment its evidence for B4.d
// (vulnerability management), the board its urgent and overdue findings and how much of
// the care map has an inventory, and the hazard log its urgent findings.

var (
	_ evidence.Source       = (*Service)(nil)
	_ hazard.UrgentFindings = (*Service)(nil)
)

// coverage counts the care-map assets and how many have an inventory or identifiers.
func (s *Service) coverage(ctx context.Context, scope vigil.Scope) (assets, covered int, err error) {
	m, err := s.careMap(ctx, scope)
	if err != nil || m == nil {
		return 0, 0, err
	}
	invs, err := s.Inventories(ctx, scope)
	if err != nil {
		return 0, 0, err
	}
	has := map[string]bool{}
	for _, i := range invs {
		has[i.AssetID] = true
	}
	for _, a := range m.Assets {
		assets++
		if has[a.ID] || a.Identifiers.CPE != "" || a.Identifiers.PURL != "" {
			covered++
		}
	}
	return assets, covered, nil
}

// Evidence says what the findings show for B4.d.
func (s *Service) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	c, err := s.Count(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	assets, covered, err := s.coverage(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []evidence.Item
	if assets > 0 {
		out = append(out, evidence.Item{Outcome: "B4.d", Link: "/vulnerabilities/uploads", At: now,
			Summary: fmt.Sprintf("%d of %d care-map assets have a software inventory or identifiers that advisories are matched against.", covered, assets)})
	}
	if c.Open > 0 {
		urgent := c.ByPriority[string(ssvc.Immediate)] + c.ByPriority[string(ssvc.OutOfCycle)]
		out = append(out, evidence.Item{Outcome: "B4.d", Link: "/vulnerabilities", At: now,
			Summary: fmt.Sprintf("%d open vulnerability findings ranked by clinical risk (SSVC): %d need action out of cycle or now, %d are past their due date, %d known exploited.", c.Open-c.Cleared, urgent, c.PastDue, c.KEV)})
	}
	return out, nil
}

// Measures are the board's figures: urgent findings, overdue findings, inventory coverage.
func (s *Service) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	c, err := s.Count(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	out := []evidence.Measure{
		{Key: "vulns.urgent", Label: "Vulnerabilities to fix now or out of cycle", Value: float64(c.ByPriority[string(ssvc.Immediate)] + c.ByPriority[string(ssvc.OutOfCycle)]),
			Unit: "findings", Better: evidence.LowerIsBetter, Link: "/vulnerabilities"},
		{Key: "vulns.past_due", Label: "Vulnerability findings past their due date", Value: float64(c.PastDue), Unit: "findings",
			Better: evidence.LowerIsBetter, Link: "/vulnerabilities/debt"},
	}
	assets, covered, err := s.coverage(ctx, scope)
	if err != nil {
		return nil, err
	}
	if assets > 0 {
		out = append(out, evidence.Measure{Key: "vulns.inventory_coverage", Label: "Care-map assets with a software inventory",
			Value: float64(100*covered) / float64(assets), Unit: "%", Better: evidence.HigherIsBetter, Link: "/vulnerabilities/uploads"})
	}
	return out, nil
}

// UrgentFindings lists open findings whose decision is Immediate or Out-of-cycle and that
// no one has cleared, one per vulnerability and asset, for the hazard log to suggest.
func (s *Service) UrgentFindings(ctx context.Context, scope vigil.Scope) ([]hazard.UrgentFinding, error) {
	seen := map[string]bool{}
	var out []hazard.UrgentFinding
	for _, p := range []ssvc.Priority{ssvc.Immediate, ssvc.OutOfCycle} {
		fs, err := s.List(ctx, scope, Filter{Priority: string(p)})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Cleared() || seen[f.Advisory+"\x00"+f.AssetID] {
				continue
			}
			seen[f.Advisory+"\x00"+f.AssetID] = true
			uf := hazard.UrgentFinding{ID: f.ID, Title: f.Title(), Decision: p.Label(), Path: "/vulnerabilities/" + f.ID}
			if f.AssetID != "" {
				uf.AssetIDs = []string{f.AssetID}
			}
			out = append(out, uf)
		}
	}
	return out, nil
}
