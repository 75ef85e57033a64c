package vigil

import (
	"fmt"
	"slices"
	"strings"
)

// Role is a Vigil role a person holds in one organisation.
type Role string

const (
	Staff                 Role = "staff"
	Buddy                 Role = "buddy"
	SecurityAnalyst       Role = "security-analyst"
	ClinicalSafetyOfficer Role = "clinical-safety-officer"
	OrgAdmin              Role = "org-admin"
	CentralAnalyst        Role = "central-analyst" // national centre: reads across organisations
)

// Roles lists every role, least privileged first.
var Roles = []Role{Staff, Buddy, SecurityAnalyst, ClinicalSafetyOfficer, OrgAdmin, CentralAnalyst}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(strings.ToLower(s)))
	if slices.Contains(Roles, r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (want one of %s)", s, joinRoles())
}

func joinRoles() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// Label is the role's name as people say it.
func (r Role) Label() string {
	switch r {
	case Staff:
		return "Staff"
	case Buddy:
		return "IT buddy"
	case SecurityAnalyst:
		return "Security analyst"
	case ClinicalSafetyOfficer:
		return "Clinical Safety Officer"
	case OrgAdmin:
		return "Organisation administrator"
	case CentralAnalyst:
		return "National centre analyst"
	}
	return string(r)
}

// Permission is one thing a person or token may do.
type Permission string

const (
	ReadOrganisation Permission = "organisation:read"
	ReadPeople       Permission = "people:read"
	WritePeople      Permission = "people:write"
	ReadAudit        Permission = "audit:read"
	ManageTokens     Permission = "tokens:write"
	CreateReports    Permission = "reports:create"
	TriageReports    Permission = "reports:triage"
	ReadCareMap      Permission = "caremap:read"
	WriteCareMap     Permission = "caremap:write"
	WriteScenarios   Permission = "scenarios:write" // save, change, delete and re-run what-if scenarios
	ReadAcrossOrgs   Permission = "organisations:read-all"
	WarnAcrossOrgs   Permission = "organisations:warn-all" // judge lures several organisations reported, and warn their staff
	ReadHazards      Permission = "hazards:read"           // the hazard log, plan reviews and the safety case
	WriteHazards     Permission = "hazards:write"          // record hazards and propose plan reviews
	ApproveHazards   Permission = "hazards:approve"        // sign off; the person must also be a Clinical Safety Officer
	ReadAssessment   Permission = "assessment:read"
	WriteAssessment  Permission = "assessment:write"
	ReadBoard        Permission = "board:read"
	ReadTraining     Permission = "training:read"   // coverage of training against the needs analysis
	ManageTraining   Permission = "training:write"  // the needs analysis, the pass mark
	ReadAlerts       Permission = "alerts:read"     // security alerts, their sources and incidents
	WriteAlerts      Permission = "alerts:write"    // send alerts (a detection tool's token), triage them, set up sources
	WriteIncidents   Permission = "incidents:write" // open incidents and run them
	ReadVulns        Permission = "vulns:read"      // findings, advisories and inventories
	WriteVulns       Permission = "vulns:write"     // import advisories, upload inventories, decide findings
)

// Action says in words what the permission lets someone do, to finish the
// sentence "You do not have permission to …".
func (p Permission) Action() string {
	switch p {
	case ReadOrganisation:
		return "see your organisation's details"
	case ReadPeople:
		return "see the people in your organisation"
	case WritePeople:
		return "manage people and settings"
	case ReadAudit:
		return "read the audit trail"
	case ManageTokens:
		return "manage API tokens"
	case CreateReports:
		return "send reports"
	case TriageReports:
		return "triage reports"
	case ReadCareMap:
		return "see the care map"
	case WriteCareMap:
		return "change the care map"
	case WriteScenarios:
		return "save and run what-if scenarios"
	case ReadAcrossOrgs:
		return "see other organisations"
	case WarnAcrossOrgs:
		return "warn the staff of other organisations"
	case ReadHazards:
		return "see the hazard log"
	case WriteHazards:
		return "change the hazard log"
	case ApproveHazards:
		return "approve risk assessments, close hazards or decide plan reviews"
	case ReadAssessment:
		return "see the self-assessment"
	case WriteAssessment:
		return "answer the self-assessment"
	case ReadBoard:
		return "see the board dashboard"
	case ReadTraining:
		return "see who has done their training"
	case ManageTraining:
		return "change the training needs analysis"
	case ReadAlerts:
		return "see security alerts and incidents"
	case WriteAlerts:
		return "send or triage security alerts"
	case WriteIncidents:
		return "open and run incidents"
	case ReadVulns:
		return "see vulnerability findings"
	case WriteVulns:
		return "import advisories, upload inventories or decide findings"
	}
	return "do this"
}

// errMissing names the permission for the logs; people see Action.
func errMissing(p Permission) error { return fmt.Errorf("missing permission %s", p) }

// Permissions lists every permission, for token scopes and documentation.
var Permissions = []Permission{
	ReadOrganisation, ReadPeople, WritePeople, ReadAudit, ManageTokens,
	CreateReports, TriageReports, ReadCareMap, WriteCareMap, WriteScenarios, ReadAcrossOrgs,
	WarnAcrossOrgs,
	ReadHazards, WriteHazards, ApproveHazards, ReadAssessment, WriteAssessment, ReadBoard,
	ReadTraining, ManageTraining, ReadAlerts, WriteAlerts, WriteIncidents,
	ReadVulns, WriteVulns,
}

// ParsePermission checks a permission (token scope) name.
func ParsePermission(s string) (Permission, error) {
	p := Permission(strings.TrimSpace(s))
	if slices.Contains(Permissions, p) {
		return p, nil
	}
	names := make([]string, len(Permissions))
	for i, p := range Permissions {
		names[i] = string(p)
	}
	return "", fmt.Errorf("unknown scope %q (want one of %s)", s, strings.Join(names, ", "))
}

// rolePermissions is what each role allows. Everyone is also staff: an
// analyst can still report a suspicious e-mail.
var rolePermissions = map[Role][]Permission{
	Staff:                 {ReadOrganisation, CreateReports},
	Buddy:                 {ReadOrganisation, CreateReports, TriageReports, ReadPeople, ReadCareMap, ReadTraining},
	SecurityAnalyst:       {ReadOrganisation, CreateReports, TriageReports, ReadPeople, ReadCareMap, WriteScenarios, ReadHazards, WriteHazards, ReadAssessment, WriteAssessment, ReadBoard, ReadTraining, ReadAlerts, WriteAlerts, WriteIncidents, ReadVulns, WriteVulns},
	ClinicalSafetyOfficer: {ReadOrganisation, CreateReports, ReadCareMap, ReadPeople, WriteScenarios, ReadHazards, WriteHazards, ApproveHazards, ReadAssessment, WriteAssessment, ReadBoard, ReadTraining, ReadAlerts, ReadVulns},
	// An org admin holds everything in the organisation, so that they can
	// give any role in it: nobody may give what they do not hold (Scope.Exceeds).
	// ApproveHazards is among them for that reason only: signing off also
	// needs the Clinical Safety Officer role itself (package hazard checks it).
	OrgAdmin:       {ReadOrganisation, CreateReports, ReadPeople, WritePeople, ReadAudit, ManageTokens, ReadCareMap, WriteCareMap, WriteScenarios, TriageReports, ReadHazards, WriteHazards, ApproveHazards, ReadAssessment, WriteAssessment, ReadBoard, ReadTraining, ManageTraining, ReadAlerts, WriteAlerts, WriteIncidents, ReadVulns, WriteVulns},
	CentralAnalyst: {ReadOrganisation, CreateReports, TriageReports, ReadPeople, ReadCareMap, WriteScenarios, ReadAcrossOrgs, WarnAcrossOrgs, ReadHazards, ReadAssessment, ReadBoard, ReadTraining, ReadAlerts, ReadVulns, WriteVulns},
}

// Powers are what the roles let a person do beyond being staff, which every
// person is: what someone must hold themselves to give these roles, or to
// change or speak for a person who has them.
func Powers(roles []Role) []Permission {
	var out []Permission
	for _, p := range PermissionsOf(roles) {
		if !slices.Contains(rolePermissions[Staff], p) {
			out = append(out, p)
		}
	}
	return out
}

// PermissionsOf returns the union of the roles' permissions.
func PermissionsOf(roles []Role) []Permission {
	var out []Permission
	for _, r := range roles {
		for _, p := range rolePermissions[r] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
