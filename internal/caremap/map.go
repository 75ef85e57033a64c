// Package caremap is the care map: an organisation's clinical services, the assets and
// suppliers they depend on, how badly patients are hurt when each service is lost, and
// what staff do while it is down. It reads and writes the §5 file format (YAML or JSON),
// reports every problem in a file at once with its line and column, and numbers the map
// as a graph for the impact package.
package caremap

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sync"
)

// Map is a checked care map. Make one with New or a loader; a Map and everything it holds
// are read-only afterwards, so one Map can serve many goroutines and its Version stays true.
// To change a map, Clone its Contents, edit the copy and call New.
type Map struct {
	Contents
	graph   *Graph
	version *lazyVersion
	// outline is set on a Map read from an outline (ReadOutline), which lacks the
	// details analysis does not need, so that it is never exported as if whole.
	outline bool
}

type lazyVersion struct {
	once sync.Once
	v    string
}

// New checks c and returns it as a Map, or a *vigil.Error listing every problem by path.
// The Map keeps c's slices: do not change them afterwards.
func New(c Contents) (*Map, error) {
	problems := check(&c, pathLocator{})
	if len(problems) > 0 {
		return nil, problems.asError()
	}
	return build(c), nil
}

func build(c Contents) *Map {
	return &Map{Contents: c, graph: buildGraph(&c), version: &lazyVersion{}}
}

// Graph is the map as numbered nodes.
func (m *Map) Graph() *Graph { return m.graph }

// Version is a digest of the map's content: equal maps have equal versions and any change
// gives a new one, so caches of derived results can be keyed by it.
func (m *Map) Version() string {
	m.version.once.Do(func() {
		b, err := m.JSON()
		if err != nil {
			// A checked map always exports; keep the version unique to this Map rather than panic.
			b = []byte(err.Error())
		}
		sum := sha256.Sum256(b)
		m.version.v = "sha256:" + hex.EncodeToString(sum[:])
	})
	return m.version.v
}

// TypeOf says whether id is a service, an asset or a supplier.
func (m *Map) TypeOf(id string) (Type, bool) {
	i, ok := m.graph.Index(id)
	if !ok {
		return 0, false
	}
	return m.graph.TypeOf(i), true
}

// Service finds a service by id.
func (m *Map) Service(id string) (*Service, bool) {
	i, ok := m.graph.Index(id)
	if !ok || m.graph.TypeOf(i) != TypeService {
		return nil, false
	}
	return &m.Services[i], true
}

// Asset finds an asset by id.
func (m *Map) Asset(id string) (*Asset, bool) {
	i, ok := m.graph.Index(id)
	if !ok || m.graph.TypeOf(i) != TypeAsset {
		return nil, false
	}
	return &m.Assets[i-m.graph.services], true
}

// Supplier finds a supplier by id.
func (m *Map) Supplier(id string) (*Supplier, bool) {
	i, ok := m.graph.Index(id)
	if !ok || m.graph.TypeOf(i) != TypeSupplier {
		return nil, false
	}
	return &m.Suppliers[i-m.graph.services-m.graph.assets], true
}

// Name is the name of the service, asset or supplier with this id, or "" if there is none.
func (m *Map) Name(id string) string {
	i, ok := m.graph.Index(id)
	if !ok {
		return ""
	}
	return m.nameOf(i)
}

func (m *Map) nameOf(i int) string {
	g := m.graph
	switch g.TypeOf(i) {
	case TypeService:
		return m.Services[i].Name
	case TypeAsset:
		return m.Assets[i-g.services].Name
	}
	return m.Suppliers[i-g.services-g.assets].Name
}

// NameOf is the name of graph node i.
func (m *Map) NameOf(i int) string { return m.nameOf(i) }

// Cycles lists the groups of services, assets and suppliers that depend on each other in a
// loop, each in map order. Cycles are legal (identity and DNS often need each other); they
// are listed so people can see them.
func (m *Map) Cycles() [][]string {
	g := m.graph
	comp, count := g.Components(Required, Degraded, Optional)
	members := make([][]int, count)
	for i, c := range comp {
		members[c] = append(members[c], i)
	}
	var out [][]string
	for _, ms := range members {
		loop := len(ms) > 1
		if len(ms) == 1 {
			for _, l := range g.DependsOn(ms[0]) {
				loop = loop || int(l.Node) == ms[0]
			}
		}
		if !loop {
			continue
		}
		ids := make([]string, len(ms))
		for i, n := range ms {
			ids[i] = g.ID(n)
		}
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int {
		ia, _ := g.Index(a[0])
		ib, _ := g.Index(b[0])
		return ia - ib
	})
	return out
}

// ServicesUsing lists the services that depend on id: directly, and through other
// services or assets (indirectly), whatever the need. Both lists are in map order.
func (m *Map) ServicesUsing(id string) (direct, indirect []string) {
	g := m.graph
	start, ok := g.Index(id)
	if !ok {
		return nil, nil
	}
	seen := make([]bool, g.Len())
	seen[start] = true
	isDirect := make(map[int32]bool)
	for _, l := range g.Dependants(start) {
		isDirect[l.Node] = true
	}
	queue := []int32{int32(start)}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, l := range g.Dependants(int(v)) {
			if !seen[l.Node] {
				seen[l.Node] = true
				queue = append(queue, l.Node)
			}
		}
	}
	for i := range g.services {
		switch {
		case i == start:
		case isDirect[int32(i)]:
			direct = append(direct, g.ID(i))
		case seen[i]:
			indirect = append(indirect, g.ID(i))
		}
	}
	return direct, indirect
}

// Clone returns a deep copy of the contents, safe to edit.
func (c Contents) Clone() Contents {
	out := c
	out.Suppliers = slices.Clone(c.Suppliers)
	out.Services = slices.Clone(c.Services)
	for i := range out.Services {
		out.Services[i].DependsOn = slices.Clone(out.Services[i].DependsOn)
	}
	out.Assets = slices.Clone(c.Assets)
	for i := range out.Assets {
		a := &out.Assets[i]
		a.DependsOn = slices.Clone(a.DependsOn)
		a.Identifiers.Hostnames = slices.Clone(a.Identifiers.Hostnames)
		a.Identifiers.IPs = slices.Clone(a.Identifiers.IPs)
	}
	return out
}
