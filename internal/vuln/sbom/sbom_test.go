package sbom

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/ident"
)

func readFile(t *testing.T, path string) *Inventory {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inv, err := Read(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// problemsOf lists "kind component" for each problem, to compare with what a reader of
// the document would point out.
func problemsOf(inv *Inventory) map[string]bool {
	out := map[string]bool{}
	for _, p := range inv.Problems {
		out[string(p.Kind)+" "+p.Component] = true
	}
	return out
}

func TestJuiceShop(t *testing.T) {
	inv := readFile(t, "../testdata/juice-shop.cdx.json")
	if inv.Format != CycloneDXJSON || inv.SpecVersion != "1.4" || len(inv.Components) != 1115 {
		t.Fatalf("format %s %s, %d components", inv.Format, inv.SpecVersion, len(inv.Components))
	}
	if inv.Subject.Name != "juice-shop" || inv.Subject.Version != "14.1.1" {
		t.Errorf("subject %+v", inv.Subject)
	}
	for _, c := range inv.Components {
		if c.Package.Ecosystem != "npm" || c.Version == "" || c.Ref == "" {
			t.Fatalf("component %+v", c)
		}
	}
	first := inv.Components[0]
	if first.Package != (ident.Package{Ecosystem: "npm", Name: "@babel/helper-string-parser"}) || first.Version != "7.19.4" ||
		len(first.Hashes) != 1 || first.Hashes[0].Algorithm != "SHA-512" {
		t.Errorf("first component %+v", first)
	}
	if len(inv.Problems) != 0 {
		t.Errorf("problems: %v", inv.Problems[:min(5, len(inv.Problems))])
	}
	q := inv.Quality()
	if q.WithVersion != 1115 || q.WithUniqueID != 1115 || q.Dependencies != 1775 || q.InDependencies == 0 || !q.HasAuthor {
		t.Errorf("quality %+v", q)
	}
}

// TestMedicalDevice checks that the realistic, imperfect identities of a medical-device
// SBOM are reported, component by component.
func TestMedicalDevice(t *testing.T) {
	inv := readFile(t, "../testdata/medical-device-extended.cdx.json")
	if len(inv.Components) != 65 {
		t.Fatalf("%d components", len(inv.Components))
	}
	got := problemsOf(inv)
	for _, want := range []string{
		"no-version Qualcomm Atheros QCA9563", // a chip, listed without a version
		"no-version EdgeRouter X",
		"unknown-ecosystem WolfSSL 4.8.1",                      // pkg:github names no ecosystem
		"unknown-ecosystem Infralution.Localization.Wpf 3.9.7", // pkg:generic for a NuGet package
		"version-mismatch fatFS 0.13c",                         // the CPE says r0.13
	} {
		if !got[want] {
			t.Errorf("no problem %q; problems: %v", want, inv.Problems)
		}
	}
	for _, c := range inv.Components {
		if c.Name == "Aspose.Words" && (c.Package != ident.Package{Ecosystem: "NuGet", Name: "aspose.words"} || c.Product != "aspose:asposewords") {
			t.Errorf("Aspose.Words: %+v", c)
		}
	}
	q := inv.Quality()
	if q.UnknownVersions() == 0 || q.WithUniqueID != q.Components || q.HasTimestamp != true {
		t.Errorf("quality %+v", q)
	}
}

func TestCycloneDXXML(t *testing.T) {
	inv := readFile(t, "testdata/infusion-pump.cdx.xml")
	if inv.Format != CycloneDXXML || inv.SpecVersion != "1.5" || inv.Subject.Name != "Volumetric Infusion Pump" {
		t.Fatalf("%s %s subject %q", inv.Format, inv.SpecVersion, inv.Subject.Name)
	}
	var names []string
	for _, c := range inv.Components {
		names = append(names, c.Path+"="+c.Name)
	}
	want := "components[0]=FreeRTOS components[0].components[0]=FreeRTOS+TCP components[1]=wolfSSL components[2]=cJSON components[3]=Wi-Fi module firmware"
	if strings.Join(names, " ") != want {
		t.Errorf("components\n got %s\nwant %s", strings.Join(names, " "), want)
	}
	if c := inv.Components[2]; c.Product != "wolfssl:wolfssl" || c.Supplier != "wolfSSL Inc." || len(c.Hashes) != 1 {
		t.Errorf("wolfSSL %+v", c)
	}
	got := problemsOf(inv)
	for _, want := range []string{"no-version cJSON", "unknown-ecosystem cJSON", "bad-cpe Wi-Fi module firmware 7.1",
		"version-mismatch FreeRTOS+TCP 2.0.7"} {
		if !got[want] {
			t.Errorf("no problem %q in %v", want, inv.Problems)
		}
	}
	for _, p := range inv.Problems {
		if p.Kind == BadCPE && !strings.Contains(p.Message, "character 20") {
			t.Errorf("the bad CPE's problem does not point at the space: %s", p.Message)
		}
	}
	if inv.Dependencies != 4 || inv.InGraph != 4 || inv.Timestamp.IsZero() || len(inv.Authors) != 1 {
		t.Errorf("dependencies %d in graph %d, time %v, authors %v", inv.Dependencies, inv.InGraph, inv.Timestamp, inv.Authors)
	}
}

func TestSPDX(t *testing.T) {
	inv := readFile(t, "testdata/ward-tablet.spdx.json")
	if inv.Format != SPDXJSON || len(inv.Components) != 4 || inv.Subject.Name != "ward-tablet-app" {
		t.Fatalf("%s, %d components, subject %q", inv.Format, len(inv.Components), inv.Subject.Name)
	}
	django := inv.Components[2]
	if django.Package != (ident.Package{Ecosystem: "PyPI", Name: "django"}) || django.Product != "djangoproject:django" || django.Version != "3.2.12" {
		t.Errorf("Django %+v", django)
	}
	if ssl := inv.Components[3]; ssl.Release != "12" || ssl.Package.Ecosystem != "Debian" {
		t.Errorf("openssl %+v", ssl)
	}
	got := problemsOf(inv)
	if !got["no-version openssl"] || !got["no-identifier ward-tablet-app 2.4.0"] || !got["unknown-ref "] {
		t.Errorf("problems %v", inv.Problems)
	}
	if inv.Dependencies != 3 || len(inv.Authors) != 2 || inv.Components[1].Supplier != "Python Software Foundation" {
		t.Errorf("dependencies %d, authors %v, supplier %q", inv.Dependencies, inv.Authors, inv.Components[1].Supplier)
	}
}

func TestAssetList(t *testing.T) {
	inv := readFile(t, "testdata/assets.csv")
	if inv.Format != AssetListCSV || len(inv.Components) != 4 {
		t.Fatalf("%s, %d components: %+v", inv.Format, len(inv.Components), inv.Components)
	}
	pm := inv.Components[0]
	if pm.Product != "philips:intellivue_information_center" || !pm.ProductFromName || len(pm.Hostnames) != 2 || pm.Path != "line 2" {
		t.Errorf("monitor gateway %+v", pm)
	}
	if inv.Components[1].Package != (ident.Package{Ecosystem: "NuGet", Name: "theatre.scheduler"}) {
		t.Errorf("theatre %+v", inv.Components[1])
	}
	got := problemsOf(inv)
	if !got["bad-row "] || !got["bad-cpe PACS viewer"] || !got["no-version PACS viewer"] {
		t.Errorf("problems %v", inv.Problems)
	}
	for _, p := range inv.Problems {
		if p.Kind == BadRow && p.Where != "line 5" {
			t.Errorf("bad row reported at %s", p.Where)
		}
	}
}

func TestFromAsset(t *testing.T) {
	inv := FromAsset(caremap.Asset{ID: "pacs", Name: "PACS", Kind: caremap.KindApplication,
		Identifiers: caremap.Identifiers{CPE: "cpe:2.3:a:agfa:enterprise_imaging:8.1.2:*:*:*:*:*:*:*", Hostnames: []string{"pacs-01"}}})
	if len(inv.Components) != 1 || inv.Components[0].Product != "agfa:enterprise_imaging" || inv.Components[0].Version != "8.1.2" {
		t.Errorf("%+v", inv.Components)
	}
	if inv := FromAsset(caremap.Asset{ID: "wifi"}); len(inv.Components) != 0 {
		t.Errorf("an asset without identifiers gave %+v", inv.Components)
	}
}

// TestRefusals checks that broken documents are refused with the document and the place named.
func TestRefusals(t *testing.T) {
	juice, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	xmlDoc, _ := os.ReadFile("testdata/infusion-pump.cdx.xml")
	tests := []struct {
		name string
		data []byte
		says []string
	}{
		{"truncated.json", juice[:len(juice)/2], []string{"truncated.json cannot be read", "cut short", "line "}},
		{"truncated.xml", xmlDoc[:len(xmlDoc)/2], []string{"truncated.xml cannot be read", "line "}},
		{"old.json", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.2","components":[]}`), []string{"1.2", "1.4, 1.5, 1.6"}},
		{"types.json", []byte("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\n\"components\":[{\"name\":\"a\"},{\"name\":7}]}"),
			[]string{"line 2", "components[1]", "should be text"}},
		{"other.json", []byte(`{"hello":"world"}`), []string{"neither a CycloneDX SBOM"}},
		{"other.xml", []byte(`<html><body/></html>`), []string{"not a CycloneDX SBOM"}},
		{"empty.csv", []byte("  \n"), []string{"empty"}},
		{"no-name.csv", []byte("vendor,product\nx,y\n"), []string{"include \"name\""}},
		{"spdx-1.json", []byte(`{"spdxVersion":"SPDX-1.2","packages":[]}`), []string{"SPDX-1.2"}},
		{"trailing.json", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5"} {}`), []string{"more after the end"}},
	}
	for _, tt := range tests {
		_, err := Read(tt.name, bytes.NewReader(tt.data))
		if err == nil {
			t.Errorf("%s was read", tt.name)
			continue
		}
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("%s: code %s", tt.name, vigil.CodeOf(err))
		}
		for _, s := range tt.says {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, s)
			}
		}
	}
}

// TestLimits checks the size and count limits: a document over MaxBytes is refused after
// reading MaxBytes+1, and one with more than MaxComponents components when the limit is
// reached.
func TestLimits(t *testing.T) {
	big := io_repeat('x', MaxBytes+10)
	if _, err := Read("upload.json", big); err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("a large upload: %v", err)
	}
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[`)
	for i := range MaxComponents + 5 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"library","name":"p%d","version":"1.0.0","purl":"pkg:npm/p%d@1.0.0"}`, i, i)
	}
	b.WriteString(`]}`)
	_, err := Read("many.json", &b)
	if err == nil || !strings.Contains(err.Error(), "more than 100000 components") || !strings.Contains(err.Error(), "components[100000]") {
		t.Errorf("too many components: %v", err)
	}
	deep := strings.Repeat(`{"name":"n","components":[`, MaxDepth+1) + strings.Repeat(`]}`, MaxDepth+1)
	_, err = Read("deep.json", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[`+deep+`]}`))
	if err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deep nesting: %v", err)
	}
}
