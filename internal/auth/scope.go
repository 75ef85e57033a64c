package auth

import (
	"slices"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Scope is who is asking and what they may see: every store query is limited
// by one. It is built only by this package, from a session or a token.
type Scope struct {
	OrgID   string
	OrgCode string
	OrgName string
	OrgType string
	UserID  string // empty for an API token
	Name    string // the person's name, or the token's
	Email   string
	TokenID string // set when the caller is an API token
	Roles   []Role
	perms   []Permission
}

// Can reports whether the scope holds a permission.
func (s Scope) Can(p Permission) bool { return slices.Contains(s.perms, p) }

// Has reports whether the person holds a role.
func (s Scope) Has(r Role) bool { return slices.Contains(s.Roles, r) }

// Permissions returns what the scope allows.
func (s Scope) Permissions() []Permission { return slices.Clone(s.perms) }

// ReadsOrg reports whether the scope may read an organisation's data: its
// own always, any other only with the national centre's cross-organisation read.
func (s Scope) ReadsOrg(orgID string) bool {
	return orgID == s.OrgID || s.Can(ReadAcrossOrgs)
}

// Require returns a Forbidden error unless the scope holds p.
func (s Scope) Require(p Permission) error {
	if s.Can(p) {
		return nil
	}
	return vigil.Errorf(vigil.Forbidden, "You do not have permission to do this (%s).", p)
}

// Actor is the scope as the audit trail records it.
func (s Scope) Actor() audit.Actor {
	if s.TokenID != "" {
		return audit.Actor{OrgID: s.OrgID, ID: s.TokenID, Label: "API token " + s.Name}
	}
	return audit.Actor{OrgID: s.OrgID, ID: s.UserID, Label: s.Name}
}

// NewScope builds a scope for trusted in-process callers: the command line,
// seeding and tests. Web and API requests get theirs from a session or token.
func NewScope(orgID, orgCode, orgType, userID, name string, roles []Role) Scope {
	return Scope{OrgID: orgID, OrgCode: orgCode, OrgType: orgType, UserID: userID, Name: name, Roles: roles, perms: PermissionsOf(roles)}
}
