// Package hazard keeps each organisation's cyber hazard log in the words of
// DCB0129 and DCB0160: hazards with their causes, effects and harm, scored
// by consequence and likelihood on the standard's risk matrix before and
// after further controls, owned, reviewed and signed off by a Clinical
// Safety Officer. It links hazards to the services, assets and suppliers of
// the care map, and to findings and incidents by typed reference, so a
// hazard keeps its links even when the thing linked changes or goes.
//
// It also suggests hazards (from the care map's critical assets, urgent
// findings and confirmed incidents), reviews security plans that cause
// downtime, and writes the organisation's Clinical Safety Case Report.
//
// Only a person holding the Clinical Safety Officer role may approve a risk
// assessment, close a hazard, dismiss a suggestion, decide a plan review or
// issue the safety case: those are personal sign-offs, so an API token or
// an administrator who is not a CSO cannot make them.
package hazard

import (
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Hazard is one entry of the hazard log.
type Hazard struct {
	ID  string
	Ref int // the log's own number, shown as H-001
	Details
	Status     Status
	StatusNote string   // to whom a hazard was transferred, or why it was closed
	Approval   Approval // zero while the current assessment awaits a CSO
	// SuggestionKey names the suggestion the hazard was accepted from, if any.
	SuggestionKey string
	Version       int // goes up with every change; a form sends back the one it showed
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Code is how people refer to the hazard: H-001.
func (h Hazard) Code() string { return Code(h.Ref) }

// Code writes a hazard number as people refer to it.
func Code(ref int) string { return fmt.Sprintf("H-%03d", ref) }

// Approved reports whether a CSO approved the hazard's current risk assessment.
func (h Hazard) Approved() bool { return !h.Approval.At.IsZero() }

// ReviewDue reports whether the hazard is past its review date at now.
func (h Hazard) ReviewDue(now time.Time) bool {
	return h.Status != Closed && !h.ReviewBy.IsZero() && h.ReviewBy.Before(now)
}

// Risk is the hazard's risk as it stands: the residual risk once it is
// assessed, otherwise the initial risk.
func (h Hazard) Risk() int {
	if r := h.Residual.Risk(); r > 0 {
		return r
	}
	return h.Initial.Risk()
}

// Details are what a person writes about a hazard.
type Details struct {
	Title       string
	Description string
	Causes      []string
	Effect      string // the effect on the care pathway
	Harm        string // the harm that could come to patients
	Type        Type
	Links       []Link
	// ExistingControls are what already keeps patients safe, such as a
	// downtime procedure.
	ExistingControls string
	Initial          Assessment // before further controls
	FurtherControls  []Control
	Residual         Assessment // once the further controls are in place; zero until assessed
	Owner            Person
	ReviewBy         time.Time // a date (midnight UTC); zero for none
}

// Person is someone named on a hazard, with their name as it was then.
type Person struct {
	ID   string
	Name string
}

// Approval is a CSO's sign-off of a risk assessment.
type Approval struct {
	ByID string
	By   string
	At   time.Time
}

// Assessment is a consequence and a likelihood; together they give a risk level.
type Assessment struct {
	Consequence caremap.Consequence
	Likelihood  caremap.Likelihood
}

// IsZero reports whether the assessment has not been made.
func (a Assessment) IsZero() bool { return a == Assessment{} }

// Risk is the DCB risk level 1–5 of the assessment; 0 when it is not made.
func (a Assessment) Risk() int { return Risk(a.Consequence, a.Likelihood) }

// Risk is the risk level of a consequence and a likelihood by the DCB0129
// and DCB0160 matrix (DESIGN.md §6): 1 and 2 acceptable, 3 undesirable, 4
// and 5 unacceptable; 0 when either is missing. The hazard log always uses
// the standard's matrix, even where a care map overrides it for impact
// analysis, so that every organisation's log reads the same.
func Risk(c caremap.Consequence, l caremap.Likelihood) int {
	return caremap.DefaultRiskModel().Risk(l, c)
}

// Type is what kind of harm a hazard leads to.
type Type string

// The hazard types.
const (
	NoAccess          Type = "no-access"
	WrongData         Type = "wrong-data"
	DelayedTreatment  Type = "delayed-treatment"
	WrongPatient      Type = "wrong-patient"
	DataBreach        Type = "data-breach"
	DeviceMalfunction Type = "device-malfunction"
)

// Types lists the hazard types in the order forms offer them.
var Types = []Type{NoAccess, WrongData, DelayedTreatment, WrongPatient, DataBreach, DeviceMalfunction}

// Label is the type in words.
func (t Type) Label() string {
	switch t {
	case NoAccess:
		return "No access to records or systems"
	case WrongData:
		return "Wrong or corrupted data"
	case DelayedTreatment:
		return "Delayed treatment"
	case WrongPatient:
		return "Wrong patient"
	case DataBreach:
		return "Data breach"
	case DeviceMalfunction:
		return "Medical device malfunction"
	}
	return string(t)
}

// Status is where a hazard is in its life.
type Status string

// The statuses.
const (
	Open        Status = "open"
	Transferred Status = "transferred" // to a supplier or another organisation, who now holds it
	Closed      Status = "closed"
)

// Statuses lists the statuses in order.
var Statuses = []Status{Open, Transferred, Closed}

// Label is the status in words.
func (s Status) Label() string {
	switch s {
	case Open:
		return "Open"
	case Transferred:
		return "Transferred"
	case Closed:
		return "Closed"
	}
	return string(s)
}

// Control is a further control: something to be done to bring the risk down.
type Control struct {
	Kind    ControlKind `json:"kind"`
	Text    string      `json:"text"`
	InPlace bool        `json:"in_place"` // done; until then it is an outstanding action
}

// ControlKind is how a further control works, in the standard's terms.
type ControlKind string

// The kinds of control.
const (
	DesignControl   ControlKind = "design"
	TestControl     ControlKind = "test"
	TrainingControl ControlKind = "training"
	ProcessControl  ControlKind = "business-process"
)

// ControlKinds lists the kinds in the order forms offer them.
var ControlKinds = []ControlKind{DesignControl, TestControl, TrainingControl, ProcessControl}

// Label is the kind in words.
func (k ControlKind) Label() string {
	switch k {
	case DesignControl:
		return "Design"
	case TestControl:
		return "Test"
	case TrainingControl:
		return "Training"
	case ProcessControl:
		return "Business process"
	}
	return string(k)
}

// Link is a typed reference from a hazard to what it concerns. The title is
// captured when the link is made, so a link still reads sensibly after the
// thing it names is renamed or removed, or before its capability exists.
type Link struct {
	Kind  LinkKind `json:"kind"`
	ID    string   `json:"id"`
	Title string   `json:"title"`
	// Path is the page of a finding or incident, as its capability gave it
	// when the link was made; care map links make theirs (see Href).
	Path string `json:"path,omitempty"`
}

// LinkKind says what a link names.
type LinkKind string

// The kinds of link.
const (
	LinkService  LinkKind = "service"
	LinkAsset    LinkKind = "asset"
	LinkSupplier LinkKind = "supplier"
	LinkFinding  LinkKind = "finding"
	LinkIncident LinkKind = "incident"
)

// LinkKinds lists every kind of link.
var LinkKinds = []LinkKind{LinkService, LinkAsset, LinkSupplier, LinkFinding, LinkIncident}

// Href is the page of the thing linked, where Vigil has one; "" when not.
func (l Link) Href() string {
	switch l.Kind {
	case LinkService:
		return "/caremap/services/" + l.ID
	case LinkAsset:
		return "/caremap/assets/" + l.ID
	case LinkSupplier:
		return "/caremap/suppliers/" + l.ID
	}
	return l.Path
}

// Label is the kind in words.
func (k LinkKind) Label() string {
	switch k {
	case LinkService:
		return "Clinical service"
	case LinkAsset:
		return "Asset"
	case LinkSupplier:
		return "Supplier"
	case LinkFinding:
		return "Vulnerability finding"
	case LinkIncident:
		return "Incident"
	}
	return string(k)
}

// Valid reports whether the kind is known.
func (k LinkKind) Valid() bool { return slices.Contains(LinkKinds, k) }

// requireSafetyOfficer refuses anyone but a Clinical Safety Officer: the
// permission alone is not enough, because an organisation administrator
// holds it only so that they can give the role.
func requireSafetyOfficer(scope vigil.Scope, what string) error {
	if err := scope.Require(vigil.ApproveHazards); err != nil {
		return err
	}
	if !scope.Has(vigil.ClinicalSafetyOfficer) {
		return &vigil.Error{Code: vigil.Forbidden, Message: "Only a Clinical Safety Officer can " + what + ".",
			Err: fmt.Errorf("%s needs the %s role", what, vigil.ClinicalSafetyOfficer)}
	}
	return nil
}
