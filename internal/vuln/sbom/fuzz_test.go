package sbom

import (
	"os"
	"testing"
)

// fuzzReader checks that a parser never panics and that what it returns holds together.
func fuzzReader(f *testing.F, parse func(string, []byte) (*Inventory, error), seeds ...string) {
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := parse("fuzz", data)
		if err != nil {
			return
		}
		if len(inv.Components) > MaxComponents || len(inv.Problems) > MaxProblems {
			t.Fatalf("%d components, %d problems", len(inv.Components), len(inv.Problems))
		}
		_ = inv.Quality()
	})
}

func FuzzCycloneDXJSON(f *testing.F) {
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","components":[{"name":"b","purl":"pkg:npm/b@1"}]}]}`))
	fuzzReader(f, ParseCycloneDXJSON, "../testdata/medical-device-narrow.cdx.json")
}

func FuzzCycloneDXXML(f *testing.F) {
	fuzzReader(f, ParseCycloneDXXML, "testdata/infusion-pump.cdx.xml")
}

func FuzzSPDXJSON(f *testing.F) {
	fuzzReader(f, ParseSPDXJSON, "testdata/ward-tablet.spdx.json")
}

func FuzzAssetList(f *testing.F) {
	fuzzReader(f, ParseAssetList, "testdata/assets.csv")
}
