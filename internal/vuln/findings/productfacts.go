package findings

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// FixTimes say how quickly fixes for a product's vulnerabilities appeared. The feeds carry
// no release date for a fixed version, so a fix counts as known from the publication of
// the first advisory that names a fixed version; a fix released before any advisory said
// so is counted late, never early.
type FixTimes struct {
	Measured     int // vulnerabilities with both dates
	AtDisclosure int // of them, with a fixed version named when first published
	MedianDays   int
	LongestDays  int
	// Unfixed is how many vulnerabilities no advisory names a fixed version for, and
	// OldestUnfixedDays how long the oldest of them has been public.
	Unfixed           int
	OldestUnfixedDays int
}

// ProductSupport is an end-of-support date a care map gives for a system running the
// product.
type ProductSupport struct {
	Organisation string
	Asset        string // the system's name in the care map
	Ends         caremap.Date
	Ended        bool
}

// ProductSBOM is an SBOM uploaded for a system running the product: the maker's view of
// what is inside, with its NTIA minimum elements.
type ProductSBOM struct {
	Organisation string
	Asset        string // the system's name in the care map
	Document     string
	Quality      sbom.Quality
	UploadedAt   time.Time
}

// daysBetween counts whole days from a to b.
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// fixTimes measures the product's advisories at now.
func fixTimes(as []ProductAdvisory, now time.Time) FixTimes {
	var ft FixTimes
	var days []int
	for _, a := range as {
		switch {
		case a.Published.IsZero():
		case len(a.Fixed) == 0:
			ft.Unfixed++
			ft.OldestUnfixedDays = max(ft.OldestUnfixedDays, daysBetween(a.Published, now))
		case !a.FixKnown.IsZero():
			d := a.DaysToFix()
			days = append(days, d)
			if d == 0 {
				ft.AtDisclosure++
			}
		}
	}
	if len(days) == 0 {
		return ft
	}
	slices.Sort(days)
	ft.Measured, ft.LongestDays = len(days), days[len(days)-1]
	ft.MedianDays = days[len(days)/2]
	if len(days)%2 == 0 {
		ft.MedianDays = (days[len(days)/2-1] + days[len(days)/2]) / 2
	}
	return ft
}

// DaysToFix is how many days after the vulnerability was first published a fixed version
// was named; -1 when none is, or the dates are missing.
func (a ProductAdvisory) DaysToFix() int {
	if a.Published.IsZero() || a.FixKnown.IsZero() {
		return -1
	}
	return daysBetween(a.Published, a.FixKnown)
}

// orgMap is what product advice needs from one organisation's current care map: the
// assets that name a product by CPE or purl.
type orgMap struct {
	orgID, name string
	assets      []productAsset
}

// productAsset is a care-map asset with its identifiers read.
type productAsset struct {
	caremap.Asset
	cpe  string // CPE vendor:product, "" when none or unreadable
	purl string // unversioned package URL, "" when none or unreadable
}

// careMapsOf are the care maps the caller may learn products from: its own, or every
// organisation's for a national centre. They are read as Vigil, as careMap explains.
// What each map says about products is kept by the map's digest, so a national
// comparison decodes only the maps that changed since the last one.
func (s *Service) careMapsOf(ctx context.Context, scope vigil.Scope) ([]orgMap, error) {
	orgs, err := s.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []orgMap
	for _, o := range orgs {
		sys := asVigil(o.Ref())
		digest, err := s.maps.Digest(ctx, sys)
		if vigil.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		assets, ok := s.products.get(o.ID, digest)
		if !ok {
			m, err := s.careMap(ctx, sys)
			if err != nil {
				return nil, err
			}
			if m == nil {
				continue
			}
			assets = productAssets(m)
			s.products.put(o.ID, digest, assets)
		}
		out = append(out, orgMap{orgID: o.ID, name: o.Name, assets: assets})
	}
	return out, nil
}

// productAssets are the map's assets that name a product.
func productAssets(m *caremap.Map) []productAsset {
	var out []productAsset
	for _, a := range m.Assets {
		pa := productAsset{Asset: a}
		if c, err := ident.ParseCPE(a.Identifiers.CPE); a.Identifiers.CPE != "" && err == nil {
			pa.cpe = c.VendorProduct()
		}
		if u, err := ident.ParsePURL(a.Identifiers.PURL); a.Identifiers.PURL != "" && err == nil {
			pa.purl = u.Unversioned()
		}
		if pa.cpe != "" || pa.purl != "" {
			out = append(out, pa)
		}
	}
	return out
}

// productMaps keeps, by organisation, what its care map at a digest says about products.
// An entry is a few assets, so one is kept for every organisation.
type productMaps struct {
	mu    sync.Mutex
	byOrg map[string]productMapAt
}

type productMapAt struct {
	digest string
	assets []productAsset
}

func (c *productMaps) get(orgID, digest string) ([]productAsset, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byOrg[orgID]
	return e.assets, ok && e.digest == digest
}

func (c *productMaps) put(orgID, digest string, assets []productAsset) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byOrg == nil {
		c.byOrg = map[string]productMapAt{}
	}
	c.byOrg[orgID] = productMapAt{digest: digest, assets: assets}
}

// runs reports whether a care-map asset is the product, by its CPE or purl.
func (p *Product) runs(a productAsset) bool {
	if p.Package.IsZero() {
		return a.cpe != "" && a.cpe == p.Name
	}
	return a.purl != "" && a.purl == p.purl
}

// productEstate fills in the end-of-support dates and the SBOMs of the systems in maps
// that run the product.
func (s *Service) productEstate(ctx context.Context, maps []orgMap, p *Product, now time.Time) error {
	for _, om := range maps {
		for _, a := range om.assets {
			if !p.runs(a) {
				continue
			}
			if !a.EndOfSupport.IsZero() {
				p.Support = append(p.Support, ProductSupport{Organisation: om.name, Asset: a.Name, Ends: a.EndOfSupport, Ended: !a.EndOfSupport.Time().After(now)})
			}
			rows, err := s.db.Query(ctx, `SELECT `+inventoryColumns+` FROM vuln_inventories WHERE org_id = $1 AND asset_id = $2 AND format <> $3 ORDER BY document, id`,
				om.orgID, a.ID, sbom.AssetListCSV)
			if err != nil {
				return fmt.Errorf("read SBOMs of %s: %w", a.Name, err)
			}
			for rows.Next() {
				i, err := scanInventory(rows)
				if err != nil {
					rows.Close()
					return err
				}
				p.SBOMs = append(p.SBOMs, ProductSBOM{Organisation: om.name, Asset: a.Name, Document: i.Document, Quality: i.Quality, UploadedAt: i.UploadedAt})
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
	}
	slices.SortFunc(p.Support, func(a, b ProductSupport) int { return a.Ends.Time().Compare(b.Ends.Time()) })
	return nil
}
