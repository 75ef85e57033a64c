package sbom

// Quality is how far an SBOM meets the NTIA minimum elements for an SBOM (supplier,
// component name, version, other unique identifiers, dependency relationships, author of
// the SBOM data, timestamp), counted component by component, so a page can show which
// elements are missing and how often.
type Quality struct {
	Components   int `json:"components"`
	WithSupplier int `json:"with_supplier"`
	WithName     int `json:"with_name"`
	WithVersion  int `json:"with_version"`
	// WithUniqueID counts components with a valid purl or CPE: the identifiers
	// advisories are matched on.
	WithUniqueID int `json:"with_unique_id"`
	// InDependencies counts components that take part in at least one dependency link.
	InDependencies int  `json:"in_dependencies"`
	Dependencies   int  `json:"dependencies"` // dependency links in the document
	HasAuthor      bool `json:"has_author"`   // the SBOM names who or what made it
	HasTimestamp   bool `json:"has_timestamp"`
	Problems       int  `json:"problems"` // identity problems listed
}

// Quality counts the inventory's minimum elements.
func (inv *Inventory) Quality() Quality {
	q := Quality{Components: len(inv.Components), InDependencies: inv.InGraph, Dependencies: inv.Dependencies,
		HasAuthor: len(inv.Authors) > 0, HasTimestamp: !inv.Timestamp.IsZero(), Problems: len(inv.Problems)}
	for _, c := range inv.Components {
		if c.Supplier != "" {
			q.WithSupplier++
		}
		if c.Name != "" {
			q.WithName++
		}
		if c.Version != "" {
			q.WithVersion++
		}
		if c.ValidPURL || (c.Product != "" && !c.ProductFromName) {
			q.WithUniqueID++
		}
	}
	return q
}

// UnknownVersions is how many components have no version.
func (q Quality) UnknownVersions() int { return q.Components - q.WithVersion }

// Share is n as a fraction of the components, 0 when there are none.
func (q Quality) Share(n int) float64 {
	if q.Components == 0 {
		return 0
	}
	return float64(n) / float64(q.Components)
}
