package impact

import (
	"cmp"
	"slices"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Result is what a set of simultaneous events does to a care map.
type Result struct {
	Events    []Event         `json:"events"`
	Services  []ServiceImpact `json:"services"`  // every affected service, most dangerous first
	Assets    []Affected      `json:"assets"`    // every affected asset, worst first
	Suppliers []Affected      `json:"suppliers"` // suppliers named by an event
}

// ServiceImpact is one affected service: how it is hit, the DCB risk, and what to do.
type ServiceImpact struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	State         State  `json:"state"`
	Untrustworthy bool   `json:"untrustworthy"`
	Exposed       bool   `json:"exposed"`
	// Consequence, Likelihood and Risk are the DCB scores of the worst way the service is
	// hit; zero when its data was only exposed, which the §6 rules do not score.
	Consequence      caremap.Consequence `json:"consequence,omitzero"`
	Likelihood       caremap.Likelihood  `json:"likelihood,omitzero"`
	Risk             int                 `json:"risk"`
	PatientsAffected int64               `json:"patients_affected"`
	// For is how long the service is affected.
	For caremap.Duration `json:"for,omitzero"`
	// Via is the dependency path from the event's target to this service, both included.
	Via               []string         `json:"via"`
	DowntimeProcedure string           `json:"downtime_procedure"`
	SafeFor           caremap.Duration `json:"safe_for,omitzero"` // zero when the service has no downtime procedure
}

// Affected is an asset or supplier that an event reaches.
type Affected struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	State         State  `json:"state"`
	Untrustworthy bool   `json:"untrustworthy"`
	Exposed       bool   `json:"exposed"`
}

// The three ways an effect travels. Each has its own reach, because lost crosses only
// required links while degraded and untrustworthy cross required and degraded links.
const (
	chLost      = iota // lost
	chDegraded         // degraded or worse
	chUntrusted        // data cannot be trusted
	channels
)

var channelNeeds = [channels][4]bool{
	chLost:      {caremap.Required: true},
	chDegraded:  {caremap.Required: true, caremap.Degraded: true},
	chUntrusted: {caremap.Required: true, caremap.Degraded: true},
}

// trail is where the events' effects got to at one node: per channel, which event arrived
// first (1-based; 0 when none did) and the dependency it came through (-1 at a target).
// One small record per node keeps a walk over a large map within a few cache lines.
type trail struct {
	parent [channels]int32
	event  [channels]uint16
}

// MaxEvents is how many simultaneous events Analyse takes.
const MaxEvents = 1000

// Analyse propagates simultaneous events over m by the §6 rules and scores every affected
// service. A node reached by several events is affected for the longest of them, in each
// way (lost, degraded, untrustworthy) separately; its risk is the worst of those ways.
// Unknown targets are refused with a *vigil.Error naming them.
func Analyse(m *caremap.Map, events []Event) (Result, error) {
	g := m.Graph()
	if len(events) == 0 {
		return Result{}, vigil.Errorf(vigil.Invalid, "give at least one event, such as epr:unavailable:24h")
	}
	if len(events) > MaxEvents {
		return Result{}, vigil.Errorf(vigil.Invalid, "give at most %d events at once", MaxEvents)
	}
	targets := make([]int32, len(events))
	var bad []string
	for i, e := range events {
		t, ok := g.Index(e.Target)
		if !ok {
			bad = append(bad, e.Target)
			continue
		}
		if e.Mode < ModeUnavailable || e.Mode > ModeConfidentiality {
			return Result{}, vigil.Errorf(vigil.Invalid, "event %q has no mode", e.Target)
		}
		if e.Duration <= 0 || e.Duration > caremap.MaxDuration {
			return Result{}, vigil.Errorf(vigil.Invalid, "event %q needs a duration between 1m and ten years", e.Target)
		}
		targets[i] = int32(t)
	}
	if len(bad) > 0 {
		fields := make(map[string]string, len(bad))
		for _, b := range bad {
			fields["event"] = joinSemi(fields["event"], "unknown target \""+b+"\"")
		}
		return Result{}, &vigil.Error{Code: vigil.Invalid,
			Message: "no service, asset or supplier has the id " + quoteList(bad), Fields: fields}
	}

	// Longest events first: the first event to reach a node is then the longest to reach it.
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(events[b].Duration, events[a].Duration) })

	trails := make([]trail, g.Len())
	var queue []int32
	reached := 0
	for ch := range channels {
		var sources []int
		for _, i := range order {
			switch mode := events[i].Mode; {
			case ch == chLost && mode == ModeUnavailable,
				ch == chDegraded && (mode == ModeUnavailable || mode == ModeDegraded),
				ch == chUntrusted && mode == ModeIntegrity:
				sources = append(sources, i)
			}
		}
		var n int
		queue, n = spread(g, ch, sources, targets, trails, queue)
		reached += n
	}
	exposed := make(map[int32]bool)
	for i, e := range events {
		if e.Mode == ModeConfidentiality {
			exposed[targets[i]] = true
		}
	}
	return describe(m, events, trails, reached, exposed), nil
}

// spread walks breadth first from each source event's target over the links the channel
// crosses, visiting each node once: the first and longest event to arrive owns it. It
// returns the queue for reuse and how many nodes it reached.
func spread(g *caremap.Graph, ch int, sources []int, targets []int32, trails []trail, queue []int32) ([]int32, int) {
	follow := channelNeeds[ch]
	reached := 0
	for _, i := range sources {
		t := targets[i]
		if trails[t].event[ch] != 0 {
			continue
		}
		ev := uint16(i + 1)
		trails[t].event[ch], trails[t].parent[ch] = ev, -1
		queue = append(queue[:0], t)
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, l := range g.Dependants(int(v)) {
				if tr := &trails[l.Node]; follow[l.Need] && tr.event[ch] == 0 {
					tr.event[ch], tr.parent[ch] = ev, v
					queue = append(queue, l.Node)
				}
			}
		}
		reached += len(queue)
	}
	return queue, reached
}

// appendPath appends the dependency path, in channel ch, from the target to v.
func appendPath(buf []string, g *caremap.Graph, trails []trail, ch int, v int32) []string {
	start := len(buf)
	for u := v; u >= 0; u = trails[u].parent[ch] {
		buf = append(buf, g.ID(int(u)))
	}
	slices.Reverse(buf[start:])
	return buf
}

// score is one way a service is hit, scored.
type score struct {
	ch          int
	consequence caremap.Consequence
	likelihood  caremap.Likelihood
	risk        int
}

// better orders scores by risk, then consequence, then likelihood; on a tie the earlier
// channel (lost before degraded) wins because it says more about the state.
func (s score) better(t score) bool {
	if s.risk != t.risk {
		return s.risk > t.risk
	}
	if s.consequence != t.consequence {
		return s.consequence > t.consequence
	}
	return s.likelihood > t.likelihood
}

// scores lists the ways service s is hit, given how long each channel lasts there.
func (md model) scores(s *caremap.Service, dur [channels]caremap.Duration) scoreList {
	var out scoreList
	safe := s.Downtime.SafeFor
	if d := dur[chLost]; d > 0 {
		l := md.likelihood(d, safe)
		out.add(score{chLost, s.Consequence, l, md.risk(l, s.Consequence)})
	}
	if d := dur[chUntrusted]; d > 0 {
		l := md.untrustworthyLikelihood(d, safe)
		out.add(score{chUntrusted, s.Consequence, l, md.risk(l, s.Consequence)})
	}
	if d := dur[chDegraded]; d > 0 {
		l, c := md.likelihood(d, safe), lower(s.Consequence)
		out.add(score{chDegraded, c, l, md.risk(l, c)})
	}
	return out
}

// scoreList holds up to one score per channel without allocating.
type scoreList struct {
	s [channels]score
	n int
}

func (l *scoreList) add(s score) {
	l.s[l.n] = s
	l.n++
}

func (l scoreList) all() []score { return l.s[:l.n] }

func worst(l scoreList) (score, bool) {
	ss := l.all()
	if len(ss) == 0 {
		return score{}, false
	}
	best := ss[0]
	for _, s := range ss[1:] {
		if s.better(best) {
			best = s
		}
	}
	return best, true
}

func describe(m *caremap.Map, events []Event, trails []trail, reachedAny int, exposed map[int32]bool) Result {
	g := m.Graph()
	md := modelOf(m)
	res := Result{Events: slices.Clone(events)}

	// First pass: who is reached and how badly, kept small so the sort moves little.
	type row struct {
		v         int32
		state     State
		untrusted bool
		best      score
		scored    bool
		dur       caremap.Duration
		patients  int64
	}
	reachedAny += len(exposed)
	rows := make([]row, 0, min(reachedAny, g.Services()))
	// Assets and suppliers by state, worst first: lost, then degraded, then unaffected, each
	// untrustworthy before trusted, in map order within each. others holds them in map
	// order with their bucket; a counting sort then places them.
	type other struct {
		v      int32
		bucket uint8
	}
	others := make([]other, 0, min(reachedAny, g.Len()-g.Services()))
	var counts [2][6]int
	for v := range int32(g.Len()) {
		tr := &trails[v]
		if tr.event == ([channels]uint16{}) && !exposed[v] {
			continue
		}
		var dur [channels]caremap.Duration
		for ch, e := range tr.event {
			if e > 0 {
				dur[ch] = events[e-1].Duration
			}
		}
		rw := row{v: v, untrusted: dur[chUntrusted] > 0}
		switch {
		case dur[chLost] > 0:
			rw.state = Lost
		case dur[chDegraded] > 0:
			rw.state = Degraded
		}
		switch t := g.TypeOf(int(v)); t {
		case caremap.TypeService:
			s := &m.Services[v]
			rw.best, rw.scored = worst(md.scores(s, dur))
			if rw.scored {
				rw.dur = max(dur[chLost], dur[chDegraded], dur[chUntrusted])
				rw.patients = patientsAffected(s.PatientsPerDay, rw.dur)
			}
			rows = append(rows, rw)
		default:
			b := 2 * (2 - int(rw.state))
			if !rw.untrusted {
				b++
			}
			kind := 0
			if t == caremap.TypeSupplier {
				kind = 1
			}
			others = append(others, other{v, uint8(kind*6 + b)})
			counts[kind][b]++
		}
	}
	// Most dangerous first; map order breaks the last ties.
	// Most dangerous first; map order breaks the last ties. Each row's order is packed into
	// one number (risk, consequence, patients, then map order reversed) so that sorting
	// thousands of rows compares plain integers.
	keys := make([]uint64, len(rows))
	for i, rw := range rows {
		keys[i] = uint64(rw.best.risk)<<61 | uint64(rw.best.consequence)<<58 |
			uint64(min(rw.patients, 1<<38-1))<<20 | uint64(1<<20-1-i)
	}
	slices.Sort(keys)
	sorted := make([]row, len(rows))
	for i, k := range keys {
		sorted[len(keys)-1-i] = rows[1<<20-1-int(k&(1<<20-1))]
	}
	rows = sorted
	res.Services = make([]ServiceImpact, len(rows))
	via := make([]string, 0, len(rows)*4) // one backing array for every path
	for i, rw := range rows {
		s := &m.Services[rw.v]
		si := &res.Services[i]
		*si = ServiceImpact{ID: s.ID, Name: s.Name, State: rw.state, Untrustworthy: rw.untrusted, Exposed: exposed[rw.v],
			DowntimeProcedure: s.Downtime.Procedure, SafeFor: s.Downtime.SafeFor,
			Consequence: rw.best.consequence, Likelihood: rw.best.likelihood, Risk: rw.best.risk,
			For: rw.dur, PatientsAffected: rw.patients}
		start := len(via)
		if rw.scored {
			via = appendPath(via, g, trails, rw.best.ch, rw.v)
		} else {
			via = append(via, s.ID)
		}
		si.Via = via[start:len(via):len(via)]
	}
	var next [2][6]int
	res.Assets = make([]Affected, counts[0][0]+counts[0][1]+counts[0][2]+counts[0][3]+counts[0][4]+counts[0][5])
	res.Suppliers = make([]Affected, counts[1][0]+counts[1][1]+counts[1][2]+counts[1][3]+counts[1][4]+counts[1][5])
	for kind := range 2 {
		for b := 1; b < 6; b++ {
			next[kind][b] = next[kind][b-1] + counts[kind][b-1]
		}
	}
	for _, o := range others {
		kind, b := o.bucket/6, o.bucket%6
		out := res.Assets
		if kind == 1 {
			out = res.Suppliers
		}
		out[next[kind][b]] = Affected{ID: g.ID(int(o.v)), Name: m.NameOf(int(o.v)),
			State: State(2 - b/2), Untrustworthy: b%2 == 0, Exposed: exposed[o.v]}
		next[kind][b]++
	}
	return res
}

func joinSemi(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func quoteList(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += "\"" + s + "\""
	}
	return out
}
