package monitor

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// HostIdentifiers are the names and addresses of an alert that could identify
// a care-map asset: host and agent names first, then the addresses that are
// not the far end of a connection, then the rest, each once.
func (a Alert) HostIdentifiers() []alert.Observable {
	var out []alert.Observable
	seen := map[string]bool{}
	add := func(o alert.Observable) {
		if !seen[o.Value] {
			seen[o.Value] = true
			out = append(out, o)
		}
	}
	for _, o := range a.Observables {
		if o.Kind == alert.Hostname || o.Kind == alert.AgentName {
			add(o)
		}
	}
	for _, far := range []bool{false, true} {
		for _, o := range a.Observables {
			if o.Kind == alert.IP && farEnd(o.Field) == far {
				add(o)
			}
		}
	}
	return out
}

// HostAddition says where an unmatched alert's host goes in the care map:
// onto an existing asset's identifiers, or as a new asset.
type HostAddition struct {
	Identifier string // one of the alert's HostIdentifiers
	AssetID    string // an existing asset; empty to add a new one named NewName
	NewName    string
	NewKind    caremap.Kind
	// Revision is the care-map version the person saw; when the map has moved
	// on since, nothing is changed and the answer is a Conflict. 0 accepts any.
	Revision int
}

// HostAdded is what adding a host to the care map did.
type HostAdded struct {
	AssetID, AssetName string
	Revision           int  // the care map's version now
	MapChanged         bool // false when the map already named the host
	Rematched          int  // earlier unmatched alerts now tied to the asset
}

// MaxAssetName is the longest name of a new asset.
const MaxAssetName = 120

// AddHostToCareMap puts an unmatched alert's host name or address into the
// care map, as an identifier of an existing asset or as a new asset, through
// the care-map store (a new version, audited), and then matches the
// organisation's earlier unmatched alerts from that host again.
func (m *Monitor) AddHostToCareMap(ctx context.Context, scope vigil.Scope, alertID string, add HostAddition) (HostAdded, error) {
	if err := scope.Require(vigil.WriteCareMap); err != nil {
		return HostAdded{}, err
	}
	a, err := m.Alert(ctx, scope, alertID)
	if err != nil {
		return HostAdded{}, err
	}
	if a.Matched() {
		return HostAdded{}, vigil.Errorf(vigil.Conflict, "This alert is already tied to the care map (%s).", a.MatchedBy)
	}
	i := slices.IndexFunc(a.HostIdentifiers(), func(o alert.Observable) bool { return o.Value == add.Identifier })
	if i < 0 {
		return HostAdded{}, vigil.InvalidFields("Choose the name or address to add.", map[string]string{"identifier": "Choose one of the alert's names or addresses"})
	}
	host := a.HostIdentifiers()[i]
	st, err := m.maps.Current(ctx, scope)
	if err != nil {
		return HostAdded{}, err
	}
	base := add.Revision
	if base == 0 {
		base = st.Revision
	}
	c := st.Map.Contents.Clone()
	target, summary, err := placeHost(&c, host, add)
	if err != nil {
		return HostAdded{}, err
	}
	next, err := caremap.New(c)
	if err != nil {
		return HostAdded{}, err
	}
	res, err := m.maps.Replace(ctx, scope, next, mapstore.Change{Base: base, Summary: summary, Quiet: true})
	if err != nil {
		return HostAdded{}, err
	}
	out := HostAdded{AssetID: target.ID, AssetName: target.Name, Revision: res.After.Revision, MapChanged: res.Changed}
	out.Rematched, err = m.rematch(ctx, scope, host.Value)
	return out, err
}

// placeHost adds host to the asset add names, or to a new asset, in c. It
// returns the asset and what was done, for the audit trail.
func placeHost(c *caremap.Contents, host alert.Observable, add HostAddition) (caremap.Asset, string, error) {
	addTo := func(a *caremap.Asset) {
		list := &a.Identifiers.Hostnames
		if host.Kind == alert.IP {
			list = &a.Identifiers.IPs
		}
		if !slices.ContainsFunc(*list, func(v string) bool { return strings.EqualFold(v, host.Value) }) {
			*list = append(*list, host.Value)
		}
	}
	if add.AssetID != "" {
		i := slices.IndexFunc(c.Assets, func(a caremap.Asset) bool { return a.ID == add.AssetID })
		if i < 0 {
			return caremap.Asset{}, "", vigil.InvalidFields("Choose the system it belongs to.", map[string]string{"asset": "Choose a system from the care map"})
		}
		addTo(&c.Assets[i])
		return c.Assets[i], fmt.Sprintf("Added %s to the identifiers of %s, from an alert", host.Value, c.Assets[i].Name), nil
	}
	name := strings.TrimSpace(add.NewName)
	problems := map[string]string{}
	switch {
	case name == "":
		problems["name"] = "Enter the name of the new system, such as Ward printer server"
	case utf8.RuneCountInString(name) > MaxAssetName:
		problems["name"] = fmt.Sprintf("Enter a name of at most %d characters", MaxAssetName)
	}
	if !add.NewKind.Valid() {
		problems["kind"] = "Choose what sort of system it is"
	}
	if len(problems) > 0 {
		return caremap.Asset{}, "", vigil.InvalidFields("Check what you entered.", problems)
	}
	c.Assets = append(c.Assets, caremap.Asset{ID: freeID(c, name), Name: name, Kind: add.NewKind})
	a := &c.Assets[len(c.Assets)-1]
	addTo(a)
	return *a, fmt.Sprintf("Added the %s %s with the identifier %s, from an alert", a.Kind, a.Name, host.Value), nil
}

// freeID makes an id from a name ("Ward printer server" → ward-printer-server)
// that no service, asset or supplier of c uses yet.
func freeID(c *caremap.Contents, name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	id := b.String()
	if len(id) > 56 {
		id = strings.TrimRight(id[:56], "-")
	}
	if id == "" {
		id = "asset"
	}
	taken := map[string]bool{}
	for _, s := range c.Services {
		taken[s.ID] = true
	}
	for _, a := range c.Assets {
		taken[a.ID] = true
	}
	for _, s := range c.Suppliers {
		taken[s.ID] = true
	}
	for n, try := 2, id; ; n++ {
		if !taken[try] {
			return try
		}
		try = id + "-" + strconv.Itoa(n)
	}
}

// rematchPage is how many unmatched alerts are read at a time.
const rematchPage = 1000

// rematch matches the organisation's unmatched alerts that name host against
// the current care map again, with their priority and group, in one
// transaction with one audit record. It returns how many it matched.
func (m *Monitor) rematch(ctx context.Context, scope vigil.Scope, host string) (int, error) {
	// A short host name matches the long ones it begins, so the text search
	// uses the first label; the index decides.
	like, _, _ := strings.Cut(host, ".")
	if strings.Contains(host, ":") || isDigits(like) {
		like = host // an address
	}
	return m.rematchPages(ctx, scope, 0, func(tx *store.Tx, after string) ([]Alert, error) {
		return unmatchedNaming(ctx, tx, scope.OrgID, like, after)
	}, func(matched int, assets []string) audit.Change {
		return audit.Change{Action: "update", EntityType: "alert", EntityID: host,
			Summary: fmt.Sprintf("Matched %d earlier alerts from %s to the care map", matched, host),
			After:   map[string]any{"host": host, "alerts": matched, "assets": assets}}
	})
}

// rematchPages matches the unmatched alerts that page lists, a page at a time
// (each page continues after the last alert of the one before), looking at no
// more than limit alerts (0: all), in one transaction, with the audit record
// change describes when any matched.
func (m *Monitor) rematchPages(ctx context.Context, scope vigil.Scope, limit int, page func(tx *store.Tx, after string) ([]Alert, error),
	change func(matched int, assets []string) audit.Change) (int, error) {
	ix, err := m.index(ctx, scope.OrgID)
	if err != nil || ix == nil {
		return 0, err
	}
	matched := 0
	assets := map[string]bool{}
	err = m.db.Tx(ctx, func(tx *store.Tx) error {
		after, seen := "", 0
		for {
			alerts, err := page(tx, after)
			if err != nil {
				return err
			}
			for _, a := range alerts {
				assetID, by := ix.match(&a.Alert)
				if assetID == "" {
					continue
				}
				risk := ix.risk[assetID]
				if _, err := tx.Exec(ctx, `UPDATE alerts SET asset_id = $1, matched_by = $2, clinical_risk = $3, priority = $4, group_key = $5
					WHERE org_id = $6 AND id = $7 AND asset_id = ''`,
					assetID, by, risk, Priority(a.Severity, true, risk), m.groupKey(&a.Alert, assetID), scope.OrgID, a.ID); err != nil {
					return fmt.Errorf("match alert again: %w", err)
				}
				matched++
				assets[assetID] = true
			}
			seen += len(alerts)
			if len(alerts) < rematchPage || (limit > 0 && seen >= limit) {
				break
			}
			after = alerts[len(alerts)-1].ID
		}
		if matched == 0 {
			return nil
		}
		return audit.Record(ctx, tx, scope.Actor(), change(matched, slices.Sorted(maps.Keys(assets))))
	})
	return matched, err
}

func unmatchedNaming(ctx context.Context, tx *store.Tx, orgID, like, after string) ([]Alert, error) {
	return alertsFrom(ctx, tx, `WHERE a.org_id = $1 AND a.asset_id = '' AND a.observables LIKE $2 AND a.id > $3 ORDER BY a.id LIMIT $4`,
		orgID, "%"+like+"%", after, rematchPage)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
