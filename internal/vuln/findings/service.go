// Package findings keeps vulnerability intelligence for each organisation: the
// advisories it imported (and those a national centre shares with everyone), the
// inventories attached to its care-map assets, and the findings that matching the one
// against the other produces, each with its SSVC decision. Human Impact comes from the
// care map (see ssvc.CareMap for the mapping), so a finding on a system patients depend
// on outranks the same finding on a system nobody does.
//
// Every method takes the caller's scope; every change is audited.
package findings

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// Service is vulnerability intelligence on one database.
type Service struct {
	db    *store.DB
	orgs  *org.Store
	maps  *mapstore.Store
	clock func() time.Time
	// indexes keeps organisations' advisory indexes between evaluations.
	indexes indexCache
	// products keeps what each organisation's care map says about products.
	products productMaps
	devices  *match.Devices
}

// New returns the service on db, reading care maps from maps.
func New(db *store.DB, orgs *org.Store, maps *mapstore.Store, clock func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, maps: maps, clock: clock, devices: match.BuiltinDevices()}
}

// Finding is one stored finding: what matching found, where, and what has happened to it.
type Finding struct {
	ID          string
	OrgID       string
	InventoryID string
	AssetID     string // the care-map asset the inventory is attached to
	match.Finding
	// Asset is what the care map said about the asset when the finding was last
	// evaluated; nil when the asset is not in the map.
	Asset *ssvc.AssetImpact
	// Analyst is the decision a person made that set the status, if any.
	Analyst   *Decision
	Open      bool
	Closed    string // why a finding is no longer open: "fixed", "withdrawn", …
	DueOn     string // YYYY-MM-DD: when the decision says it should be dealt with by; "" for Defer
	FirstSeen time.Time
	LastSeen  time.Time
}

// Title names the finding for people: "CVE-2024-3400 in Perimeter firewall".
func (f Finding) Title() string {
	where := f.Component.Name
	if f.Asset != nil {
		where = f.Asset.Name
	}
	return f.Advisory + " in " + where
}

// PastDue reports whether an open finding's due date has gone by.
func (f Finding) PastDue(now time.Time) bool {
	return f.Open && !f.Cleared() && f.DueOn != "" && f.DueOn < now.UTC().Format(time.DateOnly)
}

// Cleared reports whether a VEX statement or a person says the component is not
// affected or is fixed.
func (f Finding) Cleared() bool {
	return f.Status == advisory.StatusNotAffected || f.Status == advisory.StatusFixed
}

// Decision is an analyst's status for a vulnerability in a component, kept by the range
// the component's version fell in so a later version in the same range keeps it.
type Decision struct {
	Status        advisory.Status `json:"status"`
	Justification string          `json:"justification,omitempty"`
	Note          string          `json:"note,omitempty"`
	By            string          `json:"by"`
	At            time.Time       `json:"at"`
}

// dueDays is how long each decision gives before a finding is past due. Immediate means
// now; Out-of-cycle before the next routine window; Scheduled within a quarter. A KEV due
// date that is sooner wins.
var dueDays = map[ssvc.Priority]int{ssvc.Immediate: 2, ssvc.OutOfCycle: 14, ssvc.Scheduled: 90}

// asVigil acts for the organisation as Vigil's vulnerability intelligence itself, with
// an analyst's rights: what reads the care map on behalf of whoever asks uses it.
func asVigil(o vigil.Org) vigil.Scope {
	return vigil.SystemScope(o, "Vulnerability intelligence", []vigil.Role{vigil.SecurityAnalyst})
}

// careMap is the caller's organisation's current care map, or nil when it has none. It is
// read as Vigil, not as the caller: whoever may see findings may see the clinical impact
// they were decided from, even with a token that cannot read the map itself.
func (s *Service) careMap(ctx context.Context, scope vigil.Scope) (*caremap.Map, error) {
	sys := asVigil(scope.Org())
	st, err := s.maps.Current(ctx, sys)
	if vigil.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return st.Map, nil
}
