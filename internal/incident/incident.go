// Package incident runs security incidents as clinical events: each carries
// the security response (status, owner, timeline, tasks) and the clinical
// continuity plan worked out from the care map when it was opened: the
// services at risk, how long their downtime procedures keep patients safe,
// what to do, and whom to tell.
package incident

import (
	"time"

	"github.com/vigil-health/vigil/internal/alert"
)

// Status is where an incident stands.
type Status string

const (
	Investigating Status = "investigating" // opened; not yet known to be real
	Contained     Status = "contained"     // real, and the attacker or fault is held
	Resolved      Status = "resolved"      // services are back
	Closed        Status = "closed"        // reviewed and finished
	FalseAlarm    Status = "false-alarm"   // not an incident after all
)

// Statuses lists every status in the order an incident moves through them.
var Statuses = []Status{Investigating, Contained, Resolved, Closed, FalseAlarm}

// Label is the status in words.
func (s Status) Label() string {
	switch s {
	case Investigating:
		return "Investigating"
	case Contained:
		return "Contained"
	case Resolved:
		return "Resolved"
	case Closed:
		return "Closed"
	case FalseAlarm:
		return "False alarm"
	}
	return string(s)
}

// Ended reports whether the incident needs no more work.
func (s Status) Ended() bool { return s == Closed || s == FalseAlarm }

// Confirmed reports whether the incident is known to have happened.
func (s Status) Confirmed() bool { return s == Contained || s == Resolved || s == Closed }

// Incident is one incident.
type Incident struct {
	ID         string
	OrgID      string
	Ref        int // INC-001 within the organisation
	Title      string
	Playbook   string
	Status     Status
	Severity   alert.Severity
	OwnerID    string
	OwnerName  string
	AssetIDs   []string
	Continuity Continuity
	NextUpdate time.Time // when clinical teams will next hear; zero when none is promised
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ClosedAt   time.Time
}

// Code is how people refer to the incident.
func (i Incident) Code() string { return codeOf(i.Ref) }

// Continuity is the clinical side of an incident: what is at risk and what to do.
type Continuity struct {
	// Assumed says how the assets were assumed hit ("unavailable for 14 days").
	Assumed  string
	Services []ServiceAtRisk
	// Tell are the people to tell beyond each service's clinical lead: the
	// organisation's Clinical Safety Officers.
	Tell []string
	// NoMap is set when the organisation had no care map to work from.
	NoMap bool
}

// ServiceAtRisk is one clinical service the incident threatens.
type ServiceAtRisk struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	State            string `json:"state"` // lost, degraded, untrustworthy, exposed
	Risk             int    `json:"risk"`  // DCB risk level 1–5
	PatientsAffected int64  `json:"patients_affected"`
	// SafeFor is how long the downtime procedure keeps patients safe, in
	// words; empty when the service has none, so harm can start at once.
	SafeFor   string `json:"safe_for,omitempty"`
	Procedure string `json:"procedure,omitempty"`
}

// Event is one entry of an incident's timeline.
type Event struct {
	At      time.Time
	Actor   string
	Kind    EventKind
	Summary string
}

// EventKind is what sort of entry an event is.
type EventKind string

const (
	Opened      EventKind = "opened"
	AlertLinked EventKind = "alerts"
	Note        EventKind = "note"
	Action      EventKind = "action"
	StatusSet   EventKind = "status"
	TaskDone    EventKind = "task"
	LinkAdded   EventKind = "link"   // a report or finding linked
	Reviewed    EventKind = "review" // the post-incident review written, signed off or acted on
)

// Side says whose step a task is.
type Side string

const (
	Security Side = "security"
	Clinical Side = "clinical"
)

// Task is one step of the response.
type Task struct {
	ID       string
	Position int
	Side     Side
	Summary  string
	DoneAt   time.Time
	DoneBy   string
}

// Done reports whether the task is done.
func (t Task) Done() bool { return !t.DoneAt.IsZero() }
