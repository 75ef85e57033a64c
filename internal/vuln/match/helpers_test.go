package match

import (
	"os"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

func osvRecord(t *testing.T, json string) advisory.Advisory {
	t.Helper()
	a, err := advisory.ParseOSV("test.json", []byte(json))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func document(t *testing.T, path string) []advisory.Advisory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	as, err := advisory.ParseDocument(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func inventory(t testing.TB, path string) *sbom.Inventory {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inv, err := sbom.Read(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// juiceShop reads the juice-shop SBOM once per test.
func juiceShop(t *testing.T) *sbom.Inventory { return inventory(t, "../testdata/juice-shop.cdx.json") }

// about returns the findings for one advisory id.
func about(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Advisory == id {
			out = append(out, f)
		}
	}
	return out
}
