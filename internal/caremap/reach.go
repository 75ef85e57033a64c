package caremap

import (
	"cmp"
	"slices"
)

// Reached is a service, asset or supplier found by following dependencies from another.
type Reached struct {
	ID   string
	Type Type
	// Need is how much the dependant relies on the dependency over the strongest path:
	// Required when some path is required link after required link (losing one stops the
	// other), Degraded when the best path has a degraded link, Optional when every path
	// crosses an optional one. It is the §6 rule for what a loss does, read along a path.
	Need Need
	// Via lists what lies between the two on that path, nearest the start first; empty
	// when the dependency is direct.
	Via []string
}

// Direct reports whether nothing lies between the two.
func (r Reached) Direct() bool { return len(r.Via) == 0 }

// Dependencies lists everything id relies on, directly or through others, most relied on
// first. It is what a service's page shows under "what it depends on".
func (m *Map) Dependencies(id string) []Reached { return m.reach(id, (*Graph).DependsOn) }

// Dependants lists everything that relies on id, directly or through others, most
// reliant first. It is what an asset's page shows under "who depends on it".
func (m *Map) Dependants(id string) []Reached { return m.reach(id, (*Graph).Dependants) }

// reach walks the graph three times from id: over required links, then also degraded ones,
// then every link. A node's need is the pass that first reached it; its path goes through
// the node that reached it, whose own path is no weaker, so the path shows why.
func (m *Map) reach(id string, links func(*Graph, int) []Link) []Reached {
	g := m.graph
	start, ok := g.Index(id)
	if !ok {
		return nil
	}
	need := make([]Need, g.Len())
	parent := make([]int32, g.Len())
	seen := make([]bool, g.Len())
	var order []int32
	for _, pass := range []Need{Required, Degraded, Optional} {
		clear(seen)
		seen[start] = true
		queue := []int32{int32(start)}
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, l := range links(g, int(v)) {
				if l.Need > pass || seen[l.Node] {
					continue
				}
				seen[l.Node] = true
				queue = append(queue, l.Node)
				if need[l.Node] == 0 && int(l.Node) != start {
					need[l.Node], parent[l.Node] = pass, v
					order = append(order, l.Node)
				}
			}
		}
	}
	out := make([]Reached, len(order))
	for i, v := range order {
		r := Reached{ID: g.ID(int(v)), Type: g.TypeOf(int(v)), Need: need[v]}
		for u := parent[v]; int(u) != start; u = parent[u] {
			r.Via = append(r.Via, g.ID(int(u)))
		}
		slices.Reverse(r.Via)
		out[i] = r
	}
	// The passes already give need order and, within a pass, breadth-first order; sorting
	// by path length then map order makes the list read the same however the map is laid out.
	slices.SortStableFunc(out, func(a, b Reached) int {
		ia, _ := g.Index(a.ID)
		ib, _ := g.Index(b.ID)
		return cmp.Or(cmp.Compare(a.Need, b.Need), cmp.Compare(len(a.Via), len(b.Via)), cmp.Compare(ia, ib))
	})
	return out
}
