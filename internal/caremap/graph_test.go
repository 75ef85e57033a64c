package caremap

import (
	"reflect"
	"testing"
)

func smallMap(t *testing.T) *Map {
	t.Helper()
	m, err := ParseYAML([]byte(`organisation: {code: RXX, name: Test}
suppliers:
  - {id: vendor, name: Vendor Ltd}
services:
  - {id: ed, name: ED, consequence: catastrophic, depends_on: [{asset: epr, need: required}, {service: lab, need: degraded}]}
  - {id: lab, name: Lab, consequence: major, depends_on: [{asset: lims, need: required}]}
  - {id: clinic, name: Clinic, consequence: minor, depends_on: [{asset: printer, need: optional}]}
assets:
  - {id: epr, name: EPR, kind: application, depends_on: [{asset: db, need: required}, {supplier: vendor, need: degraded}]}
  - {id: db, name: DB, kind: server, depends_on: [{asset: epr, need: optional}]}
  - {id: lims, name: LIMS, kind: cloud-service, depends_on: [{supplier: vendor, need: required}]}
  - {id: printer, name: Printer, kind: endpoint}
`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGraph(t *testing.T) {
	m := smallMap(t)
	g := m.Graph()
	if g.Len() != 8 || g.Services() != 3 || g.Assets() != 4 || g.Edges() != 8 {
		t.Fatalf("Len %d Services %d Assets %d Edges %d", g.Len(), g.Services(), g.Assets(), g.Edges())
	}
	vendor, _ := g.Index("vendor")
	if g.TypeOf(vendor) != TypeSupplier || g.ID(vendor) != "vendor" {
		t.Errorf("vendor is node %d of type %v", vendor, g.TypeOf(vendor))
	}
	var dependants []string
	for _, l := range g.Dependants(vendor) {
		dependants = append(dependants, g.ID(int(l.Node))+":"+l.Need.String())
	}
	if want := []string{"epr:degraded", "lims:required"}; !reflect.DeepEqual(dependants, want) {
		t.Errorf("dependants of vendor = %v, want %v", dependants, want)
	}
	if typ, ok := m.TypeOf("lab"); !ok || typ != TypeService {
		t.Errorf("TypeOf(lab) = %v, %v", typ, ok)
	}
	if s, ok := m.Service("lab"); !ok || s.Name != "Lab" {
		t.Errorf("Service(lab) = %v, %v", s, ok)
	}
	if a, ok := m.Asset("lims"); !ok || a.Kind != KindCloudService {
		t.Errorf("Asset(lims) = %v, %v", a, ok)
	}
	if s, ok := m.Supplier("vendor"); !ok || s.Name != "Vendor Ltd" {
		t.Errorf("Supplier(vendor) = %v, %v", s, ok)
	}
	if _, ok := m.Asset("lab"); ok {
		t.Error("Asset(lab) found a service")
	}
	if m.Name("epr") != "EPR" || m.Name("nope") != "" {
		t.Error("Name")
	}
}

func TestComponents(t *testing.T) {
	m := smallMap(t)
	g := m.Graph()
	id := func(s string) int { i, _ := g.Index(s); return i }
	// With every need, epr and db form one component; with required links only they do not.
	all, n := g.Components(Required, Degraded, Optional)
	if all[id("epr")] != all[id("db")] || n != g.Len()-1 {
		t.Errorf("all needs: %v (%d components)", all, n)
	}
	req, n := g.Components(Required)
	if req[id("epr")] == req[id("db")] || n != g.Len() {
		t.Errorf("required only: %v (%d components)", req, n)
	}
	// Dependants come first: each link's dependant has a lower number than its dependency.
	for v := range g.Len() {
		for _, l := range g.Dependants(v) {
			if l.Need == Required && req[l.Node] > req[v] {
				t.Errorf("%s (component %d) depends on %s (component %d)", g.ID(int(l.Node)), req[l.Node], g.ID(v), req[v])
			}
		}
	}
	if got, want := m.Cycles(), [][]string{{"epr", "db"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Cycles() = %v, want %v", got, want)
	}
}

func TestServicesUsing(t *testing.T) {
	m := smallMap(t)
	direct, indirect := m.ServicesUsing("vendor")
	if direct != nil || !reflect.DeepEqual(indirect, []string{"ed", "lab"}) {
		t.Errorf("vendor: direct %v, indirect %v", direct, indirect)
	}
	direct, indirect = m.ServicesUsing("lab")
	if !reflect.DeepEqual(direct, []string{"ed"}) || indirect != nil {
		t.Errorf("lab: direct %v, indirect %v", direct, indirect)
	}
	direct, _ = m.ServicesUsing("printer")
	if !reflect.DeepEqual(direct, []string{"clinic"}) {
		t.Errorf("printer: direct %v", direct)
	}
}
