package impact

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// build makes a map from short lines: "service ID CONSEQUENCE SAFE_FOR PATIENTS",
// "asset ID", "supplier ID" and "FROM -> TO NEED" (FROM depends on TO).
func build(t testing.TB, lines ...string) *caremap.Map {
	t.Helper()
	c := caremap.Contents{Organisation: caremap.Organisation{Code: "TEST", Name: "Test"}}
	where := map[string]*[]caremap.Dependency{}
	types := map[string]caremap.Type{}
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case f[0] == "service":
			cons, _ := caremap.ParseConsequence(f[2])
			safe, _ := caremap.ParseDuration(f[3])
			var ppd int
			for _, ch := range f[4] {
				ppd = ppd*10 + int(ch-'0')
			}
			c.Services = append(c.Services, caremap.Service{ID: f[1], Name: strings.ToUpper(f[1]), Consequence: cons,
				PatientsPerDay: ppd, Downtime: caremap.DowntimeProcedure{Procedure: "Paper for " + f[1] + ".", SafeFor: safe}})
			types[f[1]] = caremap.TypeService
		case f[0] == "asset":
			c.Assets = append(c.Assets, caremap.Asset{ID: f[1], Name: strings.ToUpper(f[1]), Kind: caremap.KindApplication})
			types[f[1]] = caremap.TypeAsset
		case f[0] == "supplier":
			c.Suppliers = append(c.Suppliers, caremap.Supplier{ID: f[1], Name: strings.ToUpper(f[1])})
			types[f[1]] = caremap.TypeSupplier
		case f[1] == "->":
			// Dependencies are added below, once the slices have stopped growing.
		}
	}
	for i := range c.Services {
		where[c.Services[i].ID] = &c.Services[i].DependsOn
	}
	for i := range c.Assets {
		where[c.Assets[i].ID] = &c.Assets[i].DependsOn
	}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 4 && f[1] == "->" {
			need, err := caremap.ParseNeed(f[3])
			if err != nil {
				t.Fatal(err)
			}
			deps := where[f[0]]
			*deps = append(*deps, caremap.Dependency{Type: types[f[2]], ID: f[2], Need: need})
		}
	}
	m, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func analyse(t testing.TB, m *caremap.Map, events ...string) Result {
	t.Helper()
	var es []Event
	for _, s := range events {
		e, err := ParseEvent(s)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	r, err := Analyse(m, es)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func service(r Result, id string) (ServiceImpact, bool) {
	for _, s := range r.Services {
		if s.ID == id {
			return s, true
		}
	}
	return ServiceImpact{}, false
}

func asset(r Result, id string) (Affected, bool) {
	for _, a := range append(append([]Affected{}, r.Assets...), r.Suppliers...) {
		if a.ID == id {
			return a, true
		}
	}
	return Affected{}, false
}

// TestPropagationRules checks every cell of the §6 propagation table, one link deep and
// two links deep (through an asset), for each mode.
func TestPropagationRules(t *testing.T) {
	type outcome struct {
		state         State
		untrustworthy bool
		affected      bool
	}
	lost, degraded, untrusted, none := outcome{Lost, false, true}, outcome{Degraded, false, true}, outcome{Unaffected, true, true}, outcome{}
	table := map[Mode]map[caremap.Need]outcome{
		ModeUnavailable:     {caremap.Required: lost, caremap.Degraded: degraded, caremap.Optional: none},
		ModeDegraded:        {caremap.Required: degraded, caremap.Degraded: degraded, caremap.Optional: none},
		ModeIntegrity:       {caremap.Required: untrusted, caremap.Degraded: untrusted, caremap.Optional: none},
		ModeConfidentiality: {caremap.Required: none, caremap.Degraded: none, caremap.Optional: none},
	}
	for mode, byNeed := range table {
		for need, want := range byNeed {
			m := build(t, "service s major 4h 10", "asset t", "s -> t "+need.String())
			r := analyse(t, m, "t:"+mode.String())
			got, ok := service(r, "s")
			if ok != want.affected || got.State != want.state || got.Untrustworthy != want.untrustworthy {
				t.Errorf("%s dependency, target %s: affected %v, state %s, untrustworthy %v; want %+v",
					need, mode, ok, got.State, got.Untrustworthy, want)
			}
			target, _ := asset(r, "t")
			if (mode == ModeConfidentiality) != target.Exposed {
				t.Errorf("target %s: exposed = %v", mode, target.Exposed)
			}
		}
	}
	// Two links: the effect passes through an asset, each link transforming it.
	twoLinks := []struct {
		first, second caremap.Need
		mode          Mode
		want          outcome
	}{
		{caremap.Required, caremap.Required, ModeUnavailable, lost},
		{caremap.Required, caremap.Degraded, ModeUnavailable, degraded},
		{caremap.Degraded, caremap.Required, ModeUnavailable, degraded}, // degraded stays degraded over a required link
		{caremap.Degraded, caremap.Degraded, ModeUnavailable, degraded},
		{caremap.Optional, caremap.Required, ModeUnavailable, none},
		{caremap.Required, caremap.Optional, ModeUnavailable, none},
		{caremap.Degraded, caremap.Required, ModeIntegrity, untrusted},
		{caremap.Optional, caremap.Required, ModeIntegrity, none},
		{caremap.Required, caremap.Required, ModeDegraded, degraded},
		{caremap.Required, caremap.Required, ModeConfidentiality, none},
	}
	for _, tt := range twoLinks {
		m := build(t, "service s major 4h 10", "asset mid", "asset t", "mid -> t "+tt.first.String(), "s -> mid "+tt.second.String())
		r := analyse(t, m, "t:"+tt.mode.String())
		got, ok := service(r, "s")
		if ok != tt.want.affected || got.State != tt.want.state || got.Untrustworthy != tt.want.untrustworthy {
			t.Errorf("t %s-> mid %s-> s, %s: affected %v, state %s, untrustworthy %v; want %+v",
				tt.first, tt.second, tt.mode, ok, got.State, got.Untrustworthy, tt.want)
		}
		if tt.want.affected && !reflect.DeepEqual(got.Via, []string{"t", "mid", "s"}) {
			t.Errorf("via = %v", got.Via)
		}
	}
}

// TestWorstOverDependencies: a node takes the worst state that reaches it.
func TestWorstOverDependencies(t *testing.T) {
	m := build(t, "service s major 4h 10", "asset a", "asset b", "asset t",
		"a -> t degraded", "b -> t required", "s -> a required", "s -> b required")
	r := analyse(t, m, "t:unavailable")
	if s, _ := service(r, "s"); s.State != Lost || !reflect.DeepEqual(s.Via, []string{"t", "b", "s"}) {
		t.Errorf("s = %s via %v, want lost via t, b", s.State, s.Via)
	}
	if a, _ := asset(r, "a"); a.State != Degraded {
		t.Errorf("a = %s", a.State)
	}
}

func TestScoring(t *testing.T) {
	m := build(t, "service s catastrophic 4h 310", "asset t", "s -> t required",
		"service d catastrophic 4h 100", "d -> t degraded", "service u major 1w 50", "u -> t required")
	r := analyse(t, m, "t:unavailable:8h")
	s, _ := service(r, "s") // r = 2: high × catastrophic
	if s.Consequence != caremap.Catastrophic || s.Likelihood != caremap.High || s.Risk != 5 || s.PatientsAffected != 104 || s.For != 8*caremap.Hour {
		t.Errorf("lost: %+v", s)
	}
	d, _ := service(r, "d") // degraded: one step lower
	if d.State != Degraded || d.Consequence != caremap.Major || d.Likelihood != caremap.High || d.Risk != 4 {
		t.Errorf("degraded: %+v", d)
	}
	if s.DowntimeProcedure != "Paper for s." || s.SafeFor != 4*caremap.Hour {
		t.Errorf("downtime: %q %s", s.DowntimeProcedure, s.SafeFor)
	}
	r = analyse(t, m, "t:integrity:1h")
	u, _ := service(r, "u") // r tiny, but untrustworthy data is at least medium
	if !u.Untrustworthy || u.State != Unaffected || u.Consequence != caremap.Major || u.Likelihood != caremap.Medium || u.Risk != 3 {
		t.Errorf("untrustworthy: %+v", u)
	}
	r = analyse(t, m, "s:confidentiality")
	if len(r.Services) != 1 || !r.Services[0].Exposed || r.Services[0].Risk != 0 || r.Services[0].State != Unaffected {
		t.Errorf("confidentiality: %+v", r.Services)
	}
}

func TestMostDangerousFirst(t *testing.T) {
	m := build(t, "asset t",
		"service a minor 1w 1000", "a -> t required",
		"service b catastrophic 4h 10", "b -> t required",
		"service c catastrophic 4h 20", "c -> t required",
		"service d major 4h 5000", "d -> t required",
		"service e catastrophic 4h 20", "e -> t degraded")
	r := analyse(t, m, "t:unavailable:14d")
	var ids []string
	for _, s := range r.Services {
		ids = append(ids, s.ID)
	}
	// c and b are 5/catastrophic, c has more patients; d and e are 5/major, d has more; a last.
	if want := []string{"c", "b", "d", "e", "a"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
}

func TestCyclesTerminate(t *testing.T) {
	m := build(t, "asset ad", "asset dns", "ad -> dns required", "dns -> ad required",
		"service s major 4h 10", "s -> ad required", "service loop major 4h 1", "loop -> loop required")
	r := analyse(t, m, "dns:unavailable")
	if s, _ := service(r, "s"); s.State != Lost || !reflect.DeepEqual(s.Via, []string{"dns", "ad", "s"}) {
		t.Errorf("s = %+v", s)
	}
	r = analyse(t, m, "loop:degraded")
	if s, _ := service(r, "loop"); s.State != Degraded || len(r.Services) != 1 {
		t.Errorf("self loop: %+v", r.Services)
	}
}

// TestMultipleEvents: each service is hit for as long as the longest event that reaches it
// each way, and its risk is the worst of those ways.
func TestMultipleEvents(t *testing.T) {
	m := build(t, "service ed catastrophic 4h 310", "asset epr", "asset wifi", "asset db",
		"ed -> epr required", "ed -> wifi degraded", "epr -> db required")
	r := analyse(t, m, "epr:unavailable:1h", "wifi:unavailable:14d")
	ed, _ := service(r, "ed")
	// Lost for 1h (catastrophic, very low: 3) but degraded for 14d (major, very high: 5).
	if ed.State != Lost || ed.Risk != 5 || ed.Consequence != caremap.Major || ed.Likelihood != caremap.VeryHigh ||
		ed.For != 14*caremap.Day || ed.PatientsAffected != 4340 || !reflect.DeepEqual(ed.Via, []string{"wifi", "ed"}) {
		t.Errorf("ed = %+v", ed)
	}
	if len(r.Events) != 2 {
		t.Errorf("events = %v", r.Events)
	}
	// The longer of two events on the same path wins.
	r = analyse(t, m, "db:unavailable:2h", "epr:unavailable:8h", "db:integrity:1h")
	ed, _ = service(r, "ed")
	if ed.State != Lost || !ed.Untrustworthy || ed.Likelihood != caremap.High || ed.Risk != 5 || !reflect.DeepEqual(ed.Via, []string{"epr", "ed"}) {
		t.Errorf("ed = %+v", ed)
	}
}

func TestAnalyseRefusals(t *testing.T) {
	m := build(t, "asset a")
	_, err := Analyse(m, []Event{{Target: "nope", Mode: ModeUnavailable, Duration: caremap.Hour}, {Target: "gone", Mode: ModeUnavailable, Duration: caremap.Hour}})
	if vigil.CodeOf(err) != vigil.Invalid || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), `"gone"`) {
		t.Errorf("unknown targets: %v", err)
	}
	if _, err := Analyse(m, nil); vigil.CodeOf(err) != vigil.Invalid {
		t.Errorf("no events: %v", err)
	}
	if _, err := Analyse(m, []Event{{Target: "a", Mode: ModeUnavailable}}); vigil.CodeOf(err) != vigil.Invalid {
		t.Errorf("no duration: %v", err)
	}
}

// TestPathologySupplierRansomware is modelled on the June 2024 attack on a pathology
// supplier: its cloud laboratory system was out for about two weeks.
func TestPathologySupplierRansomware(t *testing.T) {
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		state State
		risk  int
	}{
		"blood-transfusion": {Lost, 5},
		"pathology":         {Lost, 5},
		"oncology":          {Lost, 5},
		"ed":                {Degraded, 5},
		"theatres":          {Degraded, 5},
		"maternity":         {Degraded, 5},
		"icu":               {Degraded, 5},
		"renal-dialysis":    {Degraded, 5},
		"acute-medicine":    {Degraded, 4},
		"pharmacy":          {Degraded, 4},
		"paediatrics":       {Degraded, 4},
		"community-nursing": {Degraded, 4},
		"outpatients":       {Degraded, 3},
	}
	for _, target := range []string{"citypath-lims", "citypath"} {
		r := analyse(t, m, target+":unavailable:14d")
		if len(r.Services) != len(want) {
			t.Errorf("%s: %d services affected, want %d", target, len(r.Services), len(want))
		}
		for _, s := range r.Services {
			w, ok := want[s.ID]
			if !ok || s.State != w.state || s.Risk != w.risk {
				t.Errorf("%s: %s is %s with risk %d; want %+v", target, s.ID, s.State, s.Risk, w)
			}
		}
		if _, hit := service(r, "radiology"); hit {
			t.Errorf("%s: radiology does not use pathology, but was hit", target)
		}
		p, _ := service(r, "pathology")
		if p.PatientsAffected != 3200*14 || p.Consequence != caremap.Major || p.Likelihood != caremap.VeryHigh ||
			!strings.Contains(p.DowntimeProcedure, "mutual aid") {
			t.Errorf("%s: pathology = %+v", target, p)
		}
		ed, _ := service(r, "ed")
		if ed.Via[len(ed.Via)-2] != "pathology" || ed.Via[0] != target {
			t.Errorf("%s: ed via %v", target, ed.Via)
		}
		for id, state := range map[string]State{"citypath-lims": Lost, "lims-interface": Lost, "chemo-prescribing": Degraded} {
			if a, _ := asset(r, id); a.State != state {
				t.Errorf("%s: asset %s is %s, want %s", target, id, a.State, state)
			}
		}
	}
	// Caught in six hours, the lab's paper procedure holds: pathology is low risk.
	r := analyse(t, m, "citypath-lims:unavailable:6h")
	if p, _ := service(r, "pathology"); p.Likelihood != caremap.VeryLow || p.Risk != 2 {
		t.Errorf("six hours: pathology = %s risk %d", p.Likelihood, p.Risk)
	}
}
