package match

import (
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// applyVEX sets a finding's status from the VEX statements about its vulnerability that
// apply to its component. A statement about the component itself wins over one about the
// whole product the inventory describes, one naming the version wins over one that does
// not, and among equals the newest wins.
func (ix *Index) applyVEX(f *Finding, inv *sbom.Inventory, c *sbom.Component, ids []string) {
	if len(ix.statements) == 0 {
		return
	}
	var best *heldStatement
	bestScore := 0
	for _, id := range ids {
		for i := range ix.statements[strings.ToUpper(id)] {
			s := &ix.statements[strings.ToUpper(id)][i]
			sc := applies(s.Product, inv, c)
			if sc == 0 {
				continue
			}
			if best == nil || sc > bestScore || sc == bestScore && s.Timestamp.After(best.Timestamp) {
				best, bestScore = s, sc
			}
		}
	}
	if best == nil {
		return
	}
	f.Status = best.Status
	f.VEX = &VEX{Justification: best.Justification, Detail: best.Detail, Response: best.Response, Document: best.Document}
}

// applies scores how closely a statement's product names component c of inv: 0 when it
// does not; higher for the component itself than for the inventory's subject, and higher
// when the statement's version is checked.
func applies(p advisory.Product, inv *sbom.Inventory, c *sbom.Component) int {
	if p.Serial != "" && inv.Serial != "" && !strings.EqualFold(p.Serial, inv.Serial) {
		return 0 // a BOM-Link into another SBOM
	}
	score := 0
	switch {
	case p.Ref != "" && p.Ref == c.Ref:
		score = 4
	case p.PURL != "" && c.PURL != "" && samePackage(p.PURL, c.PURL):
		score = 4
	case p.CPE != "" && c.Product != "" && sameProduct(p.CPE, c.Product):
		score = 3
	case p.Name != "" && strings.EqualFold(p.Name, c.Name):
		score = 3
	case p.Ref != "" && p.Ref == inv.Subject.Ref, p.Name != "" && strings.EqualFold(p.Name, inv.Subject.Name):
		// A statement about the whole product applies to all its components.
		return versionScore(statementVersion(p), inv.Subject.Version, 1)
	default:
		return 0
	}
	return versionScore(statementVersion(p), firstOf(c.PURLVersion, c.Version), score)
}

// versionScore checks a statement's version (or vers range) against the version it is
// about: 0 when it names another version, base+1 when it names this one, base when it
// names none.
func versionScore(stated, actual string, base int) int {
	switch {
	case stated == "":
		return base
	case actual == "":
		return 0
	case stated == actual:
		return base + 1
	case strings.HasPrefix(stated, "vers:"):
		r, err := version.ParseVers(stated)
		if err != nil {
			return 0
		}
		v, err := r.Scheme().Parse(actual)
		if err == nil && r.Contains(v) {
			return base + 1
		}
	}
	return 0
}

// statementVersion is the version a statement names: its own, or its purl's.
func statementVersion(p advisory.Product) string {
	if p.Version != "" {
		return p.Version
	}
	if u, err := ident.ParsePURL(p.PURL); err == nil {
		return u.Version
	}
	return ""
}

func samePackage(a, b string) bool {
	pa, err1 := ident.ParsePURL(a)
	pb, err2 := ident.ParsePURL(b)
	return err1 == nil && err2 == nil && pa.Unversioned() == pb.Unversioned()
}

func sameProduct(cpe, product string) bool {
	c, err := ident.ParseCPE(cpe)
	return err == nil && c.VendorProduct() == product
}
