package advisory

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

func parseFile(t *testing.T, path string) []Advisory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	as, err := ParseDocument(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func TestParseCVE5(t *testing.T) {
	a := parseFile(t, "testdata/cve5/CVE-2021-44228.json")[0]
	if a.ID != "CVE-2021-44228" || a.Source != SourceCVE5 || !a.Exploited || a.IsWithdrawn() {
		t.Errorf("%s %s exploited %v", a.ID, a.Source, a.Exploited)
	}
	if a.SSVC == nil || a.SSVC.Exploitation != "active" || a.SSVC.Automatable != "yes" || a.SSVC.TechnicalImpact != "total" || a.SSVC.Provider != "CISA-ADP" {
		t.Errorf("ssvc %+v", a.SSVC)
	}
	if len(a.Affected) != 2 {
		t.Fatalf("affected %+v", a.Affected)
	}
	pkg, product := a.Affected[0], a.Affected[1]
	if pkg.Package != (ident.Package{Ecosystem: "Maven", Name: "org.apache.logging.log4j:log4j-core"}) || len(pkg.Ranges) != 3 ||
		pkg.Ranges[2].Events[0].Introduced != "2.13.0" || pkg.Ranges[2].Events[1].Fixed != "2.15.0" {
		t.Errorf("package entry %+v", pkg)
	}
	if product.Product != "apache:log4j" || product.Scheme != version.Maven || len(product.Ranges) != 3 {
		t.Errorf("product entry %+v", product)
	}
	if Highest(a.Severity).Score != 10 {
		t.Errorf("severity %+v", a.Severity)
	}

	w := parseFile(t, "testdata/cve5/CVE-2022-42905.json")[0]
	if len(w.Affected) != 1 || w.Affected[0].Product != "wolfssl:wolfssl" || w.Affected[0].Scheme != version.Generic ||
		w.Affected[0].Ranges[0].Events[1].Fixed != "5.5.2" {
		t.Errorf("wolfSSL affected, from the ADP's CPEs: %+v", w.Affected)
	}
	if w.SSVC == nil || w.SSVC.Exploitation != "poc" || w.Exploited {
		t.Errorf("wolfSSL ssvc %+v exploited %v", w.SSVC, w.Exploited)
	}
	r := parseFile(t, "testdata/cve5/CVE-2023-99999-rejected.json")[0]
	if !r.IsWithdrawn() || r.Withdrawn.Format("2006-01-02") != "2023-06-01" {
		t.Errorf("rejected record withdrawn %v", r.Withdrawn)
	}
	if _, err := ParseCVE5("x.json", []byte(`{"dataType":"CVE_RECORD","cveMetadata":{}}`)); err == nil {
		t.Error("a record without an id was read")
	}
}

func statusesOf(a Advisory) map[string]Statement {
	out := map[string]Statement{}
	for _, s := range a.Statements {
		out[s.Product.Ref] = s
	}
	return out
}

func TestParseCSAF(t *testing.T) {
	bsi := parseFile(t, "testdata/csaf/bsi-2022-0001.json")
	if len(bsi) != 1 || bsi[0].ID != "CVE-2022-27193" || !containsFold(bsi[0].Aliases, "BSI-2022-0001") {
		t.Fatalf("BSI advisory %+v", bsi)
	}
	st := statusesOf(bsi[0])
	if st["CSAFPID-0001"].Status != StatusAffected || st["CSAFPID-0006"].Status != StatusFixed || len(bsi[0].Affected) != 5 {
		t.Errorf("statuses %v, %d affected", st, len(bsi[0].Affected))
	}
	if af := bsi[0].Affected[0]; af.Product != "csaf-tools:cvrf-csaf-converter" || af.Versions[0] != "1.0.0-alpha" {
		t.Errorf("affected from a CPE 2.2 name: %+v", af)
	}

	vex := parseFile(t, "testdata/csaf/sec-vex-2022-0001.json")
	s := statusesOf(vex[0])["CSAFPID-0001"]
	if s.Status != StatusNotAffected || s.Justification != "component_not_present" || !strings.Contains(s.Detail, "JavaScript") || s.Product.Name != "Secvisogram" {
		t.Errorf("VEX statement %+v", s)
	}
	na := statusesOf(parseFile(t, "testdata/csaf/2022-evd-uc-01-na-001.json")[0])["CSAFPID-0001"]
	if na.Product.Name != "ABC" || na.Product.Version != "4.2" || na.Status != StatusNotAffected {
		t.Errorf("use case 1 %+v", na)
	}
	rh := parseFile(t, "testdata/csaf/rhsa-2021_5186.json")
	if rh[0].ID != "CVE-2021-4104" || !containsFold(rh[0].Aliases, "RHSA-2021:5186") {
		t.Errorf("Red Hat ids %s %v", rh[0].ID, rh[0].Aliases)
	}
	fixed := 0
	for _, s := range rh[0].Statements {
		if s.Status == StatusFixed && strings.HasPrefix(s.Product.Ref, "8Base-RHOSE-4.6:") && strings.Contains(s.Product.Version, "ose-metering-hive") {
			fixed++
		}
	}
	if fixed != 1 {
		t.Errorf("a relationship product takes its component's identity: %+v", rh[0].Statements)
	}
	cisco := parseFile(t, "testdata/csaf/cisco-sa-20180328-smi2.json")
	if len(cisco) == 0 || cisco[0].ID != "CVE-2018-0171" || len(cisco[0].Statements) < 50 {
		t.Errorf("Cisco: %d advisories", len(cisco))
	}
}

// TestCSAFSchemaRefusal breaks a valid document in two places and expects both named.
func TestCSAFSchemaRefusal(t *testing.T) {
	b, _ := os.ReadFile("testdata/csaf/bsi-2022-0001.json")
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	d := doc["document"].(map[string]any)
	delete(d, "title")
	d["category"] = 7
	broken, _ := json.Marshal(doc)
	_, err := ParseCSAF("broken.json", broken)
	if err == nil || vigil.CodeOf(err) != vigil.Invalid {
		t.Fatalf("a broken CSAF document: %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "broken.json does not follow the CSAF 2.0 schema") || !strings.Contains(msg, "/document") || !strings.Contains(msg, "title") {
		t.Errorf("refusal %q", msg)
	}
	if _, err := ParseCSAF("cut.json", b[:len(b)/3]); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("a cut-short CSAF document: %v", err)
	}
}

func TestParseCycloneDXVEX(t *testing.T) {
	c1 := parseFile(t, "testdata/vex/case1-not-affected.json")
	if len(c1) != 1 || len(c1[0].Statements) != 1 {
		t.Fatalf("case 1: %+v", c1)
	}
	s := c1[0].Statements[0]
	if s.Vulnerability != "CVE-2021-44228" || s.Status != StatusNotAffected || s.Justification != "code_not_present" ||
		s.Product.Name != "ABC" || s.Product.Version != "4.2" || len(s.Response) != 1 {
		t.Errorf("case 1 statement %+v", s)
	}
	c7 := parseFile(t, "testdata/vex/case7.json")
	first := c7[0].Statements[0]
	if first.Product.Serial != "urn:uuid:cbb2cd68-2857-43b8-a10b-e8c03d277d18" || first.Product.Ref != "product-ABC" {
		t.Errorf("a BOM-Link statement %+v", first.Product)
	}
	c6 := parseFile(t, "testdata/vex/case6.json")
	if len(c6) != 1 {
		t.Errorf("case 6 analyses one vulnerability in two entries: %d advisories", len(c6))
	}
	var versions []string
	for _, a := range c6 {
		for _, s := range a.Statements {
			versions = append(versions, string(s.Status)+"@"+s.Product.Version)
		}
	}
	got := strings.Join(versions, " ")
	if !strings.Contains(got, "affected@vers:generic/>=2.9|<=4.1") || !strings.Contains(got, "not_affected@2.5") {
		t.Errorf("case 6 statements %s", got)
	}
	if _, err := ParseCycloneDXVEX("sbom.json", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}`)); err == nil {
		t.Error("an SBOM without vulnerabilities was read as VEX")
	}
}
