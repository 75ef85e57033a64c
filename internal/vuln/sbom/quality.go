package sbom

// Quality is how far an SBOM meets the NTIA minimum elements for an SBOM (supplier,
// component name, version, other unique identifiers, dependency relationships, author of
// the SBOM data, timestamp), counted component by component, so a page can show which
// elements are missing and how often.
type Quality struct {
	Components   int
	WithSupplier int
	WithName     int
	WithVersion  int
	// WithUniqueID counts components with a valid purl or CPE: the identifiers
	// advisories are matched on.
	WithUniqueID int
	// InDependencies counts components that take part in at least one dependency link.
	InDependencies int
	Dependencies   int  // dependency links in the document
	HasAuthor      bool // the SBOM names who or what made it
	HasTimestamp   bool
	Problems       int // identity problems listed
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
