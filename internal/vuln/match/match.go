package match

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// hit is one advisory target that a component matched, and how.
type hit struct {
	t     *target
	match Match
}

// Match finds the advisories that affect each component of inv, one finding per
// vulnerability (alias group) and component, most urgent first. Components with no
// version are listed as needing review wherever an advisory names their package or
// product, never dropped. sys says what the system the inventory runs on means for SSVC.
func (ix *Index) Match(inv *sbom.Inventory, sys System) []Finding {
	out := make([]Finding, 0, len(inv.Components)/4+8)
	for i := range inv.Components {
		out = ix.matchComponent(out, inv, &inv.Components[i], sys)
	}
	sortFindings(out)
	return out
}

// matchComponent appends the findings for component c to out.
func (ix *Index) matchComponent(out []Finding, inv *sbom.Inventory, c *sbom.Component, sys System) []Finding {
	var hits []hit
	if !c.Package.IsZero() {
		pv := parsedVersions{v: firstOf(c.PURLVersion, c.Version)}
		for _, t := range ix.byPackage[c.Package] {
			if rel := t.affected.Release; rel != "" && c.Release != "" && rel != c.Release {
				continue // another release of the distribution
			}
			if m, ok := evaluateParsed(t, &pv, ByPURL, c.PURL, High); ok {
				hits = append(hits, hit{t, m})
			}
		}
	}
	var products map[string]Method
	if c.Product != "" || c.Package.IsZero() {
		products = map[string]Method{}
	}
	if c.Product != "" {
		products[c.Product] = ByCPE
		if c.ProductFromName {
			products[c.Product] = ByAssetName
		}
	}
	if c.Package.IsZero() {
		for _, p := range ix.devices.Products(c.Name) {
			if _, ok := products[p]; !ok {
				products[p] = ByAlias
			}
		}
	}
	pv := parsedVersions{v: firstOf(c.CPEVersion, c.Version)}
	for _, p := range sortedKeys(products) {
		method := products[p]
		conf := Medium
		if method != ByCPE {
			conf = Low
		}
		for _, t := range ix.byProduct[p] {
			if m, ok := evaluateParsed(t, &pv, method, p, conf); ok {
				hits = append(hits, hit{t, m})
			}
		}
	}
	if len(hits) == 0 {
		return out
	}
	return ix.findings(out, inv, c, hits, sys)
}

// parsedVersions keeps a component's version parsed by each scheme asked for, so that a
// component tested against many ranges is parsed once per scheme.
type parsedVersions struct {
	v       string
	schemes [4]version.Scheme
	parsed  [4]version.Version
	errs    [4]error
	n       int
}

func (p *parsedVersions) get(s version.Scheme) (version.Version, error) {
	for i := range p.n {
		if p.schemes[i] == s {
			return p.parsed[i], p.errs[i]
		}
	}
	v, err := s.Parse(p.v)
	if p.n < len(p.schemes) {
		p.schemes[p.n], p.parsed[p.n], p.errs[p.n] = s, v, err
		p.n++
	}
	return v, err
}

// evaluate tests version v against one target; the result is a match when v is affected,
// or a needs-review match when v is unknown or cannot be read.
func evaluate(t *target, v string, method Method, id string, conf Confidence) (Match, bool) {
	return evaluateParsed(t, &parsedVersions{v: v}, method, id, conf)
}

func evaluateParsed(t *target, pv *parsedVersions, method Method, id string, conf Confidence) (Match, bool) {
	v := pv.v
	m := Match{Method: method, Identifier: id, Version: v, Confidence: conf}
	if len(t.ranges) == 0 && len(t.versions) == 0 && len(t.unreadable) == 0 {
		m.Range = "every version"
		if conf == High {
			m.Confidence = Medium // the advisory gives no versions to check
		} else {
			m.Confidence = Low
		}
		return m, true
	}
	if v == "" {
		m.NeedsReview, m.Reason = true, "the component has no version, so whether it is affected cannot be checked"
		m.Range = describe(t)
		return m, true
	}
	if t.versions[v] {
		m.Range = "version " + v + " is listed as affected"
		return m, true
	}
	var parseErr error
	for _, r := range t.ranges {
		s := r.scheme()
		parsed, err := pv.get(s)
		if err != nil {
			parseErr = err
			continue
		}
		if r.contains(parsed) {
			m.Range = r.text
			if s == version.Generic && m.Confidence == High {
				m.Confidence = Medium
			}
			return m, true
		}
	}
	switch {
	case parseErr != nil:
		m.NeedsReview, m.Reason, m.Range = true, parseErr.Error(), describe(t)
		return m, true
	case len(t.unreadable) > 0:
		m.NeedsReview, m.Range = true, strings.Join(t.unreadable, "; ")
		m.Reason = "the advisory gives ranges whose versions cannot be read"
		return m, true
	}
	return Match{}, false
}

// describe lists a target's ranges and versions for a finding that needs review.
func describe(t *target) string {
	var parts []string
	for _, r := range t.ranges {
		parts = append(parts, r.text)
	}
	parts = append(parts, t.unreadable...)
	if len(t.versions) > 0 {
		vs := make([]string, 0, len(t.versions))
		for v := range t.versions {
			vs = append(vs, v)
		}
		slices.Sort(vs)
		if len(vs) > 5 {
			vs = append(vs[:5], fmt.Sprintf("and %d more", len(vs)-5))
		}
		parts = append(parts, "versions "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ")
}

// findings groups a component's hits by vulnerability and appends one finding for each.
func (ix *Index) findings(out []Finding, inv *sbom.Inventory, c *sbom.Component, hits []hit, sys System) []Finding {
	if len(hits) == 1 {
		return append(out, ix.finding(inv, c, hits, sys))
	}
	groups := map[string][]hit{}
	var order []string
	for _, h := range hits {
		g := strings.Join(ix.group(h.t.entry.adv.ID), ",")
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], h)
	}
	for _, g := range order {
		out = append(out, ix.finding(inv, c, groups[g], sys))
	}
	return out
}

func (ix *Index) finding(inv *sbom.Inventory, c *sbom.Component, hs []hit, sys System) Finding {
	best := hs[0]
	var sources []string
	for _, h := range hs {
		if better(h.match, best.match) {
			best = h
		}
		a := &h.t.entry.adv
		if src := string(a.Source) + ":" + a.ID; !slices.Contains(sources, src) {
			sources = append(sources, src)
		}
	}
	slices.Sort(sources)
	ids := ix.group(best.t.entry.adv.ID)
	// Evidence comes from every advisory for the vulnerability, not only those that
	// matched: a CVE record's CISA-ADP block speaks for the GHSA that found the package.
	advs := ix.evidence(ids, hs)
	f := Finding{Advisory: shownID(ids), Sources: sources, Summary: best.t.entry.adv.Summary, Inventory: inv.Document,
		Component: Component{Ref: c.Ref, Path: c.Path, Name: componentName(c), Version: c.Version, PURL: c.PURL, CPE: c.CPE},
		Match:     best.match, Status: advisory.StatusAffected}
	for _, id := range ids {
		if id != f.Advisory {
			f.Aliases = append(f.Aliases, id)
		}
	}
	var sev []advisory.Severity
	for _, a := range advs {
		sev = append(sev, a.Severity...)
	}
	if s := advisory.Highest(sev); s.Vector != "" {
		f.CVSS = &s
	}
	if e, ok := ix.kev.Lookup(ids...); ok {
		f.KEV = &KEV{CVE: e.CVE, DateAdded: e.DateAdded, DueDate: e.DueDate, Ransomware: e.KnownRansomware(), RequiredAction: e.RequiredAction}
	}
	if s, ok := ix.epss.Lookup(ids...); ok {
		f.EPSS = &s
	}
	ix.applyVEX(&f, inv, c, ids)
	f.Decision = decide(f, advs, sys)
	return f
}

// evidence gathers the advisories held for any of ids, and those behind the hits.
func (ix *Index) evidence(ids []string, hs []hit) []*advisory.Advisory {
	out := make([]*advisory.Advisory, 0, len(hs)+len(ids))
	addEntry := func(e *entry) {
		if !slices.Contains(out, &e.adv) {
			out = append(out, &e.adv)
		}
	}
	for _, h := range hs {
		addEntry(h.t.entry)
	}
	for _, id := range ids {
		for _, e := range ix.byID[strings.ToUpper(id)] {
			addEntry(e)
		}
	}
	return out
}

// shownID picks the id to show for a vulnerability: its CVE when it has one.
func shownID(ids []string) string {
	for _, id := range ids {
		if strings.HasPrefix(strings.ToUpper(id), "CVE-") {
			return strings.ToUpper(id)
		}
	}
	return ids[0]
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// componentName is a component's name with its group as its ecosystem writes them:
// "@babel/core", "org.apache.logging.log4j:log4j-core".
func componentName(c *sbom.Component) string {
	switch {
	case c.Group == "":
		return c.Name
	case c.Package.Ecosystem == "Maven":
		return c.Group + ":" + c.Name
	}
	return c.Group + "/" + c.Name
}
