package monitor

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// assetIndex finds a care map's assets by the names and addresses alerts use.
type assetIndex struct {
	version string
	byName  map[string]string // lower-case asset id, host name or short host name → asset id
	byIP    map[string]string // canonical address → asset id
	risk    map[string]int    // asset id → worst DCB risk of losing or corrupting it
}

func newAssetIndex(m *caremap.Map, risk func(assetID string) int) *assetIndex {
	ix := &assetIndex{version: m.Version(), byName: map[string]string{}, byIP: map[string]string{}, risk: map[string]int{}}
	for _, a := range m.Assets {
		ix.risk[a.ID] = risk(a.ID)
		ix.name(a.ID, a.ID)
		for _, h := range a.Identifiers.Hostnames {
			ix.name(h, a.ID)
		}
		for _, s := range a.Identifiers.IPs {
			if ip, err := netip.ParseAddr(strings.TrimSpace(s)); err == nil {
				ix.byIP[ip.Unmap().String()] = a.ID
			}
		}
	}
	return ix
}

// name indexes a host name and its first label ("epr-app-01" for
// "epr-app-01.trust.nhs.uk"): agents often report the short name. A name
// already taken keeps its first asset.
func (ix *assetIndex) name(host, assetID string) {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if host == "" {
		return
	}
	if _, ok := ix.byName[host]; !ok {
		ix.byName[host] = assetID
	}
	if short, _, ok := strings.Cut(host, "."); ok && short != "" {
		if _, taken := ix.byName[short]; !taken {
			ix.byName[short] = assetID
		}
	}
}

// match finds the asset an alert is about. Names come first (a host or agent
// name is the machine the tool watches), then addresses not in a field that
// names the far end of a connection (data.srcip is usually the attacker),
// then any address.
func (ix *assetIndex) match(a *alert.Alert) (assetID, matchedBy string) {
	if ix == nil {
		return "", ""
	}
	for _, o := range a.Observables {
		if o.Kind != alert.Hostname && o.Kind != alert.AgentName {
			continue
		}
		if id, ok := ix.lookupName(o.Value); ok {
			return id, string(o.Kind) + " " + o.Value
		}
	}
	for _, pass := range []bool{false, true} {
		for _, o := range a.Observables {
			if o.Kind != alert.IP || (!pass && farEnd(o.Field)) {
				continue
			}
			if id, ok := ix.byIP[o.Value]; ok {
				return id, "ip " + o.Value
			}
		}
	}
	return "", ""
}

func (ix *assetIndex) lookupName(v string) (string, bool) {
	if id, ok := ix.byName[v]; ok {
		return id, true
	}
	if short, _, ok := strings.Cut(v, "."); ok {
		id, found := ix.byName[short]
		return id, found
	}
	return "", false
}

// farEnd reports whether a field names the other end of a connection rather
// than the machine the alert is about.
func farEnd(field string) bool {
	f := strings.ToLower(field)
	return strings.Contains(f, "src") || strings.Contains(f, "source") || strings.Contains(f, "client") ||
		strings.Contains(f, "actor") || strings.Contains(f, "remote")
}

// index returns the organisation's asset index for its current care map, or
// nil when it has none: the alerts are then stored unmatched.
func (m *Monitor) index(ctx context.Context, orgID string) (*assetIndex, error) {
	scope := vigil.SystemScope(vigil.Org{ID: orgID}, "Alert correlation", []vigil.Role{vigil.SecurityAnalyst})
	st, err := m.maps.Current(ctx, scope)
	if vigil.CodeOf(err) == vigil.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	version := st.Map.Version()
	m.mu.Lock()
	ix := m.indexes[orgID]
	m.mu.Unlock()
	if ix != nil && ix.version == version {
		return ix, nil
	}
	ix = newAssetIndex(st.Map, func(id string) int {
		c, _, ok := m.ranks.Criticality(st.Map, id)
		if !ok {
			return 0
		}
		return c.Worst()
	})
	m.mu.Lock()
	m.indexes[orgID] = ix
	m.mu.Unlock()
	return ix, nil
}
