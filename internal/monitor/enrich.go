package monitor

import (
	"context"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Clinical is what an alert means for patients: the asset it is about and the
// services that would suffer if that asset were lost or its data corrupted.
type Clinical struct {
	AssetID   string
	AssetName string
	AssetKind caremap.Kind
	// Lost and Corrupted are the services harmed if the asset were lost, or its
	// data could not be trusted, for a day; most dangerous first.
	Lost      []ServiceAtRisk
	Corrupted []ServiceAtRisk
	Risk      int // the worst DCB risk level of either
}

// ServiceAtRisk is one clinical service an alert puts at risk, and what its
// staff do while it is down.
type ServiceAtRisk struct {
	impact.ServiceRisk
	Downtime caremap.DowntimeProcedure
}

// Clinical works out the clinical context of an alert from the current care
// map. It is empty (ok false) when the alert matched no asset, or the asset
// is no longer in the map.
func (m *Monitor) Clinical(ctx context.Context, scope vigil.Scope, a Alert) (Clinical, bool, error) {
	if !a.Matched() {
		return Clinical{}, false, nil
	}
	mp, err := m.maps.Map(ctx, scope)
	if vigil.CodeOf(err) == vigil.NotFound {
		return Clinical{}, false, nil
	}
	if err != nil {
		return Clinical{}, false, err
	}
	return ClinicalOf(mp, m.ranks, a.AssetID)
}

// ClinicalOf is the clinical context of one asset of a map.
func ClinicalOf(mp *caremap.Map, ranks *impact.Cache, assetID string) (Clinical, bool, error) {
	asset, ok := mp.Asset(assetID)
	if !ok {
		return Clinical{}, false, nil
	}
	c := Clinical{AssetID: asset.ID, AssetName: asset.Name, AssetKind: asset.Kind}
	crit, _, ok := ranks.Criticality(mp, assetID)
	if !ok {
		return c, true, nil
	}
	c.Risk = crit.Worst()
	c.Lost = servicesAtRisk(mp, crit.Loss.Services)
	c.Corrupted = servicesAtRisk(mp, crit.Corruption.Services)
	return c, true, nil
}

func servicesAtRisk(mp *caremap.Map, risks []impact.ServiceRisk) []ServiceAtRisk {
	out := make([]ServiceAtRisk, 0, len(risks))
	for _, r := range risks {
		s := ServiceAtRisk{ServiceRisk: r}
		if svc, ok := mp.Service(r.ID); ok {
			s.Downtime = svc.Downtime
		}
		out = append(out, s)
	}
	return out
}
