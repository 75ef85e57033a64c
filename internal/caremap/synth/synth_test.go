package synth

import (
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

func TestGenerate(t *testing.T) {
	for _, n := range []int{MinNodes, 1000, 10_000} {
		m, err := Generate(Options{Nodes: n, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(m.Services) + len(m.Assets) + len(m.Suppliers); got != n {
			t.Errorf("%d nodes asked, %d made", n, got)
		}
		if len(m.Cycles()) == 0 {
			t.Errorf("%d nodes: no cycles", n)
		}
		g := m.Graph()
		// Hubs: the most depended-on node carries a large share of the map.
		most := 0
		needs := map[caremap.Need]int{}
		for v := range g.Len() {
			most = max(most, len(g.Dependants(v)))
			for _, l := range g.DependsOn(v) {
				needs[l.Need]++
			}
		}
		if n >= 1000 && most < n/20 {
			t.Errorf("%d nodes: the biggest hub has only %d dependants", n, most)
		}
		if needs[caremap.Required] == 0 || needs[caremap.Degraded] == 0 || needs[caremap.Optional] == 0 {
			t.Errorf("%d nodes: needs %v", n, needs)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, _ := Generate(Options{Nodes: 500, Seed: 1})
	b, _ := Generate(Options{Nodes: 500, Seed: 1})
	c, _ := Generate(Options{Nodes: 500, Seed: 2})
	if !reflect.DeepEqual(a.Contents, b.Contents) || a.Version() != b.Version() {
		t.Error("the same seed gave different maps")
	}
	if a.Version() == c.Version() {
		t.Error("different seeds gave the same map")
	}
}

func TestGenerateRefusesBadSizes(t *testing.T) {
	for _, n := range []int{0, MinNodes - 1, MaxNodes + 1} {
		if _, err := Generate(Options{Nodes: n}); err == nil {
			t.Errorf("Generate(%d) gave no error", n)
		}
	}
}
