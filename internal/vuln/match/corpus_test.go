package match

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/synth"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// corpusDir holds generated corpora for the life of the test binary; TestMain removes it.
var corpusDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vigil-osv-corpus-")
	if err != nil {
		panic(err)
	}
	corpusDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var corpora sync.Map // records → path

// corpus writes (once per run) a zip of n synthetic npm OSV records covering the
// juice-shop packages, and returns its path.
func corpus(tb testing.TB, n int) string {
	tb.Helper()
	if p, ok := corpora.Load(n); ok {
		return p.(string)
	}
	inv := inventory(tb, "../testdata/juice-shop.cdx.json")
	real := synth.NPMPackages(inv)
	path := filepath.Join(corpusDir, fmt.Sprintf("npm-%d.zip", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := synth.WriteOSVZip(f, synth.Options{Records: n, Seed: 1, Real: real}); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	corpora.Store(n, path)
	return path
}

// readCorpus puts the corpus's records into a new index, all of them or only those
// naming a package of inv.
func readCorpus(tb testing.TB, path string, inv *sbom.Inventory) *Index {
	tb.Helper()
	ix := NewIndex()
	var opt advisory.ReadOptions
	if inv != nil {
		want := map[string]bool{}
		for _, c := range inv.Components {
			want[ident.LooseName(c.Package.Name)] = true
		}
		opt.Want = func(n string) bool { return want[n] }
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	problems, err := advisory.ReadOSVZip(context.Background(), "all.zip", f, st.Size(), opt, func(a advisory.Advisory) error {
		ix.Put(a)
		return nil
	})
	if err != nil || len(problems) > 0 {
		tb.Fatalf("%v %v", err, problems)
	}
	return ix
}

// estate makes orgs inventories of n npm components each: most are juice-shop's
// packages at versions near its own, the rest made-up packages no advisory names.
func estate(tb testing.TB, orgs, n int) *Estate {
	tb.Helper()
	js := inventory(tb, "../testdata/juice-shop.cdx.json")
	rnd := rand.New(rand.NewPCG(7, 11))
	e := NewEstate()
	for o := range orgs {
		inv := &sbom.Inventory{Document: fmt.Sprintf("org-%03d.cdx.json", o), Components: make([]sbom.Component, 0, n)}
		for i := range n {
			var name, version string
			if rnd.IntN(10) < 6 {
				c := js.Components[rnd.IntN(len(js.Components))]
				name, version = c.Package.Name, c.Version
				if rnd.IntN(3) == 0 {
					version = fmt.Sprintf("%d.%d.%d", rnd.IntN(5), rnd.IntN(20), rnd.IntN(20))
				}
			} else {
				name, version = fmt.Sprintf("internal-pkg-%d-%d", o, i), "1.0.0"
			}
			inv.Components = append(inv.Components, sbom.Component{Ref: fmt.Sprintf("c%d", i), Name: name, Version: version,
				PURL: "pkg:npm/" + name + "@" + version, PURLVersion: version, Package: ident.NewPackage("npm", name)})
		}
		e.Add(Holding{ID: fmt.Sprintf("R%03d/app", o), Inventory: inv})
	}
	return e
}

// TestFilteredReadGivesTheSameFindings checks the quick filter of the cold path: reading
// only the records that name the inventory's packages gives exactly the findings of
// reading them all.
func TestFilteredReadGivesTheSameFindings(t *testing.T) {
	path := corpus(t, 20_000)
	inv := inventory(t, "../testdata/juice-shop.cdx.json")
	all := readCorpus(t, path, nil).Match(inv, System{})
	some := readCorpus(t, path, inv).Match(inv, System{})
	if len(all) == 0 || len(all) != len(some) {
		t.Fatalf("%d findings from every record, %d from the filtered ones", len(all), len(some))
	}
	for i := range all {
		if all[i].Advisory != some[i].Advisory || all[i].Component != some[i].Component {
			t.Fatalf("finding %d differs: %+v / %+v", i, all[i].Component, some[i].Component)
		}
	}
}

// TestIndexAgreesWithAScan checks the index against the slow way: every record tested
// against every component by its own ranges.
func TestIndexAgreesWithAScan(t *testing.T) {
	path := corpus(t, 20_000)
	inv := inventory(t, "../testdata/juice-shop.cdx.json")
	ix := readCorpus(t, path, nil)
	got := map[string]bool{}
	for _, f := range ix.Match(inv, System{}) {
		got[f.Sources[0]+" "+f.Component.Ref] = true
	}
	want := map[string]bool{}
	for _, e := range ix.entries {
		for ci := range inv.Components {
			c := &inv.Components[ci]
			for _, af := range e.adv.Affected {
				if af.Package != c.Package {
					continue
				}
				if affectedByScan(t, af, c.Version) {
					want["osv:"+e.adv.ID+" "+c.Ref] = true
				}
			}
		}
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Errorf("index %d findings, scan %d", len(got), len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("the index misses %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("the scan does not find %s", k)
		}
	}
}

// affectedByScan decides by the OSV rules written out directly: listed versions, then
// each range's events sorted by version ("0" first) and walked in turn.
func affectedByScan(t *testing.T, af advisory.Affected, v string) bool {
	for _, x := range af.Versions {
		if x == v {
			return true
		}
	}
	cmpTo := func(a, b string) int {
		c, err := versionCompare(a, b)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	at := func(e version.Event) string { return e.Introduced + e.Fixed + e.LastAffected + e.Limit }
	for _, r := range af.Ranges {
		events := slices.Clone(r.Events)
		slices.SortStableFunc(events, func(a, b version.Event) int {
			switch {
			case at(a) == "0":
				return -1
			case at(b) == "0":
				return 1
			}
			return cmpTo(at(a), at(b))
		})
		in := false
		for _, ev := range events {
			cmpTo := func(s string) int { return cmpTo(v, s) }
			switch {
			case ev.Introduced != "":
				in = in || ev.Introduced == "0" || cmpTo(ev.Introduced) >= 0
			case ev.Fixed != "" && cmpTo(ev.Fixed) >= 0:
				in = false
			case ev.LastAffected != "" && cmpTo(ev.LastAffected) > 0:
				in = false
			}
		}
		if in {
			return true
		}
	}
	return false
}

func versionCompare(a, b string) (int, error) { return version.Compare("npm", a, b) }
