package caremap

// Graph is the map's dependencies as numbered nodes, built once so that impact analysis
// can walk a large map without looking ids up. Services come first, then assets, then
// suppliers, each in map order.
type Graph struct {
	ids      []string
	services int
	assets   int
	index    map[string]int32

	// Compressed rows: the links of node i are at [off[i], off[i+1]).
	depOff, revOff []int32
	deps, rev      []Link
}

// Link is one edge seen from one end: the node at the other end and the need.
type Link struct {
	Node int32
	Need Need
}

func buildGraph(c *Contents) *Graph { return buildGraphTo(c, nil) }

// buildGraphTo builds the graph; to, when not nil, gives the node each dependency names,
// services' then assets' in map order, so that a reader that already knows them (an
// outline) saves a look-up by id per dependency.
func buildGraphTo(c *Contents, to []int32) *Graph {
	ns, na := len(c.Services), len(c.Assets)
	n := ns + na + len(c.Suppliers)
	g := &Graph{ids: make([]string, 0, n), services: ns, assets: na, index: make(map[string]int32, n)}
	for _, s := range c.Services {
		g.ids = append(g.ids, s.ID)
	}
	for _, a := range c.Assets {
		g.ids = append(g.ids, a.ID)
	}
	for _, s := range c.Suppliers {
		g.ids = append(g.ids, s.ID)
	}
	for i, id := range g.ids {
		g.index[id] = int32(i)
	}
	dependsOn := func(i int) []Dependency {
		switch {
		case i < ns:
			return c.Services[i].DependsOn
		case i < ns+na:
			return c.Assets[i-ns].DependsOn
		}
		return nil
	}
	g.depOff = make([]int32, n+1)
	g.revOff = make([]int32, n+1)
	target := func(k int, d Dependency) int32 {
		if to != nil {
			return to[k]
		}
		return g.index[d.ID]
	}
	total := 0
	for i := range n {
		for _, d := range dependsOn(i) {
			j := target(total, d)
			g.revOff[j+1]++
			total++
		}
		g.depOff[i+1] = int32(total)
	}
	for i := range n {
		g.revOff[i+1] += g.revOff[i]
	}
	g.deps = make([]Link, 0, total)
	g.rev = make([]Link, total)
	fill := make([]int32, n)
	copy(fill, g.revOff[:n])
	for i := range n {
		for _, d := range dependsOn(i) {
			j := target(len(g.deps), d)
			g.deps = append(g.deps, Link{j, d.Need})
			g.rev[fill[j]] = Link{int32(i), d.Need}
			fill[j]++
		}
	}
	return g
}

// Len is the number of nodes: services, assets and suppliers.
func (g *Graph) Len() int { return len(g.ids) }

// ID is node i's id.
func (g *Graph) ID(i int) string { return g.ids[i] }

// Index finds an id's node.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return int(i), ok
}

// TypeOf says whether node i is a service, an asset or a supplier.
func (g *Graph) TypeOf(i int) Type {
	switch {
	case i < g.services:
		return TypeService
	case i < g.services+g.assets:
		return TypeAsset
	}
	return TypeSupplier
}

// Services is the number of services; they are nodes 0 to Services()-1.
func (g *Graph) Services() int { return g.services }

// Assets is the number of assets; they follow the services.
func (g *Graph) Assets() int { return g.assets }

// DependsOn lists what node i depends on. The slice is shared: do not change it.
func (g *Graph) DependsOn(i int) []Link { return g.deps[g.depOff[i]:g.depOff[i+1]] }

// Dependants lists what depends on node i, with the need of each. The slice is shared: do not change it.
func (g *Graph) Dependants(i int) []Link { return g.rev[g.revOff[i]:g.revOff[i+1]] }

// Edges is the number of dependencies.
func (g *Graph) Edges() int { return len(g.deps) }

// Components finds the strongly connected components of the graph whose edges run from a
// dependency to its dependants, following only links with one of the given needs.
// comp[i] is node i's component. Components are numbered so that a component's dependants
// lie in components with lower numbers: working upwards from 0 sees every dependant first.
func (g *Graph) Components(needs ...Need) (comp []int32, count int) {
	var follow [4]bool
	for _, n := range needs {
		if n.Valid() {
			follow[n] = true
		}
	}
	n := len(g.ids)
	comp = make([]int32, n)
	order := make([]int32, n) // visit order + 1; 0 is unvisited
	low := make([]int32, n)
	onStack := make([]bool, n)
	stack := make([]int32, 0, 64)
	type frame struct{ v, next int32 }
	calls := make([]frame, 0, 64)
	var counter int32

	for root := range n {
		if order[root] != 0 {
			continue
		}
		calls = append(calls, frame{int32(root), g.revOff[root]})
		counter++
		order[root], low[root] = counter, counter
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			end := g.revOff[v+1]
			descended := false
			for f.next < end {
				l := g.rev[f.next]
				f.next++
				if !follow[l.Need] {
					continue
				}
				w := l.Node
				if order[w] == 0 {
					counter++
					order[w], low[w] = counter, counter
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, g.revOff[w]})
					descended = true
					break
				}
				if onStack[w] && order[w] < low[v] {
					low[v] = order[w]
				}
			}
			if descended {
				continue
			}
			if low[v] == order[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = int32(count)
					if w == v {
						break
					}
				}
				count++
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].v
				if low[v] < low[p] {
					low[p] = low[v]
				}
			}
		}
	}
	return comp, count
}
