package whatif

import (
	"slices"
	"strings"
	"sync"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vuln/ident"
)

// outageIndex is one map version made ready for national questions: which of its nodes
// each supplier and product names. It is built once per map digest, so a question costs
// a look-up and a walk from the nodes it names, not a scan of every asset of every map.
type outageIndex struct {
	m         *caremap.Map
	suppliers map[string][]int32 // supplier key → supplier nodes
	products  map[string][]int32 // product key → asset nodes
}

func newOutageIndex(m *caremap.Map) *outageIndex {
	g := m.Graph()
	ix := &outageIndex{m: m, suppliers: make(map[string][]int32, len(m.Suppliers)), products: map[string][]int32{}}
	for i, s := range m.Suppliers {
		v := int32(g.Services() + g.Assets() + i)
		for _, k := range uniqueKeys(supplierKey(s.ID), supplierKey(s.Name)) {
			ix.suppliers[k] = append(ix.suppliers[k], v)
		}
	}
	for i, a := range m.Assets {
		v := int32(g.Services() + i)
		for _, k := range uniqueKeys(assetProductKeys(a)...) {
			ix.products[k] = append(ix.products[k], v)
		}
	}
	return ix
}

// targets are the nodes q names in this map, in map order.
func (ix *outageIndex) targets(q Outage) []int32 {
	if q.Supplier != "" {
		return ix.suppliers[supplierKey(q.Supplier)]
	}
	var out []int32
	for _, k := range productKeys(q.Product) {
		for _, v := range ix.products[k] {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// supplierKey is how a supplier's id or name is compared: maps written by different
// organisations spell the same company with different case and spacing.
func supplierKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// assetProductKeys are the products an asset runs, from its CPE (vendor/product) and
// its package URL (the URL without version, and namespace/name).
func assetProductKeys(a caremap.Asset) []string {
	var out []string
	if a.Identifiers.CPE != "" {
		if c, err := ident.ParseCPE(a.Identifiers.CPE); err == nil {
			out = append(out, cpeKey(c))
		}
	}
	if a.Identifiers.PURL != "" {
		if p, err := ident.ParsePURL(a.Identifiers.PURL); err == nil {
			out = append(out, purlKeys(p)...)
		}
	}
	return out
}

// productKeys reads what an analyst typed as a product: vendor/product (or
// vendor:product), a CPE, or a package URL.
func productKeys(s string) []string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(strings.ToLower(s), "cpe:"):
		if c, err := ident.ParseCPE(s); err == nil {
			return []string{cpeKey(c)}
		}
		return nil
	case strings.HasPrefix(strings.ToLower(s), "pkg:"):
		if p, err := ident.ParsePURL(s); err == nil {
			return purlKeys(p)
		}
		return nil
	}
	return []string{strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, " ", "_"), ":", "/"))}
}

func cpeKey(c ident.CPE) string {
	return strings.ToLower(strings.Replace(c.VendorProduct(), ":", "/", 1))
}

func purlKeys(p ident.PURL) []string {
	out := []string{strings.ToLower(p.Unversioned())}
	if p.Namespace != "" {
		out = append(out, strings.ToLower(p.Namespace+"/"+p.Name))
	}
	return out
}

func uniqueKeys(keys ...string) []string {
	out := keys[:0]
	for _, k := range keys {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// nationalMaps keeps every organisation's map, parsed and indexed, at the digest it was
// read at. A map uploaded anywhere has a new digest, so the next question reloads just
// that organisation's map; maps of organisations that no longer have one are dropped.
// Requests that arrive together for a map not yet loaded wait for one load.
type nationalMaps struct {
	mu    sync.Mutex
	byOrg map[string]*nationalEntry
}

type nationalEntry struct {
	digest string
	once   sync.Once
	ix     *outageIndex
	err    error
}

func newNationalMaps() *nationalMaps {
	return &nationalMaps{byOrg: make(map[string]*nationalEntry)}
}

// entries returns an entry per organisation at the digest given, making new ones for
// changed maps, and forgets organisations not listed.
func (c *nationalMaps) entries(digests map[string]string) map[string]*nationalEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]*nationalEntry, len(digests))
	for org, d := range digests {
		e, ok := c.byOrg[org]
		if !ok || e.digest != d {
			e = &nationalEntry{digest: d}
			c.byOrg[org] = e
		}
		out[org] = e
	}
	for org := range c.byOrg {
		if _, ok := digests[org]; !ok {
			delete(c.byOrg, org)
		}
	}
	return out
}

// index loads and indexes the entry's map once; a failed load is forgotten, so the
// next question tries again.
func (c *nationalMaps) index(org string, e *nationalEntry, load func() (*caremap.Map, error)) (*outageIndex, error) {
	e.once.Do(func() {
		m, err := load()
		if err != nil {
			e.err = err
			return
		}
		e.ix = newOutageIndex(m)
	})
	if e.err != nil {
		c.mu.Lock()
		if c.byOrg[org] == e {
			delete(c.byOrg, org)
		}
		c.mu.Unlock()
	}
	return e.ix, e.err
}
