package findings

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// AtRisk is what losing the finding's asset for a day would do to clinical services,
// most dangerous first, with each service's downtime procedure: what a successful
// attack would mean for patients. It is empty when the asset is not in the care map.
func (s *Service) AtRisk(ctx context.Context, scope vigil.Scope, f Finding) ([]impact.ServiceImpact, error) {
	if f.AssetID == "" {
		return nil, nil
	}
	m, err := s.careMap(ctx, scope)
	if err != nil || m == nil {
		return nil, err
	}
	if _, ok := m.Asset(f.AssetID); !ok {
		return nil, nil
	}
	r, err := impact.Analyse(m, []impact.Event{{Target: f.AssetID, Mode: impact.ModeUnavailable, Duration: impact.CriticalDuration}})
	if err != nil {
		return nil, err
	}
	return r.Services, nil
}

// Debt is the security debt an organisation carries: systems past or near the end of
// their support, findings past their due date, and components nobody can check because
// their version is unknown.
type Debt struct {
	EndOfSupport []SupportEnd
	PastDue      []Finding
	NeedsReview  []Finding
	Unknown      []UnknownComponent
}

// SupportEnd is a care-map asset whose supplier support ends within a year, or has ended.
type SupportEnd struct {
	Asset caremap.Asset
	Ended bool
	Risk  int // the worst clinical risk of losing it for a day
}

// UnknownComponent is a component of an inventory whose version is not stated.
type UnknownComponent struct {
	Inventory Inventory
	Problem   sbom.Problem
}

// Debt gathers the organisation's security debt.
func (s *Service) Debt(ctx context.Context, scope vigil.Scope, now time.Time) (Debt, error) {
	var d Debt
	fs, err := s.List(ctx, scope, Filter{})
	if err != nil {
		return Debt{}, err
	}
	for _, f := range fs {
		if f.PastDue(now) {
			d.PastDue = append(d.PastDue, f)
		}
		if f.Match.NeedsReview && !f.Cleared() {
			d.NeedsReview = append(d.NeedsReview, f)
		}
	}
	invs, err := s.Inventories(ctx, scope)
	if err != nil {
		return Debt{}, err
	}
	for _, i := range invs {
		for _, p := range i.Problems {
			if p.Kind == sbom.NoVersion {
				d.Unknown = append(d.Unknown, UnknownComponent{Inventory: i, Problem: p})
			}
		}
	}
	m, err := s.careMap(ctx, scope)
	if err != nil || m == nil {
		return d, err
	}
	risk := map[string]int{}
	for _, c := range impact.Critical(m) {
		risk[c.ID] = c.Worst()
	}
	soon := now.AddDate(1, 0, 0)
	for _, a := range m.Assets {
		if a.EndOfSupport.IsZero() || a.EndOfSupport.Time().After(soon) {
			continue
		}
		d.EndOfSupport = append(d.EndOfSupport, SupportEnd{Asset: a, Ended: !a.EndOfSupport.Time().After(now), Risk: risk[a.ID]})
	}
	return d, nil
}
