// Package ssvc decides how urgently a vulnerability should be dealt with, by the CERT/CC
// Stakeholder-Specific Vulnerability Categorization (SSVC) deployer tree: Defer,
// Scheduled, Out-of-cycle or Immediate, from Exploitation, System Exposure, Automatable
// and Human Impact, where Human Impact comes from Safety Impact and Mission Impact. The
// decision is looked up in CERT/CC's published tables, embedded in the program; the tree
// is not written out in code. The care-map mapping (see CareMap) makes Safety Impact the
// clinical harm that losing or corrupting an asset would cause.
package ssvc

import (
	"fmt"
	"slices"
	"strings"
)

// The decision points, with values named as on the command line. CERT/CC's tables write
// them with spaces ("public poc"); Parse accepts both.
type (
	Exploitation  string // none, public-poc, active
	Exposure      string // small, controlled, open
	Automatable   string // no, yes
	SafetyImpact  string // negligible, marginal, critical, catastrophic
	MissionImpact string // degraded, mef-support-crippled, mef-failure, mission-failure
	HumanImpact   string // low, medium, high, very-high
	Priority      string // defer, scheduled, out-of-cycle, immediate
)

const (
	ExploitationNone Exploitation = "none"
	PublicPoC        Exploitation = "public-poc"
	Active           Exploitation = "active"

	Small      Exposure = "small"
	Controlled Exposure = "controlled"
	Open       Exposure = "open"

	AutomatableNo  Automatable = "no"
	AutomatableYes Automatable = "yes"

	Negligible   SafetyImpact = "negligible"
	Marginal     SafetyImpact = "marginal"
	Critical     SafetyImpact = "critical"
	Catastrophic SafetyImpact = "catastrophic"

	Degraded           MissionImpact = "degraded"
	MEFSupportCrippled MissionImpact = "mef-support-crippled"
	MEFFailure         MissionImpact = "mef-failure"
	MissionFailure     MissionImpact = "mission-failure"

	Low      HumanImpact = "low"
	Medium   HumanImpact = "medium"
	High     HumanImpact = "high"
	VeryHigh HumanImpact = "very-high"

	Defer      Priority = "defer"
	Scheduled  Priority = "scheduled"
	OutOfCycle Priority = "out-of-cycle"
	Immediate  Priority = "immediate"
)

// The values of each decision point, in the tables' order (least to most).
var (
	Exploitations  = []Exploitation{ExploitationNone, PublicPoC, Active}
	Exposures      = []Exposure{Small, Controlled, Open}
	Automatables   = []Automatable{AutomatableNo, AutomatableYes}
	SafetyImpacts  = []SafetyImpact{Negligible, Marginal, Critical, Catastrophic}
	MissionImpacts = []MissionImpact{Degraded, MEFSupportCrippled, MEFFailure, MissionFailure}
	HumanImpacts   = []HumanImpact{Low, Medium, High, VeryHigh}
	Priorities     = []Priority{Defer, Scheduled, OutOfCycle, Immediate}
)

// Parse reads a decision point's value as the command line or CERT/CC's tables write it.
// what names the point in the error ("exploitation").
func Parse[T ~string](what string, values []T, s string) (T, error) {
	v := T(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	if slices.Contains(values, v) {
		return v, nil
	}
	names := make([]string, len(values))
	for i, x := range values {
		names[i] = string(x)
	}
	return "", fmt.Errorf("unknown %s %q; use %s", what, s, strings.Join(names, ", "))
}

// Rank is the position of v among values, from 0; -1 when it is not one.
func Rank[T comparable](values []T, v T) int { return slices.Index(values, v) }

// Inputs are the decision points for one vulnerability on one system.
type Inputs struct {
	Exploitation Exploitation  `json:"exploitation"`
	Exposure     Exposure      `json:"exposure"`
	Automatable  Automatable   `json:"automatable"`
	Safety       SafetyImpact  `json:"safety_impact"`
	Mission      MissionImpact `json:"mission_impact"`
	// Assumed names the inputs that were not known and took a default, such as
	// "automatable"; a person should check them.
	Assumed []string `json:"assumed,omitempty"`
	// Why says in plain words where each input came from.
	Why *Reasons `json:"why,omitempty"`
}

// Reasons say where each input of a decision came from, in plain words.
type Reasons struct {
	Exploitation string `json:"exploitation,omitempty"`
	Exposure     string `json:"exposure,omitempty"`
	Automatable  string `json:"automatable,omitempty"`
	Safety       string `json:"safety_impact,omitempty"`
	Mission      string `json:"mission_impact,omitempty"`
}

// Decision is the SSVC outcome and everything it was decided from.
type Decision struct {
	Priority    Priority    `json:"priority"`
	HumanImpact HumanImpact `json:"human_impact"`
	Inputs      Inputs      `json:"inputs"`
}

// Decide looks the inputs up in the human-impact table and then the deployer table.
func Decide(in Inputs) (Decision, error) {
	t, err := loadTables()
	if err != nil {
		return Decision{}, err
	}
	hi, err := t.human(in.Safety, in.Mission)
	if err != nil {
		return Decision{}, err
	}
	p, err := t.deployer(in.Exploitation, in.Exposure, in.Automatable, hi)
	if err != nil {
		return Decision{}, err
	}
	return Decision{Priority: p, HumanImpact: hi, Inputs: in}, nil
}

// Human looks Human Impact up in CERT/CC's human-impact table.
func Human(s SafetyImpact, m MissionImpact) (HumanImpact, error) {
	t, err := loadTables()
	if err != nil {
		return "", err
	}
	return t.human(s, m)
}

// Deployer looks the priority up in CERT/CC's deployer table.
func Deployer(e Exploitation, x Exposure, a Automatable, h HumanImpact) (Priority, error) {
	t, err := loadTables()
	if err != nil {
		return "", err
	}
	return t.deployer(e, x, a, h)
}

// Label is the priority as people read it: "Out-of-cycle".
func (p Priority) Label() string {
	switch p {
	case OutOfCycle:
		return "Out-of-cycle"
	case "":
		return ""
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}
