package impact

import (
	"cmp"
	"slices"

	"github.com/vigil-health/vigil/internal/caremap"
)

// CriticalDuration is how long an asset is assumed lost or corrupted when ranking assets.
const CriticalDuration = 24 * caremap.Hour

// CriticalServices is how many services each ranked asset names behind its score.
const CriticalServices = 5

// AssetCriticality is how much clinical harm losing or corrupting one asset for 24 hours causes.
type AssetCriticality struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Loss       Harm   `json:"loss"`       // the asset unavailable for 24h
	Corruption Harm   `json:"corruption"` // the asset's data untrustworthy for 24h
}

// Worst is the higher of the loss and corruption risks.
func (a AssetCriticality) Worst() int { return max(a.Loss.Risk, a.Corruption.Risk) }

// WorstConsequence is the worst consequence that losing or corrupting the asset causes to
// any service: the care map's answer to SSVC's "safety impact".
func (a AssetCriticality) WorstConsequence() caremap.Consequence {
	return max(a.Loss.Consequence, a.Corruption.Consequence)
}

// Harm is the worst clinical risk one event causes, and the services behind it.
type Harm struct {
	Risk int `json:"risk"` // the highest DCB risk level of any service; 0 when none is affected
	// Consequence is the worst consequence any affected service suffers, which can be
	// higher than that of the service with the highest risk.
	Consequence caremap.Consequence `json:"consequence,omitzero"`
	// Services are the most dangerously affected services, at most CriticalServices, most dangerous first.
	Services []ServiceRisk `json:"services"`
}

// ServiceRisk is one service's part in a Harm.
type ServiceRisk struct {
	ID               string              `json:"id"`
	Name             string              `json:"name"`
	State            State               `json:"state"`
	Untrustworthy    bool                `json:"untrustworthy"`
	Consequence      caremap.Consequence `json:"consequence"`
	Likelihood       caremap.Likelihood  `json:"likelihood"`
	Risk             int                 `json:"risk"`
	PatientsAffected int64               `json:"patients_affected"`
}

// Critical ranks every asset of m by the worst clinical risk its loss or corruption for 24
// hours causes, most critical first. It gives the same answer as one Analyse per asset, in
// time close to linear in the size of the map (see rank).
func Critical(m *caremap.Map) []AssetCriticality {
	g := m.Graph()
	all := rank(m)
	out := make([]AssetCriticality, 0, g.Assets())
	for v := g.Services(); v < g.Services()+g.Assets(); v++ {
		out = append(out, all.criticality(m, v))
	}
	sortCriticality(out)
	return out
}

// sortCriticality puts the most critical asset first: by its worst risk, then service by
// service down its loss list and then its corruption list (so an asset whose second-worst
// service is worse ranks higher), then in map order.
func sortCriticality(out []AssetCriticality) {
	slices.SortStableFunc(out, func(a, b AssetCriticality) int {
		return cmp.Or(cmp.Compare(b.Worst(), a.Worst()), compareHarm(b.Loss, a.Loss), compareHarm(b.Corruption, a.Corruption))
	})
}

// compareHarm compares two harms service by service; a longer list wins a tie.
func compareHarm(a, b Harm) int {
	for i := range min(len(a.Services), len(b.Services)) {
		x, y := a.Services[i], b.Services[i]
		if c := cmp.Or(cmp.Compare(x.Risk, y.Risk), cmp.Compare(x.Consequence, y.Consequence),
			cmp.Compare(x.PatientsAffected, y.PatientsAffected)); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Services), len(b.Services))
}

// entry is one service hit one way (lost, degraded or untrustworthy) in a top list.
type entry struct {
	svc int32
	ch  uint8
}

// ranking holds, for every node, the top services its loss and its corruption hit.
type ranking struct {
	md   model
	keys [channels][]uint64 // per channel and service: the sort key of that service hit that way

	reqComp, rdComp []int32 // components over required links, and over required and degraded links
	lost            topLists
	degraded        topLists
	untrusted       topLists
	worstReq        []caremap.Consequence // per required-link component: worst consequence reachable
	worstRD         []caremap.Consequence // per required-and-degraded component
}

// rank scores every node of m as if it were lost, and corrupted, for CriticalDuration.
//
// Losing node a makes a service s lost when s is reachable from a along required links
// (dependency to dependant) and degraded when reachable along required and degraded links;
// corruption makes s untrustworthy when reachable along required and degraded links. So a's
// worst harm is the best key over three reachable sets, and "the best over everything
// reachable" is the same for every node of a strongly connected component: it is the best of
// the component's own services and of the components it reaches. Working through the
// components so that dependants come first gives every answer in one pass over the links,
// keeping only the top CriticalServices entries per component. The top entries of a union
// are among the top entries of its parts, so merging the lost and the degraded lists of a
// node and taking the top again gives its true list.
func rank(m *caremap.Map) *ranking {
	g := m.Graph()
	rk := &ranking{md: modelOf(m)}
	ns := g.Services()
	for ch := range channels {
		rk.keys[ch] = make([]uint64, ns)
	}
	for i := range ns {
		s := &m.Services[i]
		for _, sc := range rk.md.scores(s, [channels]caremap.Duration{CriticalDuration, CriticalDuration, CriticalDuration}).all() {
			rk.keys[sc.ch][i] = key(sc, patientsAffected(s.PatientsPerDay, CriticalDuration), int32(i))
		}
	}

	var nReq, nRD int
	rk.reqComp, nReq = g.Components(caremap.Required)
	rk.rdComp, nRD = g.Components(caremap.Required, caremap.Degraded)
	rk.lost, rk.worstReq = rk.propagate(g, rk.reqComp, nReq, channelNeeds[chLost], []uint8{chLost})
	var both []topLists
	both, rk.worstRD = rk.propagateMany(g, rk.rdComp, nRD, channelNeeds[chDegraded], []uint8{chDegraded, chUntrusted})
	rk.degraded, rk.untrusted = both[0], both[1]
	return rk
}

// key packs a scored service into one number that sorts as "most dangerous first": risk,
// then consequence, then patients, then earlier in the map.
func key(sc score, patients int64, svc int32) uint64 {
	return uint64(sc.risk)<<60 | uint64(sc.consequence)<<56 | uint64(min(patients, 1<<24-1))<<32 | uint64(^uint32(svc))
}

func (rk *ranking) propagate(g *caremap.Graph, comp []int32, n int, follow [4]bool, chs []uint8) (topLists, []caremap.Consequence) {
	lists, worst := rk.propagateMany(g, comp, n, follow, chs)
	return lists[0], worst
}

// propagateMany fills, for every component, the top entries of each channel in chs over
// everything the component reaches, and the worst consequence it reaches.
func (rk *ranking) propagateMany(g *caremap.Graph, comp []int32, n int, follow [4]bool, chs []uint8) ([]topLists, []caremap.Consequence) {
	// Members of each component, by counting sort.
	start := make([]int32, n+1)
	for _, c := range comp {
		start[c+1]++
	}
	for c := range n {
		start[c+1] += start[c]
	}
	members := make([]int32, len(comp))
	fill := slices.Clone(start[:n])
	for v, c := range comp {
		members[fill[c]] = int32(v)
		fill[c]++
	}

	lists := make([]topLists, len(chs))
	for i := range lists {
		lists[i] = newTopLists(n)
	}
	worst := make([]caremap.Consequence, n)
	ns := int32(g.Services())
	// Components are numbered so that dependants come first: each one's successors are done.
	for c := range n {
		for _, v := range members[start[c]:start[c+1]] {
			if v < ns {
				for i, ch := range chs {
					if rk.keys[ch][v] != 0 {
						lists[i].insert(int32(c), entry{v, ch}, rk)
					}
				}
				worst[c] = max(worst[c], rk.serviceConsequence(v))
			}
			for _, l := range g.Dependants(int(v)) {
				d := comp[l.Node]
				if !follow[l.Need] || d == int32(c) {
					continue
				}
				for i := range chs {
					lists[i].merge(int32(c), d, rk)
				}
				worst[c] = max(worst[c], worst[d])
			}
		}
	}
	return lists, worst
}

func (rk *ranking) serviceConsequence(v int32) caremap.Consequence {
	return caremap.Consequence(rk.keys[chUntrusted][v] >> 56 & 0xf)
}

func (rk *ranking) keyOf(e entry) uint64 { return rk.keys[e.ch][e.svc] }

// topLists keeps up to CriticalServices entries per component, best first.
type topLists struct {
	e []entry
	n []uint8
}

func newTopLists(n int) topLists {
	return topLists{e: make([]entry, n*CriticalServices), n: make([]uint8, n)}
}

func (t *topLists) list(c int32) []entry {
	return t.e[int(c)*CriticalServices : int(c)*CriticalServices+int(t.n[c])]
}

func (t *topLists) insert(c int32, e entry, rk *ranking) {
	insertKeyed(t.e[int(c)*CriticalServices:int(c+1)*CriticalServices], &t.n[c], e, rk)
}

func (t *topLists) merge(c, from int32, rk *ranking) {
	for _, e := range t.list(from) {
		t.insert(c, e, rk)
	}
}

// insertKeyed puts e into the sorted list l (the first *n entries are in use) if it is
// among the best. A service already listed keeps whichever of its entries sorts higher;
// on a tie the lost entry stays, because it says more about the service's state.
func insertKeyed(l []entry, n *uint8, e entry, rk *ranking) {
	k := rk.keyOf(e)
	cnt := int(*n)
	for i := range cnt {
		if l[i].svc != e.svc {
			continue
		}
		if ki := rk.keyOf(l[i]); k < ki || (k == ki && l[i].ch <= e.ch) {
			return
		}
		copy(l[i:cnt-1], l[i+1:cnt])
		cnt--
		break
	}
	pos := cnt
	for pos > 0 && rk.keyOf(l[pos-1]) < k {
		pos--
	}
	if pos < len(l) {
		if cnt < len(l) {
			cnt++
		}
		copy(l[pos+1:cnt], l[pos:cnt-1])
		l[pos] = e
	}
	*n = uint8(cnt)
}

// criticality builds node v's answer from the component lists.
func (rk *ranking) criticality(m *caremap.Map, v int) AssetCriticality {
	g := m.Graph()
	a := AssetCriticality{ID: g.ID(v), Name: m.NameOf(v)}
	var loss [CriticalServices]entry
	var n uint8
	for _, e := range rk.lost.list(rk.reqComp[v]) {
		insertKeyed(loss[:], &n, e, rk)
	}
	for _, e := range rk.degraded.list(rk.rdComp[v]) {
		insertKeyed(loss[:], &n, e, rk)
	}
	a.Loss = rk.harm(m, loss[:n], max(rk.worstReq[rk.reqComp[v]], lower(rk.worstRD[rk.rdComp[v]])))
	a.Corruption = rk.harm(m, rk.untrusted.list(rk.rdComp[v]), rk.worstRD[rk.rdComp[v]])
	return a
}

func (rk *ranking) harm(m *caremap.Map, es []entry, worst caremap.Consequence) Harm {
	h := Harm{Consequence: worst, Services: make([]ServiceRisk, 0, len(es))}
	for _, e := range es {
		s := &m.Services[e.svc]
		k := rk.keyOf(e)
		sr := ServiceRisk{ID: s.ID, Name: s.Name, Consequence: caremap.Consequence(k >> 56 & 0xf), Risk: int(k >> 60),
			PatientsAffected: patientsAffected(s.PatientsPerDay, CriticalDuration)}
		switch e.ch {
		case chLost:
			sr.State, sr.Likelihood = Lost, rk.md.likelihood(CriticalDuration, s.Downtime.SafeFor)
		case chDegraded:
			sr.State, sr.Likelihood = Degraded, rk.md.likelihood(CriticalDuration, s.Downtime.SafeFor)
		case chUntrusted:
			sr.Untrustworthy, sr.Likelihood = true, rk.md.untrustworthyLikelihood(CriticalDuration, s.Downtime.SafeFor)
		}
		h.Services = append(h.Services, sr)
	}
	if len(h.Services) > 0 {
		h.Risk = h.Services[0].Risk
	}
	return h
}
