package match

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// TestFilteredReadOfTrickyRecords adds to a generated corpus records the quick filter
// could get wrong, and checks that reading only what may matter gives exactly the
// findings of reading everything: aliases, evidence and versions of a record come
// from records that name none of the inventory's packages.
func TestFilteredReadOfTrickyRecords(t *testing.T) {
	inv := juiceShop(t)
	real := synth.NPMPackages(inv)
	pkg := inv.Components[0].Package.Name
	other := inv.Components[1].Package.Name
	affects := func(name string) string {
		return fmt.Sprintf(`{"package": {"ecosystem": "npm", "name": %q}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}`, name)
	}
	cvss := `"severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]`
	records := map[string]string{
		// Names the package only in its text: it cannot match.
		"GHSA-text-0001": fmt.Sprintf(`{"id": "GHSA-text-0001", "summary": "name: %s", "details": "\"name\": \"%s\"", "affected": [%s]}`, pkg, pkg, affects("made-up-x")),
		// The package's name in another case, and the ecosystem in capitals.
		"GHSA-case-0001": fmt.Sprintf(`{"id": "GHSA-case-0001", "affected": [{"package": {"ecosystem": "NPM", "name": %q}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`, pkg),
		// Withdrawn: it must not match, and its identifiers still join others.
		"GHSA-gone-0001": fmt.Sprintf(`{"id": "GHSA-gone-0001", "withdrawn": "2024-01-01T00:00:00Z", "aliases": ["CVE-2099-0003"], "affected": [%s]}`, affects(pkg)),
		"GHSA-gone-0002": fmt.Sprintf(`{"id": "GHSA-gone-0002", "aliases": ["CVE-2099-0003"], "affected": [%s]}`, affects(other)),
		// The GHSA names the package; the CVE record, about something else, carries the
		// severity, and a third record is joined only through the second.
		"GHSA-alias-0001": fmt.Sprintf(`{"id": "GHSA-alias-0001", "aliases": ["CVE-2099-0001"], "affected": [%s]}`, affects(pkg)),
		"CVE-2099-0001":   fmt.Sprintf(`{"id": "CVE-2099-0001", "aliases": ["OSV-2099-0009"], "affected": [%s]}`, affects("made-up-y")),
		"OSV-2099-0009":   fmt.Sprintf(`{"id": "OSV-2099-0009", %s, "affected": [%s]}`, cvss, affects("made-up-z")),
		// The package given only by its package URL.
		"GHSA-purl-0001": fmt.Sprintf(`{"id": "GHSA-purl-0001", "affected": [{"package": {"purl": "pkg:npm/%s"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`, other),
		// Two versions of one record: the newer names another package, so it replaces
		// the older and nothing is found.
		"GHSA-twice-0001.json": fmt.Sprintf(`{"id": "GHSA-twice-0001", "modified": "2024-01-01T00:00:00Z", "affected": [%s]}`, affects(pkg)),
		"GHSA-twice-0001-v2":   fmt.Sprintf(`{"id": "GHSA-twice-0001", "modified": "2025-01-01T00:00:00Z", "affected": [%s]}`, affects("made-up-w")),
		// A name spelt with an escape.
		"GHSA-escape-0001": fmt.Sprintf(`{"id": "GHSA-escape-0001", "affected": [%s]}`, affects(pkg[:1]+`\u00`+fmt.Sprintf("%x", pkg[1])+pkg[2:])),
	}
	var corpus bytes.Buffer
	if _, err := synth.WriteOSVZip(&corpus, synth.Options{Records: 3_000, Seed: 3, Real: real}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(corpus.Bytes()), int64(corpus.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for name, rec := range records {
		if !json.Valid([]byte(rec)) {
			t.Fatalf("%s is not JSON: %s", name, rec)
		}
		w, _ := zw.Create(name + ".json")
		w.Write([]byte(rec))
	}
	zw.Close()
	read := func(inv *sbom.Inventory) []Finding {
		ix := NewIndex()
		var opt advisory.ReadOptions
		if inv != nil {
			want := map[string]bool{}
			for _, c := range inv.Components {
				want[ident.LooseName(c.Package.Name)] = true
			}
			opt.Want = func(n string) bool { return want[n] }
		}
		problems, err := advisory.ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(out.Bytes()), int64(out.Len()), opt,
			func(a advisory.Advisory) error { ix.Put(a); return nil })
		if err != nil || len(problems) > 0 {
			t.Fatalf("%v %v", err, problems)
		}
		return ix.Match(juiceShop(t), System{})
	}
	all, some := read(nil), read(inv)
	if len(about(all, "CVE-2099-0001")) == 0 || about(all, "CVE-2099-0001")[0].CVSS == nil {
		t.Fatalf("the corpus does not test what it should: %d findings", len(all))
	}
	if !reflect.DeepEqual(all, some) {
		t.Errorf("%d findings from every record, %d from the filtered ones", len(all), len(some))
		for i := range min(len(all), len(some)) {
			if !reflect.DeepEqual(all[i], some[i]) {
				t.Fatalf("finding %d differs:\n%+v\n%+v", i, all[i], some[i])
			}
		}
	}
}
