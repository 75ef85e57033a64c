package ssvc

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

// jsonTable is a CERT/CC decision table in its JSON form: decision points with keyed
// values, and one mapping row per combination.
type jsonTable struct {
	DecisionPoints map[string]struct {
		Values []struct{ Key, Name string }
	} `json:"decision_points"`
	Outcome string              `json:"outcome"`
	Mapping []map[string]string `json:"mapping"`
}

func readJSONTable(t *testing.T, name string) jsonTable {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var tab jsonTable
	if err := json.Unmarshal(b, &tab); err != nil {
		t.Fatal(err)
	}
	return tab
}

// value gives a row's value for a decision point by its name ("Public PoC").
func (tab jsonTable) value(t *testing.T, row map[string]string, point string) string {
	key, ok := row[point]
	if !ok {
		t.Fatalf("row %v has no %s", row, point)
	}
	for _, v := range tab.DecisionPoints[point].Values {
		if v.Key == key {
			return v.Name
		}
	}
	t.Fatalf("%s has no value %s", point, key)
	return ""
}

// must stops the test with a panic when a table value does not parse: the tables are
// fixed, so that can only be a fault in the reading.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestEveryRow walks every row of CERT/CC's JSON tables, a separate publication of the
// CSV tables the program embeds, and checks the embedded tables agree: each human-impact
// row, each deployer row, and Decide for every safety and mission pair behind each
// deployer row's human impact.
func TestEveryRow(t *testing.T) {
	hum := readJSONTable(t, "human_impact_1_0_0.json")
	bySafetyMission := map[HumanImpact][][2]string{}
	for _, row := range hum.Mapping {
		s := must(Parse("safety", SafetyImpacts, hum.value(t, row, "ssvc:SI:2.0.1")))
		m := must(Parse("mission", MissionImpacts, hum.value(t, row, "ssvc:MI:2.0.0")))
		want := must(Parse("human impact", HumanImpacts, hum.value(t, row, "ssvc:HI:2.0.2")))
		if got := must(Human(s, m)); got != want {
			t.Errorf("human impact of %s, %s = %s, want %s", s, m, got, want)
		}
		bySafetyMission[want] = append(bySafetyMission[want], [2]string{string(s), string(m)})
	}
	dep := readJSONTable(t, "deployer_patch_application_priority_1_0_0.json")
	decided := 0
	for _, row := range dep.Mapping {
		e := must(Parse("exploitation", Exploitations, dep.value(t, row, "ssvc:E:1.1.0")))
		x := must(Parse("exposure", Exposures, dep.value(t, row, "ssvc:EXP:1.0.1")))
		a := must(Parse("automatable", Automatables, dep.value(t, row, "ssvc:A:2.0.0")))
		h := must(Parse("human impact", HumanImpacts, dep.value(t, row, "ssvc:HI:2.0.2")))
		want := must(Parse("priority", Priorities, dep.value(t, row, "ssvc:DSOI:1.0.0")))
		if got := must(Deployer(e, x, a, h)); got != want {
			t.Errorf("%s/%s/%s/%s = %s, want %s", e, x, a, h, got, want)
		}
		for _, sm := range bySafetyMission[h] {
			d, err := Decide(Inputs{Exploitation: e, Exposure: x, Automatable: a, Safety: SafetyImpact(sm[0]), Mission: MissionImpact(sm[1])})
			if err != nil || d.Priority != want || d.HumanImpact != h {
				t.Errorf("Decide(%s %s %s %v) = %+v, %v; want %s", e, x, a, sm, d, err, want)
			}
			decided++
		}
	}
	// Each of the 18 exploitation, exposure and automatable combinations meets all 16
	// safety and mission pairs once.
	if len(hum.Mapping) != 16 || len(dep.Mapping) != 72 || decided != 18*16 {
		t.Errorf("%d human rows, %d deployer rows, %d decisions", len(hum.Mapping), len(dep.Mapping), decided)
	}
}

func TestDecide(t *testing.T) {
	d, err := Decide(Inputs{Exploitation: Active, Exposure: Open, Automatable: AutomatableYes, Safety: Catastrophic, Mission: Degraded,
		Assumed: []string{"automatable"}})
	if err != nil || d.Priority != Immediate || d.HumanImpact != VeryHigh || d.Inputs.Assumed[0] != "automatable" {
		t.Errorf("%+v %v", d, err)
	}
	if _, err := Decide(Inputs{Exploitation: "sometimes", Exposure: Open, Automatable: AutomatableNo, Safety: Negligible, Mission: Degraded}); err == nil {
		t.Error("an unknown exploitation was decided")
	}
	if v, err := Parse("exploitation", Exploitations, "Public PoC"); err != nil || v != PublicPoC {
		t.Errorf("Parse(Public PoC) = %q, %v", v, err)
	}
	if _, err := Parse("exposure", Exposures, "internet"); err == nil || !strings.Contains(err.Error(), "small, controlled, open") {
		t.Errorf("Parse(internet): %v", err)
	}
	if OutOfCycle.Label() != "Out-of-cycle" || Immediate.Label() != "Immediate" {
		t.Error("labels")
	}
}

func TestMappings(t *testing.T) {
	safety := []struct {
		c    caremap.Consequence
		risk int
		want SafetyImpact
	}{
		{caremap.Catastrophic, 5, Catastrophic},
		{caremap.Major, 4, Catastrophic},
		{caremap.Catastrophic, 3, Critical},
		{caremap.Considerable, 4, Critical},
		{caremap.Considerable, 2, Marginal},
		{caremap.Significant, 2, Marginal},
		{caremap.Significant, 1, Negligible},
		{caremap.Minor, 3, Negligible},
		{0, 0, Negligible},
	}
	for _, s := range safety {
		if got := SafetyOf(s.c, s.risk); got != s.want {
			t.Errorf("SafetyOf(%v, %d) = %s, want %s", s.c, s.risk, got, s.want)
		}
	}
	mission := []struct {
		lost, degraded, services int
		want                     MissionImpact
	}{
		{2, 0, 8, MissionFailure}, {2, 0, 9, MEFFailure}, {1, 5, 2, MEFFailure}, {0, 1, 40, MEFSupportCrippled}, {0, 0, 40, Degraded},
	}
	for _, m := range mission {
		if got := MissionOf(m.lost, m.degraded, m.services); got != m.want {
			t.Errorf("MissionOf(%d, %d, %d) = %s, want %s", m.lost, m.degraded, m.services, got, m.want)
		}
	}
}

const wardMap = `
organisation: {code: RZZ, name: Test Hospital, type: acute-trust}
services:
  - id: icu
    name: Intensive care
    consequence: catastrophic
    patients_per_day: 20
    downtime: {procedure: Manual pump settings at the bedside., safe_for: 1h}
    depends_on: [{asset: pump-gateway, need: required}]
  - id: ed
    name: Emergency department
    consequence: catastrophic
    patients_per_day: 300
    downtime: {procedure: Paper triage cards., safe_for: 4h}
    depends_on: [{asset: epr, need: required}]
  - id: outpatients
    name: Outpatients
    consequence: significant
    patients_per_day: 900
    downtime: {procedure: Printed clinic lists., safe_for: 24h}
    depends_on: [{asset: epr, need: required}, {asset: printer, need: optional}]
assets:
  - {id: pump-gateway, name: Infusion pump gateway, kind: medical-device, exposure: isolated}
  - {id: epr, name: Electronic patient record, kind: application, exposure: internal}
  - {id: printer, name: Clinic printer, kind: endpoint, exposure: internal}
  - {id: website, name: Public website, kind: cloud-service, exposure: internet}
  - {id: kiosk, name: Check-in kiosk, kind: endpoint}
`

func TestCareMap(t *testing.T) {
	m, err := caremap.ParseYAML([]byte(wardMap))
	if err != nil {
		t.Fatal(err)
	}
	cm := NewCareMap(m)
	tests := []struct {
		asset   string
		x       Exposure
		assumed bool
		s       SafetyImpact
		mi      MissionImpact
	}{
		{"pump-gateway", Small, false, Catastrophic, MEFFailure},
		{"epr", Controlled, false, Catastrophic, MissionFailure},
		{"printer", Controlled, false, Negligible, Degraded},
		{"website", Open, false, Negligible, Degraded},
		{"kiosk", Open, true, Negligible, Degraded},
	}
	for _, tt := range tests {
		a, err := cm.Asset(tt.asset)
		if err != nil {
			t.Fatal(err)
		}
		if a.Exposure != tt.x || a.ExposureAssumed != tt.assumed || a.Safety != tt.s || a.Mission != tt.mi {
			t.Errorf("%s: %+v", tt.asset, a)
		}
	}
	epr, _ := cm.Asset("epr")
	if epr.ServicesLost != 2 || epr.Risk != 5 || epr.Consequence != caremap.Catastrophic || epr.WorstServices[0] != "Emergency department" {
		t.Errorf("epr evidence %+v", epr)
	}
	if _, err := cm.Asset("no-such"); err == nil {
		t.Error("an unknown asset was answered")
	}
}
