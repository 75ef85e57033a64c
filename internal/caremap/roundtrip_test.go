package caremap_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// roundTrip exports m as YAML and JSON, reads each back and expects an equal map.
func roundTrip(t *testing.T, m *caremap.Map) {
	t.Helper()
	y, err := m.YAML()
	if err != nil {
		t.Fatal(err)
	}
	j, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	ij, err := m.IndentedJSON()
	if err != nil {
		t.Fatal(err)
	}
	for name, read := range map[string]func() (*caremap.Map, error){
		"yaml":          func() (*caremap.Map, error) { return caremap.ParseYAML(y) },
		"json":          func() (*caremap.Map, error) { return caremap.ParseJSON(j) },
		"indented json": func() (*caremap.Map, error) { return caremap.Parse(ij) },
		"read yaml":     func() (*caremap.Map, error) { return caremap.Read(bytes.NewReader(y)) },
	} {
		back, err := read()
		if err != nil {
			t.Fatalf("%s: reading the export back: %v", name, err)
		}
		if !reflect.DeepEqual(back.Contents, m.Contents) {
			t.Errorf("%s: the map read back differs from the original", name)
		}
		if back.Version() != m.Version() {
			t.Errorf("%s: version changed from %s to %s", name, m.Version(), back.Version())
		}
	}
	// The export of the re-read map is byte for byte the same: the format is canonical.
	back, _ := caremap.ParseYAML(y)
	if y2, _ := back.YAML(); !bytes.Equal(y, y2) {
		t.Error("exporting the re-read map gave different YAML")
	}
}

func TestRoundTripDemoMap(t *testing.T) {
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, m)
}

func TestRoundTripSynthetic(t *testing.T) {
	for _, o := range []synth.Options{{Nodes: 20, Seed: 1}, {Nodes: 300, Seed: 2}, {Nodes: 2000, Seed: 3}} {
		m, err := synth.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, m)
	}
}

// TestRoundTripAwkwardText keeps text that YAML would misread if written plain.
func TestRoundTripAwkwardText(t *testing.T) {
	awkward := []string{"yes", "no", "null", "~", "true", "123", "0x1F", "1e3", "2028-03-31", "- dash", "a: b", "a #b",
		"[x]", "{y}", "*star", "&amp", "!bang", "'quote", `"dq"`, "back\\slash", "tab\there", "line\nbreak", " lead",
		"trail ", "ends:", "%pc", "@at", "`tick", "é ü 中文", "emoji 🚑", "\u2028sep", "bell\a", "a,b", "?q", "|pipe", ">gt"}
	c := caremap.Contents{Organisation: caremap.Organisation{Code: "RXX", Name: "Test", Type: "acute-trust"},
		RiskModel: caremap.RiskModel{Thresholds: caremap.Thresholds{Low: 0.4}, UntrustworthyAtLeast: caremap.High,
			Matrix: [5][5]int{4: {3, 4, 5, 5, 5}}}}
	for i, s := range awkward {
		id := "s" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		c.Suppliers = append(c.Suppliers, caremap.Supplier{ID: id, Name: s, Contact: s})
	}
	c.Assets = []caremap.Asset{{ID: "a", Name: "A", Kind: caremap.KindServer,
		Identifiers: caremap.Identifiers{CPE: "cpe:2.3:a:x,y:[z]", PURL: "pkg:npm/a@1.0?x=y#z",
			Hostnames: []string{"h-1", "yes"}, IPs: []string{"10.0.0.1", "fe80::1", "10.1.0.0/16"}}}}
	m, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, m)
}

func TestVersion(t *testing.T) {
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := demomap.Map()
	if m.Version() != again.Version() || len(m.Version()) != len("sha256:")+64 {
		t.Errorf("equal maps have versions %s and %s", m.Version(), again.Version())
	}
	c := m.Contents.Clone()
	c.Services[0].PatientsPerDay++
	changed, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	if changed.Version() == m.Version() {
		t.Error("a changed map kept its version")
	}
	if m.Services[0].PatientsPerDay == c.Services[0].PatientsPerDay {
		t.Error("Clone shared the services")
	}
}
