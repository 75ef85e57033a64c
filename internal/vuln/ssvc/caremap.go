package ssvc

import (
	"fmt"
	"sync"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

// CareMap answers, for each asset of a care map, the SSVC inputs the map decides: System
// Exposure from the asset's exposure, Safety Impact from the clinical harm of losing or
// corrupting it, and Mission Impact from the services that would stop. It is safe for
// concurrent use; each asset is worked out once.
//
// System Exposure:
//
//	internet           → open
//	partner, internal  → controlled
//	isolated           → small
//	not stated         → open, marked as assumed (the cautious choice)
//
// Safety Impact comes from the critical-asset ranking (impact.Critical): the worst DCB
// risk level R and the worst consequence C that losing or corrupting the asset for 24
// hours causes to any clinical service.
//
//	C major or catastrophic, and R ≥ 4       → catastrophic
//	C considerable or worse, and R ≥ 3       → critical
//	C significant or worse, and R ≥ 2        → marginal
//	anything less, or no service affected    → negligible
//
// Mission Impact counts the clinical services (an organisation's essential functions)
// that losing the asset for 24 hours makes lost (L) or degraded (D), out of N services:
//
//	L ≥ 2 and L ≥ a quarter of N             → mission failure
//	L ≥ 1                                    → MEF failure
//	D ≥ 1                                    → MEF support crippled
//	otherwise                                → degraded
type CareMap struct {
	m    *caremap.Map
	crit map[string]impact.AssetCriticality

	mu     sync.Mutex
	assets map[string]AssetImpact
}

// AssetImpact is what the care map says about one asset, with the evidence behind it.
type AssetImpact struct {
	Asset           string              `json:"asset"`
	Name            string              `json:"name"`
	Exposure        Exposure            `json:"exposure"`
	ExposureAssumed bool                `json:"exposure_assumed,omitempty"`
	Safety          SafetyImpact        `json:"safety_impact"`
	Mission         MissionImpact       `json:"mission_impact"`
	Risk            int                 `json:"risk"`                     // worst DCB risk if lost or corrupted for 24h
	Consequence     caremap.Consequence `json:"consequence,omitzero"`     // worst consequence to any service
	ServicesLost    int                 `json:"services_lost"`            // services lost if the asset is lost for 24h
	ServicesHit     int                 `json:"services_degraded"`        // services degraded if the asset is lost for 24h
	Services        int                 `json:"services"`                 // services in the map
	WorstServices   []string            `json:"worst_services,omitempty"` // the services behind the risk, most harmed first
}

// NewCareMap ranks the map's assets once, for the answers that follow.
func NewCareMap(m *caremap.Map) *CareMap {
	crit := map[string]impact.AssetCriticality{}
	for _, a := range impact.Critical(m) {
		crit[a.ID] = a
	}
	return &CareMap{m: m, crit: crit, assets: map[string]AssetImpact{}}
}

// Map is the care map the answers come from.
func (c *CareMap) Map() *caremap.Map { return c.m }

// Asset works out the SSVC inputs for asset id.
func (c *CareMap) Asset(id string) (AssetImpact, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.assets[id]; ok {
		return a, nil
	}
	asset, ok := c.m.Asset(id)
	if !ok {
		return AssetImpact{}, vigil.Errorf(vigil.NotFound, "the care map has no asset with the id %q", id)
	}
	out := AssetImpact{Asset: id, Name: asset.Name, Services: len(c.m.Services)}
	out.Exposure, out.ExposureAssumed = ExposureOf(asset.Exposure)
	crit := c.crit[id]
	out.Risk, out.Consequence = crit.Worst(), crit.WorstConsequence()
	out.Safety = SafetyOf(out.Consequence, out.Risk)
	harm := crit.Loss
	if crit.Corruption.Risk > harm.Risk {
		harm = crit.Corruption
	}
	for _, s := range harm.Services {
		out.WorstServices = append(out.WorstServices, s.Name)
	}
	r, err := impact.Analyse(c.m, []impact.Event{{Target: id, Mode: impact.ModeUnavailable, Duration: impact.CriticalDuration}})
	if err != nil {
		return AssetImpact{}, fmt.Errorf("work out what losing %s does: %w", id, err)
	}
	for _, s := range r.Services {
		switch s.State {
		case impact.Lost:
			out.ServicesLost++
		case impact.Degraded:
			out.ServicesHit++
		}
	}
	out.Mission = MissionOf(out.ServicesLost, out.ServicesHit, out.Services)
	c.assets[id] = out
	return out, nil
}

// ExposureOf maps a care-map exposure to System Exposure; assumed is true when the map
// does not say and the cautious value (open) is used.
func ExposureOf(e caremap.Exposure) (x Exposure, assumed bool) {
	switch e {
	case caremap.ExposureInternet:
		return Open, false
	case caremap.ExposurePartner, caremap.ExposureInternal:
		return Controlled, false
	case caremap.ExposureIsolated:
		return Small, false
	}
	return Open, true
}

// SafetyOf maps the worst consequence and risk of losing or corrupting an asset to
// Safety Impact, by the table in CareMap's documentation.
func SafetyOf(c caremap.Consequence, risk int) SafetyImpact {
	switch {
	case c >= caremap.Major && risk >= 4:
		return Catastrophic
	case c >= caremap.Considerable && risk >= 3:
		return Critical
	case c >= caremap.Significant && risk >= 2:
		return Marginal
	}
	return Negligible
}

// MissionOf maps the services lost and degraded, out of all services, to Mission Impact,
// by the table in CareMap's documentation.
func MissionOf(lost, degraded, services int) MissionImpact {
	switch {
	case lost >= 2 && lost*4 >= services:
		return MissionFailure
	case lost >= 1:
		return MEFFailure
	case degraded >= 1:
		return MEFSupportCrippled
	}
	return Degraded
}
