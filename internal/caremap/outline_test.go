package caremap_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// outlineCases are maps with what an outline must carry: the demo map (CPEs, package
// URLs, hostnames to leave out), a generated hospital, and a small map with its own risk
// model and a service without a downtime procedure.
func outlineCases(t testing.TB) map[string]*caremap.Map {
	t.Helper()
	demo, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	gen, err := synth.Generate(synth.Options{Nodes: 2000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	small, err := caremap.ParseYAML([]byte(`organisation: {code: RXX, name: Small Trust, type: acute-trust}
risk_model: {likelihood: {low: 0.4}, untrustworthy_at_least: high, matrix: {very-high: [4, 4, 5, 5, 5]}}
suppliers: [{id: acme, name: Acme Ltd, contact: 0100 000 000}]
services:
  - {id: ed, name: Emergency Department, consequence: catastrophic, patients_per_day: 310, downtime: {procedure: Paper cards, safe_for: 4h}, depends_on: [{asset: epr, need: required}, {service: lab, need: degraded}]}
  - {id: lab, name: Laboratory, consequence: major, depends_on: [{supplier: acme, need: required}, {service: ed, need: optional}]}
assets:
  - {id: epr, name: Record, kind: application, supplier: acme, exposure: internal, patient_data: true, end_of_support: 2028-03-31, sbom: epr.cdx.json,
     identifiers: {cpe: "cpe:2.3:a:acme:record:1:*:*:*:*:*:*:*", purl: "pkg:generic/acme/record@1", hostnames: [epr-01], ips: [10.0.0.1]},
     depends_on: [{supplier: acme, need: degraded}, {asset: epr, need: optional}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*caremap.Map{"demo": demo, "generated": gen, "small": small}
}

// TestOutlineKeepsWhatAnalysisReads: a map read back from its outline has the same
// graph, ids, names, scoring fields, risk model and product identifiers as the map, and
// nothing of what the outline leaves out; it keeps the map's version and refuses export.
func TestOutlineKeepsWhatAnalysisReads(t *testing.T) {
	for name, m := range outlineCases(t) {
		t.Run(name, func(t *testing.T) {
			back, err := caremap.ReadOutline(m.Outline(), m.Version())
			if err != nil {
				t.Fatal(err)
			}
			want := m.Contents.Clone()
			for i := range want.Suppliers {
				want.Suppliers[i].Contact = ""
			}
			for i := range want.Assets {
				a := &want.Assets[i]
				*a = caremap.Asset{ID: a.ID, Name: a.Name, DependsOn: a.DependsOn,
					Identifiers: caremap.Identifiers{CPE: a.Identifiers.CPE, PURL: a.Identifiers.PURL}}
			}
			if !reflect.DeepEqual(back.Contents, want) {
				t.Errorf("the outline's contents differ from the map's")
			}
			g, bg := m.Graph(), back.Graph()
			if g.Len() != bg.Len() || g.Services() != bg.Services() || g.Assets() != bg.Assets() {
				t.Fatalf("graph sizes differ: %d/%d/%d, outline %d/%d/%d", g.Len(), g.Services(), g.Assets(), bg.Len(), bg.Services(), bg.Assets())
			}
			for v := range g.Len() {
				if g.ID(v) != bg.ID(v) || !slices.Equal(g.Dependants(v), bg.Dependants(v)) || !slices.Equal(g.DependsOn(v), bg.DependsOn(v)) {
					t.Fatalf("node %d (%s) differs in the outline's graph", v, g.ID(v))
				}
			}
			if back.Version() != m.Version() {
				t.Errorf("version %q, want the map's %q", back.Version(), m.Version())
			}
			if _, err := back.JSON(); err == nil {
				t.Errorf("a map read from an outline was exported as JSON")
			}
			if _, err := back.YAML(); err == nil {
				t.Errorf("a map read from an outline was exported as YAML")
			}
		})
	}
}

// TestReadOutlineRefusesDamage: cut short, grown or altered outlines are errors.
func TestReadOutlineRefusesDamage(t *testing.T) {
	m := outlineCases(t)["small"]
	good := m.Outline()
	bad := map[string][]byte{
		"empty":       nil,
		"not one":     []byte("{\"organisation\": {}}"),
		"new format":  append([]byte("VCMO\x02"), good[5:]...),
		"cut short":   good[:len(good)-3],
		"extra bytes": append(slices.Clone(good), 0),
	}
	for name, data := range bad {
		if _, err := caremap.ReadOutline(data, "v"); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
	for i := range good {
		data := slices.Clone(good)
		data[i] ^= 0xff
		// Any answer but a panic will do; most changes are refused.
		_, _ = caremap.ReadOutline(data, "v")
	}
}

// FuzzReadOutline: the outline reader never panics, and what it accepts writes the
// same outline again.
// Run longer with: go test -run x -fuzz FuzzReadOutline -fuzztime 60s ./internal/caremap/
func FuzzReadOutline(f *testing.F) {
	for _, m := range outlineCases(f) {
		if len(m.Outline()) < 100_000 {
			f.Add(m.Outline())
		}
	}
	f.Add([]byte("VCMO\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := caremap.ReadOutline(data, "v")
		if err != nil {
			return
		}
		again, err := caremap.ReadOutline(m.Outline(), "v")
		if err != nil {
			t.Fatalf("an accepted outline, written again, is refused: %v", err)
		}
		if !reflect.DeepEqual(again.Contents, m.Contents) {
			t.Fatalf("an accepted outline, written again, reads back differently")
		}
	})
}
