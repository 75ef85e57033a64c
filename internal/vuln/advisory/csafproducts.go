package advisory

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// MaxCSAFProducts bounds the products one document's tree may name.
const MaxCSAFProducts = 200_000

// products reads the product tree into what each product id stands for: its name and
// version from the branches above it, its purl and CPE, and, for a product made by a
// relationship ("openssl as a default component of Red Hat Enterprise Linux 8"), the
// identity of the component, which is what an inventory lists.
func (doc *csafDoc) products() map[string]csafProductInfo {
	out := map[string]csafProductInfo{}
	var walk func(bs []csafBranch, ctx csafProductInfo, depth int)
	walk = func(bs []csafBranch, ctx csafProductInfo, depth int) {
		if depth > 64 {
			return // the schema bounds nothing here; real trees are a few levels deep
		}
		for _, b := range bs {
			c := ctx
			switch b.Category {
			case "product_name", "product_family":
				c.Name = b.Name
			case "product_version":
				c.Version = b.Name
			case "product_version_range":
				c.versionRange = b.Name
			}
			if b.Product != nil && len(out) < MaxCSAFProducts {
				out[b.Product.ID] = productInfo(*b.Product, c)
			}
			walk(b.Branches, c, depth+1)
		}
	}
	walk(doc.ProductTree.Branches, csafProductInfo{}, 0)
	for _, p := range doc.ProductTree.FullProductNames {
		if len(out) < MaxCSAFProducts {
			out[p.ID] = productInfo(p, csafProductInfo{})
		}
	}
	for _, r := range doc.ProductTree.Relationships {
		component, ok := out[r.ProductReference]
		if !ok || len(out) >= MaxCSAFProducts {
			continue
		}
		component.Ref = r.FullProductName.ID
		out[r.FullProductName.ID] = component
	}
	return out
}

func productInfo(p csafProduct, ctx csafProductInfo) csafProductInfo {
	info := ctx
	info.Ref = p.ID
	if info.Name == "" {
		info.Name = p.Name
	}
	if p.Helper != nil {
		info.PURL, info.CPE = p.Helper.PURL, p.Helper.CPE
	}
	return info
}

// sortStatements orders statements by product reference, so output does not depend on
// map order.
func sortStatements(ss []Statement) {
	slices.SortStableFunc(ss, func(a, b Statement) int {
		return cmp.Or(cmp.Compare(a.Product.Ref, b.Product.Ref), cmp.Compare(a.Status, b.Status))
	})
}

// csafProductInfo is what the product tree says about one product id.
type csafProductInfo struct {
	Product
	versionRange string // a product_version_range branch's name
}

// affected turns a known-affected product into an Affected entry when it can be matched:
// by purl (a package) or by CPE (a vendor product).
func (p csafProductInfo) affected() (Affected, bool) {
	var af Affected
	if p.PURL != "" {
		if u, err := ident.ParsePURL(p.PURL); err == nil && u.HasEcosystem() {
			af.Package, af.Ecosystem, af.Release = u.Package, u.Ecosystem(), u.Release
			if u.Version != "" {
				af.Versions = []string{u.Version}
			}
		}
	}
	if af.Package.IsZero() && p.CPE != "" {
		if c, err := ident.ParseCPE(p.CPE); err == nil && !c.HasWildcard() {
			af.Product, af.Scheme = c.VendorProduct(), version.Generic
			if v := firstNonEmpty(c.Version(), p.Version); v != "" {
				af.Versions = []string{v}
			}
		}
	}
	if af.Package.IsZero() && af.Product == "" {
		return Affected{}, false
	}
	if p.versionRange != "" {
		af.Versions = nil
		af.Ranges = []Range{{Type: RangeVers, Vers: versOf(p.versionRange, af)}}
	}
	return af, true
}

// versOf reads a product_version_range: a vers string, or a bare "<=1.14.0"-style range,
// which is read as a generic vers.
func versOf(r string, af Affected) string {
	if strings.HasPrefix(r, "vers:") {
		return r
	}
	return "vers:generic/" + strings.ReplaceAll(r, " ", "")
}
