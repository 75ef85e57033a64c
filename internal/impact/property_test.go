package impact

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// randomContents makes an unstructured random map: any node may depend on any other, with
// any need, so cycles, self-loops, hubs and long chains all turn up. Some maps override
// the risk model.
func randomContents(rnd *rand.Rand, n int) caremap.Contents {
	c := caremap.Contents{Organisation: caremap.Organisation{Code: "RAND", Name: "Random"}}
	ns := 1 + rnd.IntN(max(1, n/3))
	nsup := rnd.IntN(max(1, n/8))
	na := max(1, n-ns-nsup)
	ids := func(prefix string, k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return out
	}
	svc, ast, sup := ids("s", ns), ids("a", na), ids("p", nsup)
	for _, id := range sup {
		c.Suppliers = append(c.Suppliers, caremap.Supplier{ID: id, Name: id})
	}
	deps := func() []caremap.Dependency {
		var out []caremap.Dependency
		seen := map[string]bool{}
		for range rnd.IntN(4) {
			var d caremap.Dependency
			switch k := rnd.IntN(10); {
			case k < 2:
				d = caremap.Dependency{Type: caremap.TypeService, ID: svc[rnd.IntN(ns)]}
			case k < 3 && nsup > 0:
				d = caremap.Dependency{Type: caremap.TypeSupplier, ID: sup[rnd.IntN(nsup)]}
			default:
				// A skew towards the first assets makes hubs.
				u := rnd.Float64()
				d = caremap.Dependency{Type: caremap.TypeAsset, ID: ast[int(float64(na)*u*u)]}
			}
			if seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			d.Need = caremap.Need(1 + rnd.IntN(3))
			out = append(out, d)
		}
		return out
	}
	safe := []caremap.Duration{0, 30 * caremap.Minute, 4 * caremap.Hour, 12 * caremap.Hour, 24 * caremap.Hour, 3 * caremap.Day}
	for _, id := range svc {
		s := caremap.Service{ID: id, Name: id, Consequence: caremap.Consequence(1 + rnd.IntN(5)),
			PatientsPerDay: rnd.IntN(500), DependsOn: deps()}
		if d := safe[rnd.IntN(len(safe))]; d > 0 {
			s.Downtime = caremap.DowntimeProcedure{Procedure: "paper", SafeFor: d}
		}
		c.Services = append(c.Services, s)
	}
	for _, id := range ast {
		c.Assets = append(c.Assets, caremap.Asset{ID: id, Name: id, Kind: caremap.KindServer, DependsOn: deps()})
	}
	if rnd.IntN(3) == 0 {
		c.RiskModel = caremap.RiskModel{
			Thresholds:           caremap.Thresholds{Medium: 0.75},
			UntrustworthyAtLeast: caremap.Likelihood(1 + rnd.IntN(5)),
			Matrix:               [5][5]int{caremap.VeryHigh - 1: {4, 4, 5, 5, 5}},
		}
	}
	return c
}

func randomMap(t testing.TB, rnd *rand.Rand, n int) *caremap.Map {
	t.Helper()
	m, err := caremap.New(randomContents(rnd, n))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func randomEvent(rnd *rand.Rand, m *caremap.Map) Event {
	g := m.Graph()
	durations := []caremap.Duration{caremap.Hour, 6 * caremap.Hour, 24 * caremap.Hour, 14 * caremap.Day}
	return Event{Target: g.ID(rnd.IntN(g.Len())), Mode: Mode(1 + rnd.IntN(4)), Duration: durations[rnd.IntN(len(durations))]}
}

func risks(r Result) map[string]int {
	out := map[string]int{}
	for _, s := range r.Services {
		out[s.ID] = s.Risk
	}
	return out
}

func mustAnalyse(t testing.TB, m *caremap.Map, events ...Event) Result {
	t.Helper()
	r, err := Analyse(m, events)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFastRankingIsThePlainRanking compares the near-linear ranking with one Analyse per
// asset, on random maps and on synthetic maps, field by field.
func TestFastRankingIsThePlainRanking(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var maps []*caremap.Map
	for i := range 300 {
		maps = append(maps, randomMap(t, rnd, 2+i%60))
	}
	for seed := range uint64(3) {
		m, err := synth.Generate(synth.Options{Nodes: 400, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		maps = append(maps, m)
	}
	for i, m := range maps {
		fast, plain := Critical(m), plainCritical(m)
		if !reflect.DeepEqual(fast, plain) {
			fj, _ := json.MarshalIndent(fast, "", " ")
			pj, _ := json.MarshalIndent(plain, "", " ")
			y, _ := m.YAML()
			t.Fatalf("map %d: fast ranking differs from plain\nmap:\n%s\nfast:\n%s\nplain:\n%s", i, y, fj, pj)
		}
	}
}

// TestAddingADependencyNeverLowersRisk adds one random link at a time and re-runs events.
func TestAddingADependencyNeverLowersRisk(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		c := randomContents(rnd, 4+rnd.IntN(30))
		m, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		events := []Event{randomEvent(rnd, m), randomEvent(rnd, m)}[:1+rnd.IntN(2)]
		before := mustAnalyse(t, m, events...)

		more := c.Clone()
		g := m.Graph()
		from, to := rnd.IntN(g.Services()+g.Assets()), rnd.IntN(g.Len())
		dep := caremap.Dependency{Type: g.TypeOf(to), ID: g.ID(to), Need: caremap.Need(1 + rnd.IntN(3))}
		var deps *[]caremap.Dependency
		if from < g.Services() {
			deps = &more.Services[from].DependsOn
		} else {
			deps = &more.Assets[from-g.Services()].DependsOn
		}
		dup := false
		for _, d := range *deps {
			dup = dup || d.ID == dep.ID
		}
		if dup {
			continue
		}
		*deps = append(*deps, dep)
		m2, err := caremap.New(more)
		if err != nil {
			t.Fatal(err)
		}
		after := mustAnalyse(t, m2, events...)
		ra := risks(after)
		for id, r := range risks(before) {
			if ra[id] < r {
				t.Fatalf("adding %s → %s (%s) lowered %s's risk from %d to %d", g.ID(from), dep.ID, dep.Need, id, r, ra[id])
			}
		}
		for _, s := range before.Services {
			a, ok := service(after, s.ID)
			if !ok || a.State < s.State || (s.Untrustworthy && !a.Untrustworthy) {
				t.Fatalf("adding a link made %s better: %+v → %+v", s.ID, s, a)
			}
		}
	}
}

// TestOptionalNeverPropagates: removing every optional link changes no result.
func TestOptionalNeverPropagates(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		c := randomContents(rnd, 4+rnd.IntN(40))
		m, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		stripped := c.Clone()
		strip := func(deps []caremap.Dependency) []caremap.Dependency {
			var out []caremap.Dependency
			for _, d := range deps {
				if d.Need != caremap.Optional {
					out = append(out, d)
				}
			}
			return out
		}
		for i := range stripped.Services {
			stripped.Services[i].DependsOn = strip(stripped.Services[i].DependsOn)
		}
		for i := range stripped.Assets {
			stripped.Assets[i].DependsOn = strip(stripped.Assets[i].DependsOn)
		}
		m2, err := caremap.New(stripped)
		if err != nil {
			t.Fatal(err)
		}
		e := randomEvent(rnd, m)
		a, b := mustAnalyse(t, m, e), mustAnalyse(t, m2, e)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("optional links changed the result of %s:\n%+v\n%+v", e, a, b)
		}
	}
}

// TestSimultaneousEventsAreTheWorstOfEach: with several events, each service's risk and
// state are the worst it gets from any one of them.
func TestSimultaneousEventsAreTheWorstOfEach(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		m := randomMap(t, rnd, 4+rnd.IntN(40))
		events := make([]Event, 1+rnd.IntN(4))
		for i := range events {
			events[i] = randomEvent(rnd, m)
		}
		all := mustAnalyse(t, m, events...)
		want := map[string]ServiceImpact{}
		for _, e := range events {
			for _, s := range mustAnalyse(t, m, e).Services {
				w := want[s.ID]
				w.ID = s.ID
				w.Risk = max(w.Risk, s.Risk)
				w.State = max(w.State, s.State)
				w.Untrustworthy = w.Untrustworthy || s.Untrustworthy
				w.Exposed = w.Exposed || s.Exposed
				want[s.ID] = w
			}
		}
		if len(all.Services) != len(want) {
			t.Fatalf("%v: %d services, want %d", events, len(all.Services), len(want))
		}
		for _, s := range all.Services {
			w := want[s.ID]
			if s.Risk != w.Risk || s.State != w.State || s.Untrustworthy != w.Untrustworthy || s.Exposed != w.Exposed {
				t.Fatalf("%v: %s = risk %d %s untrustworthy %v exposed %v; want %+v", events, s.ID, s.Risk, s.State, s.Untrustworthy, s.Exposed, w)
			}
		}
	}
}
