package match

import (
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// productABC is an inventory for Example Company's product ABC 4.2 (the CISA VEX use
// cases' product), holding a vulnerable log4j-core.
func productABC(t *testing.T, version string) *sbom.Inventory {
	t.Helper()
	inv, err := sbom.ParseCycloneDXJSON("abc.cdx.json", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5",
	 "serialNumber":"urn:uuid:cbb2cd68-2857-43b8-a10b-e8c03d277d18",
	 "metadata":{"component":{"type":"application","name":"ABC","version":"`+version+`","bom-ref":"product-ABC"}},
	 "components":[{"type":"library","bom-ref":"log4j","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1",
	   "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func log4jIndex(t *testing.T, vex ...string) *Index {
	ix := NewIndex()
	for _, a := range document(t, "../advisory/testdata/cve5/CVE-2021-44228.json") {
		ix.Put(a)
	}
	for _, v := range vex {
		for _, a := range document(t, v) {
			ix.Put(a)
		}
	}
	return ix
}

func TestVEX(t *testing.T) {
	// Without VEX, log4j-core 2.14.1 is affected.
	fs := log4jIndex(t).Match(productABC(t, "4.2"), System{})
	if len(fs) != 1 || fs[0].Status != advisory.StatusAffected || fs[0].Advisory != "CVE-2021-44228" {
		t.Fatalf("%+v", fs)
	}
	tests := []struct {
		name, vex, version string
		want               advisory.Status
		justification      string
	}{
		{"CycloneDX, product not affected", "../advisory/testdata/vex/case1-not-affected.json", "4.2", advisory.StatusNotAffected, "code_not_present"},
		{"CycloneDX, another version", "../advisory/testdata/vex/case1-not-affected.json", "4.3", advisory.StatusAffected, ""},
		{"CSAF, product not affected", "../advisory/testdata/csaf/2022-evd-uc-01-na-001.json", "4.2", advisory.StatusNotAffected, ""},
		// Use case 7: a BOM-Link into this SBOM, 2.5 not affected, 2.9–4.1 affected.
		{"BOM-Link, listed version", "../advisory/testdata/vex/case7.json", "2.5", advisory.StatusNotAffected, "code_not_present"},
		{"BOM-Link, range", "../advisory/testdata/vex/case7.json", "3.0", advisory.StatusAffected, ""},
	}
	for _, tt := range tests {
		fs := log4jIndex(t, tt.vex).Match(productABC(t, tt.version), System{})
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", tt.name, len(fs))
		}
		f := fs[0]
		got := ""
		if f.VEX != nil {
			got = f.VEX.Justification
		}
		if f.Status != tt.want || got != tt.justification {
			t.Errorf("%s: status %s (%q), want %s (%q)", tt.name, f.Status, got, tt.want, tt.justification)
		}
	}
	// A BOM-Link into another SBOM does not apply.
	inv := productABC(t, "2.5")
	inv.Serial = "urn:uuid:00000000-0000-0000-0000-000000000000"
	if f := log4jIndex(t, "../advisory/testdata/vex/case7.json").Match(inv, System{})[0]; f.Status != advisory.StatusAffected {
		t.Errorf("a statement about another SBOM applied: %s", f.Status)
	}
	// Statements leave with the advisory that carried them.
	ix := log4jIndex(t, "../advisory/testdata/vex/case1-not-affected.json")
	vex := document(t, "../advisory/testdata/vex/case1-not-affected.json")[0]
	vex.Withdrawn = vex.Modified.AddDate(1, 0, 0)
	vex.Modified = vex.Withdrawn
	ix.Put(vex)
	if f := ix.Match(productABC(t, "4.2"), System{})[0]; f.Status != advisory.StatusAffected {
		t.Errorf("a withdrawn VEX statement still applies: %s", f.Status)
	}
}
