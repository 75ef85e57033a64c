// Package org holds the organisations Vigil serves — trusts, practices, the
// national centre — and their sites, teams and people.
package org

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Type is the kind of health or care organisation.
type Type string

const (
	AcuteTrust     Type = "acute-trust"
	MentalHealth   Type = "mental-health"
	Community      Type = "community"
	Ambulance      Type = "ambulance"
	GPPractice     Type = "gp-practice"
	ICB            Type = "icb"
	NationalCentre Type = "national-centre"
)

// Types lists every organisation type.
var Types = []Type{AcuteTrust, MentalHealth, Community, Ambulance, GPPractice, ICB, NationalCentre}

// Label is the type as people say it.
func (t Type) Label() string {
	switch t {
	case AcuteTrust:
		return "Acute trust"
	case MentalHealth:
		return "Mental health trust"
	case Community:
		return "Community services"
	case Ambulance:
		return "Ambulance service"
	case GPPractice:
		return "GP practice"
	case ICB:
		return "Integrated care board"
	case NationalCentre:
		return "National cyber security centre"
	}
	return string(t)
}

// ParseType checks an organisation type.
func ParseType(s string) (Type, error) {
	t := Type(strings.TrimSpace(s))
	if slices.Contains(Types, t) {
		return t, nil
	}
	return "", fmt.Errorf("unknown organisation type %q", s)
}

// JobRole is what someone does, which decides the lessons they get.
type JobRole string

const (
	NurseMidwife      JobRole = "nurse-midwife"
	Doctor            JobRole = "doctor"
	AHP               JobRole = "ahp" // allied health professional
	Pharmacy          JobRole = "pharmacy"
	AdminClerical     JobRole = "admin-clerical"
	EstatesFacilities JobRole = "estates-facilities"
	ITDigital         JobRole = "it-digital"
	ManagerBoard      JobRole = "manager-board"
)

// JobRoles lists every job role.
var JobRoles = []JobRole{NurseMidwife, Doctor, AHP, Pharmacy, AdminClerical, EstatesFacilities, ITDigital, ManagerBoard}

// Label is the job role as people say it.
func (j JobRole) Label() string {
	switch j {
	case NurseMidwife:
		return "Nurse or midwife"
	case Doctor:
		return "Doctor"
	case AHP:
		return "Allied health professional"
	case Pharmacy:
		return "Pharmacy"
	case AdminClerical:
		return "Admin and clerical"
	case EstatesFacilities:
		return "Estates and facilities"
	case ITDigital:
		return "IT and digital"
	case ManagerBoard:
		return "Manager or board member"
	}
	return string(j)
}

// ParseJobRole checks a job role.
func ParseJobRole(s string) (JobRole, error) {
	j := JobRole(strings.TrimSpace(strings.ToLower(s)))
	if slices.Contains(JobRoles, j) {
		return j, nil
	}
	names := make([]string, len(JobRoles))
	for i, r := range JobRoles {
		names[i] = string(r)
	}
	return "", fmt.Errorf("unknown job role %q (want one of %s)", s, strings.Join(names, ", "))
}

// Organisation is a tenant of Vigil, known by its ODS code.
type Organisation struct {
	ID        string
	Code      string // ODS code, e.g. RXX or Y01234
	Name      string
	Type      Type
	Settings  Settings
	CreatedAt time.Time
}

// Ref identifies the organisation in a scope.
func (o Organisation) Ref() vigil.Org {
	return vigil.Org{ID: o.ID, Code: o.Code, Name: o.Name, Type: string(o.Type)}
}

// System is the scope for Vigil's own work in the organisation — the command
// line, background jobs, seeding — with every role the organisation's type
// allows. purpose names the work in the audit trail.
func (o Organisation) System(purpose string) vigil.Scope {
	roles := []vigil.Role{vigil.Staff, vigil.OrgAdmin, vigil.SecurityAnalyst, vigil.ClinicalSafetyOfficer}
	if o.Type == NationalCentre {
		roles = append(roles, vigil.CentralAnalyst)
	}
	return vigil.SystemScope(o.Ref(), purpose, roles)
}

// Settings are an organisation's own details that staff-facing pages use.
type Settings struct {
	ServiceDeskPhone   string   `json:"service_desk_phone,omitempty"`
	ServiceDeskEmail   string   `json:"service_desk_email,omitempty"`
	EmailDomains       []string `json:"email_domains,omitempty"` // the organisation's own mail domains, e.g. nhs.net
	AnonymousReporting bool     `json:"anonymous_reporting,omitempty"`
	// BoundaryServers name the organisation's own mail servers as they sign
	// their Authentication-Results headers (e.g. mx.nhs.net), so that only
	// their sender checks are believed; "microsoft-365" for Microsoft 365,
	// whose headers carry no name.
	BoundaryServers []string `json:"boundary_servers,omitempty"`
	// SharedModel judges reported e-mail also by what the national centre's
	// analysts decided, not only the organisation's own.
	SharedModel bool `json:"shared_model,omitempty"`
}

// Site is a hospital, clinic or building.
type Site struct {
	ID    string
	OrgID string
	Name  string
}

// Team is a ward, department or practice team.
type Team struct {
	ID       string
	OrgID    string
	SiteID   string
	SiteName string
	Name     string
	Kind     string // ward, department, practice, …
	Members  int
}

// User is a member of staff.
type User struct {
	ID        string
	OrgID     string
	TeamID    string
	TeamName  string
	Email     string
	Name      string
	JobRole   JobRole
	Roles     []vigil.Role
	Disabled  bool
	CreatedAt time.Time
}
