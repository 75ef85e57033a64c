package monitor

import (
	"time"

	"github.com/vigil-health/vigil/internal/alert"
)

// Status is where an alert stands with the analysts.
type Status string

const (
	Untriaged  Status = "new"       // nobody has looked at it yet
	Triaged    Status = "triaged"   // an analyst has looked and is watching it
	Dismissed  Status = "dismissed" // judged harmless or a false alarm
	InIncident Status = "incident"  // part of an incident
)

// Statuses lists every status.
var Statuses = []Status{Untriaged, Triaged, Dismissed, InIncident}

// Alert is a stored alert, with what Vigil learned about it on arrival.
type Alert struct {
	alert.Alert
	ID       string
	OrgID    string
	SourceID string
	// AssetID is the care-map asset the alert names, "" when none matched;
	// MatchedBy says how ("hostname epr-app-01").
	AssetID   string
	MatchedBy string
	// ClinicalRisk is the worst DCB risk level (1–5) losing or corrupting the
	// asset for a day would cause, 0 when it harms no service or is unknown.
	ClinicalRisk int
	Priority     int
	GroupKey     string
	Status       Status
	TriagedAt    time.Time
	TriagedBy    string
	IncidentID   string
}

// Matched reports whether the alert was tied to a care-map asset.
func (a Alert) Matched() bool { return a.AssetID != "" }

// Priority weighs a source's severity by the clinical risk of the asset it
// names: severity (1 info … 5 critical) times a clinical weight, which is the
// asset's DCB risk level (1–5), 1 for an asset whose loss harms no service,
// and 2 for an alert matched to no asset (what Vigil cannot place may still
// matter). So a medium alert on the pathology system (3 × 5 = 15) outranks a
// high one on a print server (4 × 1 = 4). The highest is 25.
func Priority(sev alert.Severity, matched bool, clinicalRisk int) int {
	weight := 2
	if matched {
		weight = max(clinicalRisk, 1)
	}
	return int(sev) * weight
}

// Band names a priority in words for a list on a phone.
func Band(priority int) string {
	switch {
	case priority >= patientRisk:
		return "Patients at risk"
	case priority >= 8:
		return "High"
	case priority >= 4:
		return "Medium"
	}
	return "Low"
}

// Source is one sender of alerts: a detection tool's API token, or a syslog listener.
type Source struct {
	ID   string
	Name string
	// Expected is how often the source should send at least one alert; zero
	// means it is not watched for silence.
	Expected    time.Duration
	LastSeen    time.Time // zero if it never sent
	SilentSince time.Time // when Vigil raised its silence alert; zero while it speaks
	Total       int64
	CreatedAt   time.Time
}

// Silent reports whether the source has said nothing for longer than expected at now.
func (s Source) Silent(now time.Time) bool {
	if s.Expected <= 0 {
		return false
	}
	last := s.LastSeen
	if last.IsZero() {
		last = s.CreatedAt
	}
	return now.Sub(last) > s.Expected
}
