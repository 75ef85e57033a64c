package sbom

import (
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/ident"
)

// ProblemKind is a kind of identity problem.
type ProblemKind string

const (
	NoVersion        ProblemKind = "no-version"        // advisories for it need a person to review
	BadPURL          ProblemKind = "bad-purl"          // the purl does not parse
	BadCPE           ProblemKind = "bad-cpe"           // the CPE does not parse
	UnknownEcosystem ProblemKind = "unknown-ecosystem" // the purl's type names no package ecosystem
	NoIdentifier     ProblemKind = "no-identifier"     // neither a purl nor a CPE
	VersionMismatch  ProblemKind = "version-mismatch"  // the purl or CPE names another version
	DuplicateRef     ProblemKind = "duplicate-ref"     // two components share a reference
	UnknownRef       ProblemKind = "unknown-ref"       // a dependency names no component
)

// Problem is one thing that stops a component being identified for certain.
type Problem struct {
	Kind      ProblemKind `json:"kind"`
	Where     string      `json:"where"`               // the component's place in the document
	Component string      `json:"component,omitempty"` // the component's label, when the problem is about one
	Message   string      `json:"message"`             // plain English: what is wrong and what it means
}

func (p Problem) String() string {
	if p.Component != "" {
		return fmt.Sprintf("%s (%s): %s", p.Where, p.Component, p.Message)
	}
	return p.Where + ": " + p.Message
}

// MaxProblems is how many problems an inventory lists; a document with more is so
// broken that the first thousand say enough.
const MaxProblems = 1000

// identify reads a component's purl and CPE, fills in what they say, and returns what
// stops the component being identified.
func identify(c *Component) []Problem {
	var out []Problem
	add := func(k ProblemKind, format string, args ...any) {
		out = append(out, Problem{Kind: k, Where: c.Path, Component: c.Label(), Message: fmt.Sprintf(format, args...)})
	}
	if c.PURL != "" {
		p, err := ident.ParsePURL(c.PURL)
		switch {
		case err != nil:
			add(BadPURL, "%v. Fix the purl so advisories can be matched to it.", err)
		case !p.HasEcosystem():
			add(UnknownEcosystem, "its purl type %q names no package ecosystem with advisories, so it can be matched only by a CPE or the device alias list.", p.Type)
		default:
			c.Package, c.Release = p.Package, p.Release
		}
		if err == nil {
			c.PURLVersion, c.ValidPURL = p.Version, true
		}
	}
	if c.CPE != "" {
		cpe, err := ident.ParseCPE(c.CPE)
		switch {
		case err != nil:
			add(BadCPE, "%v. Fix the CPE so advisories can be matched to it.", err)
		case cpe.HasWildcard():
			add(BadCPE, "its CPE %q has a wildcard in the vendor or product, so it names no one product.", c.CPE)
		default:
			c.Product, c.CPEVersion = cpe.VendorProduct(), cpe.Version()
		}
	}
	if c.PURL == "" && c.CPE == "" && c.Product == "" {
		add(NoIdentifier, "it has neither a purl nor a CPE, so it can be matched only by its name in the device alias list.")
	}
	if c.Version == "" {
		c.Version = firstOf(c.PURLVersion, c.CPEVersion)
	}
	switch {
	case c.Version == "":
		add(NoVersion, "it has no version, so advisories for it cannot be checked and will be listed as needing review.")
	case c.PURLVersion != "" && c.PURLVersion != c.Version:
		add(VersionMismatch, "its purl says version %s but the component says %s; the purl's version is used for package advisories.", c.PURLVersion, c.Version)
	case c.CPEVersion != "" && !strings.EqualFold(c.CPEVersion, c.Version):
		add(VersionMismatch, "its CPE says version %s but the component says %s; the CPE's version is used for CPE advisories.", c.CPEVersion, c.Version)
	}
	return out
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// inventoryBuilder collects components and problems with the limits applied.
type inventoryBuilder struct {
	inv  *Inventory
	refs map[string]int // component reference → index
}

func newBuilder(inv *Inventory) *inventoryBuilder {
	return &inventoryBuilder{inv: inv, refs: map[string]int{}}
}

// add identifies c and adds it; it reports false when the component limit is passed.
func (b *inventoryBuilder) add(c Component) bool {
	if len(b.inv.Components) >= MaxComponents {
		return false
	}
	b.problems(identify(&c)...)
	if c.Ref != "" {
		if _, dup := b.refs[c.Ref]; dup {
			b.problems(Problem{Kind: DuplicateRef, Where: c.Path, Component: c.Label(),
				Message: fmt.Sprintf("its reference %q is used by another component too, so dependencies and VEX statements naming it are ambiguous.", c.Ref)})
		} else {
			b.refs[c.Ref] = len(b.inv.Components)
		}
	}
	b.inv.Components = append(b.inv.Components, c)
	return true
}

func (b *inventoryBuilder) problems(ps ...Problem) {
	for _, p := range ps {
		if len(b.inv.Problems) < MaxProblems {
			b.inv.Problems = append(b.inv.Problems, p)
		}
	}
}

// graph records dependency links and how many components take part in them.
func (b *inventoryBuilder) graph(links [][2]string, where func(i int) string) {
	in := make(map[string]bool)
	for i, l := range links {
		for _, ref := range l {
			if ref == "" {
				continue
			}
			if _, ok := b.refs[ref]; !ok && ref != b.inv.Subject.Ref {
				b.problems(Problem{Kind: UnknownRef, Where: where(i), Message: fmt.Sprintf("the dependency names %q, which is no component in this document.", ref)})
				continue
			}
			in[ref] = true
		}
	}
	b.inv.Dependencies = len(links)
	for ref := range in {
		if _, ok := b.refs[ref]; ok {
			b.inv.InGraph++
		}
	}
}
