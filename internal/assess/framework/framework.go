// Package framework reads self-assessment frameworks, such as Vigil's
// CAF-aligned one: objectives, principles under them, and contributing
// outcomes under those, each answered Not achieved, Partially achieved or
// Achieved. Vigil can offer evidence it already holds for some outcomes
// (training coverage, the care map, incidents); each outcome names those
// as evidence hints.
//
// The file format is described in content/README.md.
package framework

import (
	"fmt"
	"slices"
	"strings"
)

// Framework is one self-assessment framework.
type Framework struct {
	ID         string      `yaml:"id"`
	Title      string      `yaml:"title"`
	Version    string      `yaml:"version"`
	BasedOn    string      `yaml:"based_on"` // where the structure comes from, and whose words these are
	Objectives []Objective `yaml:"objectives"`
	File       string      `yaml:"-"`
}

// Objective is the top level, such as "A: Managing security risk".
type Objective struct {
	ID         string      `yaml:"id"`
	Title      string      `yaml:"title"`
	Summary    string      `yaml:"summary"`
	Principles []Principle `yaml:"principles"`
}

// Principle groups outcomes, such as "A1: Governance".
type Principle struct {
	ID       string    `yaml:"id"`
	Title    string    `yaml:"title"`
	Summary  string    `yaml:"summary"`
	Outcomes []Outcome `yaml:"outcomes"`
}

// Outcome is what an organisation answers, such as "B6.a: Cyber security culture".
type Outcome struct {
	ID            string     `yaml:"id"`
	Title         string     `yaml:"title"`
	Summary       string     `yaml:"summary"` // one line, plain English
	Good          string     `yaml:"good"`    // what good looks like, briefly
	Answers       []Status   `yaml:"answers"` // the answers this outcome allows; empty means all three
	EvidenceHints []Evidence `yaml:"evidence_hints"`
}

// Allows says whether an answer may be given to the outcome. Some outcomes
// have no partial state: something either is in place or it is not.
func (o Outcome) Allows(s Status) bool {
	if len(o.Answers) == 0 {
		return slices.Contains(Statuses, s)
	}
	return slices.Contains(o.Answers, s)
}

// Outcomes lists every outcome in the framework's order.
func (f Framework) Outcomes() []Outcome {
	var out []Outcome
	for _, obj := range f.Objectives {
		for _, p := range obj.Principles {
			out = append(out, p.Outcomes...)
		}
	}
	return out
}

// Outcome finds an outcome by id.
func (f Framework) Outcome(id string) (Outcome, bool) {
	all := f.Outcomes()
	i := slices.IndexFunc(all, func(o Outcome) bool { return o.ID == id })
	if i < 0 {
		return Outcome{}, false
	}
	return all[i], true
}

// Status is the answer to an outcome.
type Status string

const (
	NotAchieved       Status = "not-achieved"
	PartiallyAchieved Status = "partially-achieved"
	Achieved          Status = "achieved"
)

// Statuses lists the answers from worst to best.
var Statuses = []Status{NotAchieved, PartiallyAchieved, Achieved}

// Label is the answer as people read it.
func (s Status) Label() string {
	switch s {
	case NotAchieved:
		return "Not achieved"
	case PartiallyAchieved:
		return "Partially achieved"
	case Achieved:
		return "Achieved"
	}
	return string(s)
}

// ParseStatus checks an answer, written as its code or its label.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range Statuses {
		if t == string(st) || t == strings.ToLower(st.Label()) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown answer %q (want Not achieved, Partially achieved or Achieved)", s)
}

// Evidence names something Vigil holds that can help answer an outcome.
type Evidence string

const (
	TrainingCoverage   Evidence = "training_coverage"   // who has done their required lessons
	ReportingCulture   Evidence = "reporting_culture"   // reports made, how fast, feedback given
	BuddyCoverage      Evidence = "buddy_coverage"      // clinical teams with a named IT buddy
	CareMap            Evidence = "care_map"            // services, assets and what depends on what
	Suppliers          Evidence = "suppliers"           // suppliers in the care map and what rests on them
	DowntimeProcedures Evidence = "downtime_procedures" // each service's downtime procedure and safe time
	Vulnerabilities    Evidence = "vulnerabilities"     // findings ranked by clinical risk, and their age
	MonitoringSources  Evidence = "monitoring_sources"  // where alerts come from, and which assets they cover
	AlertTriage        Evidence = "alert_triage"        // how alerts are handled and how fast
	Playbooks          Evidence = "playbooks"           // incident playbooks with their clinical steps
	Incidents          Evidence = "incidents"           // incidents, their timelines and lessons learned
	HazardLog          Evidence = "hazard_log"          // the cyber hazard log and safety reviews
)

// Evidences lists every evidence hint a framework may name.
var Evidences = []Evidence{TrainingCoverage, ReportingCulture, BuddyCoverage, CareMap, Suppliers,
	DowntimeProcedures, Vulnerabilities, MonitoringSources, AlertTriage, Playbooks, Incidents, HazardLog}
