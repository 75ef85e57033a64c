package match

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// benchRecords is the size of the synthetic corpus the targets name: 250,000 OSV records,
// about the size of osv.dev's npm export.
const benchRecords = 250_000

// BenchmarkColdMatch is what `vigil vuln match --sbom juice-shop.cdx.json --advisories
// all.zip` does: read the SBOM, read the zip decoding only the records that name one of
// its packages, index them and match. The zip is generated once, outside the timing.
func BenchmarkColdMatch(b *testing.B) {
	path := corpus(b, benchRecords)
	sbomBytes, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var findings int
	for b.Loop() {
		inv, err := sbom.Read("juice-shop.cdx.json", bytes.NewReader(sbomBytes))
		if err != nil {
			b.Fatal(err)
		}
		findings = len(readCorpus(b, path, inv).Match(inv, System{}))
	}
	b.ReportMetric(float64(findings), "findings")
}

// indexedIndex is the whole corpus in one index, built once for the benchmarks that
// need it.
var indexedIndex atomic.Pointer[Index]

func fullIndex(b *testing.B) *Index {
	b.Helper()
	if ix := indexedIndex.Load(); ix != nil {
		return ix
	}
	ix := readCorpus(b, corpus(b, benchRecords), nil)
	indexedIndex.Store(ix)
	return ix
}

// BenchmarkIndexedMatch matches juice-shop's 1,115 components against an index holding
// all 250,000 records.
func BenchmarkIndexedMatch(b *testing.B) {
	ix := fullIndex(b)
	inv := inventory(b, "../testdata/juice-shop.cdx.json")
	b.ReportAllocs()
	b.ResetTimer()
	var findings int
	for b.Loop() {
		findings = len(ix.Match(inv, System{}))
	}
	b.ReportMetric(float64(findings), "findings")
	b.ReportMetric(float64(ix.Len()), "advisories")
}

// BenchmarkEstate re-evaluates 200 organisations of 5,000 components each against the
// full index, on every processor.
func BenchmarkEstate(b *testing.B) {
	ix := fullIndex(b)
	e := estate(b, 200, 5000)
	b.ResetTimer()
	var findings atomic.Int64
	for b.Loop() {
		findings.Store(0)
		err := e.Evaluate(context.Background(), ix, 0, func(h Holding, fs []Finding) { findings.Add(int64(len(fs))) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(findings.Load()), "findings")
	b.ReportMetric(float64(e.Components()), "components")
}

// BenchmarkNewAdvisory is a new advisory arriving for a package many organisations use:
// it is put in the index and the estate's affected components are found by lookup.
func BenchmarkNewAdvisory(b *testing.B) {
	ix := fullIndex(b)
	e := estate(b, 200, 5000)
	pkg := ident.NewPackage("npm", "debug")
	b.ResetTimer()
	var affected int
	for i := 0; b.Loop(); i++ {
		a := advisory.Advisory{ID: fmt.Sprintf("GHSA-bench-%d", i), Source: advisory.SourceOSV, Summary: "new",
			Affected: []advisory.Affected{{Package: pkg, Ecosystem: "npm", Ranges: []advisory.Range{{Type: advisory.RangeSemVer,
				Events: []version.Event{{Introduced: "0"}, {Fixed: "4.3.5"}}}}}}}
		ix.Put(a)
		inventories := map[string]bool{}
		for _, f := range e.Affected(ix, a) {
			inventories[f.Inventory] = true
		}
		affected = len(inventories)
	}
	b.ReportMetric(float64(affected), "inventories")
}
