package findings

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
)

// MaxCompared is how many products one comparison takes.
const MaxCompared = 4

// Product is what Vigil holds about one product or package, for advice on what to buy
// and keep: its advisory history, how many are known exploited (and used by ransomware),
// how many name a fixed version, and where it runs now.
type Product struct {
	Asked   string        // as the person wrote it
	Package ident.Package // for a purl
	purl    string        // the purl without its version, for a purl
	Name    string        // CPE vendor:product, or the package as ecosystem/name
	// Advisories are the vulnerabilities stored advisories report in it, newest first,
	// one per vulnerability (alias group).
	Advisories []ProductAdvisory
	KEV        int // of them, known exploited
	Ransomware int // of them, known to be used by ransomware
	WithFix    int // of them, naming a version that fixes it
	Withdrawn  int // advisories withdrawn by their source, not counted above
	// Organisations is how many organisations (only the caller's own, unless a national
	// centre asks) have open findings for it, and Findings how many.
	Organisations int
	Findings      int
	// Fixes say how quickly fixed versions appeared; Support the end-of-support dates of
	// the systems running it, soonest first; SBOMs the SBOMs uploaded for those systems.
	// All three come from the care maps and uploads the caller may read.
	Fixes   FixTimes
	Support []ProductSupport
	SBOMs   []ProductSBOM
}

// ProductAdvisory is one vulnerability in a product.
type ProductAdvisory struct {
	ID        string
	Aliases   []string
	Summary   string
	Published time.Time // the earliest publication of any advisory about it
	Fixed     []string  // versions that fix it, from the advisory's ranges
	// FixKnown is the earliest publication of an advisory naming a fixed version.
	FixKnown time.Time
	// Evidence names the advisories behind the vulnerability, each with its publication.
	Evidence []string
	KEV      *advisory.KEVEntry
}

// Products reports on each product named: a CPE vendor:product (wolfssl:wolfssl), a CPE
// name, or a package URL without or with a version.
func (s *Service) Products(ctx context.Context, scope vigil.Scope, names []string) ([]Product, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	if len(names) == 0 || len(names) > MaxCompared {
		return nil, vigil.InvalidFields("Name a product.", map[string]string{"product": fmt.Sprintf("Give between 1 and %d products, each a CPE vendor:product or a package URL", MaxCompared)})
	}
	kev, err := s.kevFor(ctx, scope.OrgID)
	if err != nil {
		return nil, err
	}
	maps, err := s.careMapsOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := make([]Product, 0, len(names))
	for i, n := range names {
		p, err := productOf(n)
		if err != nil {
			return nil, vigil.InvalidFields("That is not a product Vigil can look up.", map[string]string{fmt.Sprintf("product-%d", i+1): err.Error()})
		}
		if err := s.productHistory(ctx, scope, &p, kev); err != nil {
			return nil, err
		}
		if err := s.productReach(ctx, scope, &p); err != nil {
			return nil, err
		}
		if err := s.productEstate(ctx, maps, &p, now); err != nil {
			return nil, err
		}
		p.Fixes = fixTimes(p.Advisories, now)
		out = append(out, p)
	}
	return out, nil
}

// productOf reads what a person typed as a product.
func productOf(s string) (Product, error) {
	s = strings.TrimSpace(s)
	p := Product{Asked: s}
	switch {
	case strings.HasPrefix(s, "pkg:"):
		u, err := ident.ParsePURL(s)
		if err != nil {
			return p, err
		}
		if !u.HasEcosystem() {
			return p, fmt.Errorf("the package URL %q names no ecosystem advisories cover", s)
		}
		p.Package, p.Name, p.purl = u.Package, u.Package.String(), u.Unversioned()
	case strings.HasPrefix(s, "cpe:"):
		c, err := ident.ParseCPE(s)
		if err != nil {
			return p, err
		}
		p.Name = c.VendorProduct()
	default:
		vendor, product, ok := strings.Cut(strings.ToLower(s), ":")
		if !ok || vendor == "" || product == "" || strings.ContainsAny(product, ": ") {
			return p, fmt.Errorf("write a CPE vendor:product such as wolfssl:wolfssl, or a package URL such as pkg:npm/lodash")
		}
		p.Name = vendor + ":" + product
	}
	return p, nil
}

// productHistory reads the stored advisories about the product, one per vulnerability.
func (s *Service) productHistory(ctx context.Context, scope vigil.Scope, p *Product, kev *advisory.KEV) error {
	// The stored JSON names the package or product; LIKE narrows the rows to decode.
	needle := `%"Product":"` + likeEscape(p.Name) + `"%`
	if !p.Package.IsZero() {
		b, _ := json.Marshal(p.Package)
		needle = "%" + likeEscape(string(b)) + "%"
	}
	rows, err := s.db.Query(ctx, `SELECT body FROM vuln_advisories WHERE (org_id = $1 OR shared = $2) AND body LIKE $3 ESCAPE '\'`, scope.OrgID, true, needle)
	if err != nil {
		return fmt.Errorf("read advisories about %s: %w", p.Name, err)
	}
	defer rows.Close()
	seen := map[string]int{} // any id → index in p.Advisories
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return err
		}
		var a advisory.Advisory
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return fmt.Errorf("read stored advisory: %w", err)
		}
		fixed, about := fixesFor(a, p)
		if !about {
			continue
		}
		if a.IsWithdrawn() {
			p.Withdrawn++
			continue
		}
		i, dup := -1, false
		for _, id := range a.IDs() {
			if j, ok := seen[strings.ToUpper(id)]; ok {
				i, dup = j, true
				break
			}
		}
		if !dup {
			i = len(p.Advisories)
			p.Advisories = append(p.Advisories, ProductAdvisory{ID: a.ID, Summary: a.Summary, Published: a.Published})
		}
		pa := &p.Advisories[i]
		if pub := a.Published; !pub.IsZero() {
			if pa.Published.IsZero() || pub.Before(pa.Published) {
				pa.Published = pub
			}
			if len(fixed) > 0 && (pa.FixKnown.IsZero() || pub.Before(pa.FixKnown)) {
				pa.FixKnown = pub
			}
		}
		pa.Evidence = append(pa.Evidence, evidenceOf(a, fixed))
		ids := append([]string{pa.ID}, pa.Aliases...)
		for _, id := range a.IDs() {
			seen[strings.ToUpper(id)] = i
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		// The id shown is the CVE when there is one, as on findings.
		pa.ID = ids[0]
		for _, id := range ids {
			if strings.HasPrefix(strings.ToUpper(id), "CVE-") {
				pa.ID = id
				break
			}
		}
		pa.Aliases = slices.DeleteFunc(ids, func(id string) bool { return id == pa.ID })
		for _, f := range fixed {
			if !slices.Contains(pa.Fixed, f) {
				pa.Fixed = append(pa.Fixed, f)
			}
		}
		if pa.Summary == "" {
			pa.Summary = a.Summary
		}
		if pa.KEV == nil {
			if e, ok := kev.Lookup(a.IDs()...); ok {
				pa.KEV = &e
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, a := range p.Advisories {
		slices.Sort(p.Advisories[i].Evidence)
		if a.KEV != nil {
			p.KEV++
			if a.KEV.KnownRansomware() {
				p.Ransomware++
			}
		}
		if len(a.Fixed) > 0 {
			p.WithFix++
		}
	}
	slices.SortFunc(p.Advisories, func(a, b ProductAdvisory) int {
		return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.ID, b.ID))
	})
	return nil
}

// evidenceOf names an advisory for the record behind a product's figures: "GHSA-… (osv,
// published 2024-01-02, names a fixed version)".
func evidenceOf(a advisory.Advisory, fixed []string) string {
	when := "no publication date"
	if !a.Published.IsZero() {
		when = "published " + a.Published.UTC().Format(time.DateOnly)
	}
	if len(fixed) > 0 {
		when += ", names a fixed version"
	}
	return fmt.Sprintf("%s (%s, %s)", a.ID, a.Source, when)
}

// fixesFor says whether the advisory is about the product, and the versions that fix it.
func fixesFor(a advisory.Advisory, p *Product) ([]string, bool) {
	var fixed []string
	about := false
	for _, af := range a.Affected {
		if p.Package.IsZero() && af.Product != p.Name || !p.Package.IsZero() && af.Package != p.Package {
			continue
		}
		about = true
		for _, r := range af.Ranges {
			for _, e := range r.Events {
				if e.Fixed != "" {
					fixed = append(fixed, e.Fixed)
				}
			}
		}
	}
	return fixed, about
}

// productReach counts the open findings on the product, and the organisations with them.
func (s *Service) productReach(ctx context.Context, scope vigil.Scope, p *Product) error {
	q := `SELECT COUNT(*), COUNT(DISTINCT org_id) FROM vuln_findings WHERE open = $1 AND (body LIKE $2 ESCAPE '\' OR body LIKE $3 ESCAPE '\')`
	args := []any{true, "%" + likeEscape(productNeedle(p)) + "@%", "%" + likeEscape(productNeedle(p)) + `"%`}
	if !scope.Can(vigil.ReadAcrossOrgs) {
		q += ` AND org_id = $4`
		args = append(args, scope.OrgID)
	}
	if err := s.db.QueryRow(ctx, q, args...).Scan(&p.Findings, &p.Organisations); err != nil {
		return fmt.Errorf("count findings on %s: %w", p.Name, err)
	}
	return nil
}

// productNeedle is how a finding's stored match names the product: the identifier that
// matched is the CPE vendor:product, or the component's purl, followed by its version
// (after @) or by the end of the string.
func productNeedle(p *Product) string {
	if p.Package.IsZero() {
		return `"identifier":"` + p.Name
	}
	return `"identifier":"` + p.purl
}

// kevFor is the KEV catalogue that applies to the organisation, or nil.
func (s *Service) kevFor(ctx context.Context, orgID string) (*advisory.KEV, error) {
	name, body, ok, err := s.feed(ctx, orgID, KEVFeed)
	if err != nil || !ok {
		return nil, err
	}
	k, _, err := advisory.ReadKEV(name, strings.NewReader(string(body)))
	return k, err
}
