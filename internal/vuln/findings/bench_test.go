package findings_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// benchAdvisories is how many synthetic npm advisories the stored benchmarks hold: the
// corpus a trust keeps for the ecosystems it runs, not the whole of osv.dev.
const benchAdvisories = 10_000

// benchEstate stores the demo trust's care map with juice-shop's SBOM (1,115 npm
// components) on its electronic patient record, plus copies for extra organisations, and
// has the national centre import a synthetic corpus about juice-shop's packages.
func benchEstate(b *testing.B, extraOrgs int) (fixture, []byte) {
	b.Helper()
	ctx := context.Background()
	f := newFixture(b, storetest.SQLite(b))
	juice, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.Attach(ctx, f.analyst, "epr", "juice-shop.cdx.json", juice); err != nil {
		b.Fatal(err)
	}
	for i := range extraOrgs {
		sc := addOrg(b, f, fmt.Sprintf("X%03d", i))
		if _, err := f.svc.Attach(ctx, sc, "", "juice-shop.cdx.json", juice); err != nil {
			b.Fatal(err)
		}
	}
	inv, err := sbom.Read("juice-shop.cdx.json", bytes.NewReader(juice))
	if err != nil {
		b.Fatal(err)
	}
	real := synth.NPMPackages(inv)
	var zip bytes.Buffer
	if _, err := synth.WriteOSVZip(&zip, synth.Options{Records: benchAdvisories, Seed: 1, Real: real}); err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.Import(ctx, f.central, findings.Advisories, "npm.zip", zip.Bytes()); err != nil {
		b.Fatal(err)
	}
	return f, juice
}

// BenchmarkEvaluateOrganisation works out one organisation's findings again from the
// database: read 10,000 stored advisories and the SBOM, match, decide with the care map,
// and keep the findings.
func BenchmarkEvaluateOrganisation(b *testing.B) {
	f, _ := benchEstate(b, 0)
	ctx := context.Background()
	var res findings.Evaluated
	b.ResetTimer()
	for b.Loop() {
		var err error
		if res, err = f.svc.Evaluate(ctx, f.analyst); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Open), "findings")
}

// BenchmarkNewAdvisoryToOrganisations is a national centre importing one new advisory
// about a package every organisation runs, until it can list the organisations exposed.
func BenchmarkNewAdvisoryToOrganisations(b *testing.B) {
	const orgs = 5
	f, _ := benchEstate(b, orgs-1)
	ctx := context.Background()
	var exposed int
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n++
		doc := fmt.Appendf(nil, `{"schema_version": "1.6.0", "id": "GHSA-bench-%04d", "aliases": ["CVE-2099-%04d"], "modified": "2099-01-01T00:00:00Z",
			"affected": [{"package": {"ecosystem": "npm", "name": "express"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "99.0.0"}]}]}]}`, n, n)
		if _, err := f.svc.Import(ctx, f.central, findings.Advisories, "new.json", doc); err != nil {
			b.Fatal(err)
		}
		ex, err := f.svc.Exposures(ctx, f.central, fmt.Sprintf("CVE-2099-%04d", n))
		if err != nil {
			b.Fatal(err)
		}
		exposed = len(ex)
	}
	if exposed != orgs {
		b.Fatalf("%d organisations exposed, want %d", exposed, orgs)
	}
	b.ReportMetric(float64(exposed), "organisations")
}

// BenchmarkNewAdvisoryAcross200Organisations: 200 organisations, each with an inventory
// of 26 npm packages, hold 1,000 shared advisories; a national centre imports one new
// advisory about a package five of them run, until it can list those five. Organisations
// already evaluated that run none of the packages it names are not evaluated again.
func BenchmarkNewAdvisoryAcross200Organisations(b *testing.B) {
	const orgs, holders = 200, 5
	ctx := context.Background()
	f := newFixture(b, storetest.SQLite(b))
	juice, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		b.Fatal(err)
	}
	inv, err := sbom.Read("juice-shop.cdx.json", bytes.NewReader(juice))
	if err != nil {
		b.Fatal(err)
	}
	real := synth.NPMPackages(inv)
	for i := range orgs {
		sc := addOrg(b, f, fmt.Sprintf("Y%03d", i))
		var comps []string
		for j := range 25 {
			c := real[(i*25+j)%len(real)]
			comps = append(comps, fmt.Sprintf(`{"name": %q, "version": %q, "purl": "pkg:npm/%s@%s"}`, c.Name, c.Version, c.Name, c.Version))
		}
		if i < holders {
			comps = append(comps, `{"name": "bench-target", "version": "1.0.0", "purl": "pkg:npm/bench-target@1.0.0"}`)
		}
		doc := `{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [` + strings.Join(comps, ",") + `]}`
		if _, err := f.svc.Attach(ctx, sc, "", "inventory.cdx.json", []byte(doc)); err != nil {
			b.Fatal(err)
		}
	}
	var zip bytes.Buffer
	if _, err := synth.WriteOSVZip(&zip, synth.Options{Records: 1000, Seed: 1, Real: real}); err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.Import(ctx, f.central, findings.Advisories, "npm.zip", zip.Bytes()); err != nil {
		b.Fatal(err)
	}
	var exposed, evaluated int
	n := 0
	b.ResetTimer()
	for b.Loop() {
		n++
		doc := fmt.Appendf(nil, `{"schema_version": "1.6.0", "id": "GHSA-wide-%04d", "aliases": ["CVE-2098-%04d"], "modified": "2099-01-01T00:00:00Z",
			"affected": [{"package": {"ecosystem": "npm", "name": "bench-target"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}]}`, n, n)
		res, err := f.svc.Import(ctx, f.central, findings.Advisories, "new.json", doc)
		if err != nil {
			b.Fatal(err)
		}
		ex, err := f.svc.Exposures(ctx, f.central, fmt.Sprintf("CVE-2098-%04d", n))
		if err != nil {
			b.Fatal(err)
		}
		exposed, evaluated = len(ex), res.Evaluated
	}
	if exposed != holders {
		b.Fatalf("%d organisations exposed, want %d", exposed, holders)
	}
	b.ReportMetric(float64(exposed), "organisations")
	b.ReportMetric(float64(evaluated), "evaluated")
}

// BenchmarkProductsNational is a national centre comparing two products across 200
// organisations, each with the demo trust's care map: the advisory history from 10,000
// stored advisories, the open findings, and the end-of-support dates and SBOMs read from
// every organisation's care map.
func BenchmarkProductsNational(b *testing.B) {
	const orgs = 200
	f, _ := benchEstate(b, 0)
	ctx := context.Background()
	m, err := demomap.Map()
	if err != nil {
		b.Fatal(err)
	}
	maps := mapstore.New(f.db)
	for i := range orgs - 1 {
		sc := addOrg(b, f, fmt.Sprintf("Z%03d", i))
		admin := vigil.SystemScope(sc.Org(), "test", []vigil.Role{vigil.OrgAdmin, vigil.SecurityAnalyst})
		c := m.Contents
		c.Organisation.Code = sc.OrgCode
		theirs, err := caremap.New(c)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := maps.Replace(ctx, admin, theirs, mapstore.Change{}); err != nil {
			b.Fatal(err)
		}
	}
	var ps []findings.Product
	b.ResetTimer()
	for b.Loop() {
		if ps, err = f.svc.Products(ctx, f.central, []string{"meridian:care_record", "pkg:npm/express"}); err != nil {
			b.Fatal(err)
		}
	}
	if len(ps[0].Support) != orgs || len(ps[0].SBOMs) != 1 {
		b.Fatalf("%d support dates and %d SBOMs, want %d and 1", len(ps[0].Support), len(ps[0].SBOMs), orgs)
	}
	b.ReportMetric(orgs, "care-maps")
}
