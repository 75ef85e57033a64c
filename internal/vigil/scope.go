package vigil

import "slices"

// Org identifies the organisation a scope acts in.
type Org struct {
	ID   string
	Code string // ODS code
	Name string
	Type string // an org.Type
}

// Scope is who is asking and what they may see: every store query is limited
// by one. Web and API requests get theirs from a session or a token (package
// auth); Vigil's own work (the command line, background jobs, seeding) gets a
// system scope from the organisation it acts in (org.Organisation.System).
type Scope struct {
	OrgID   string
	OrgCode string
	OrgName string
	OrgType string
	UserID  string // set for a signed-in person
	Name    string // the person's name, the token's, or what Vigil is doing
	Email   string
	TokenID string // set for an API token
	// ForUserID is, for an API token, the person who made it: the token acts
	// for them and can never do more than they can now.
	ForUserID string
	Roles     []Role
	system    bool
	perms     []Permission
}

// PersonScope is a signed-in person holding roles.
func PersonScope(o Org, userID, name, email string, roles []Role) Scope {
	sc := scopeIn(o)
	sc.UserID, sc.Name, sc.Email, sc.Roles, sc.perms = userID, name, email, roles, PermissionsOf(roles)
	return sc
}

// TokenScope is an API token allowed perms, made by the person forUserID
// ("" when made from the command line).
func TokenScope(o Org, tokenID, name, forUserID string, perms []Permission) Scope {
	sc := scopeIn(o)
	sc.TokenID, sc.Name, sc.ForUserID, sc.perms = tokenID, name, forUserID, slices.Clone(perms)
	return sc
}

// Within is the scope with only the permissions other also holds.
func (s Scope) Within(other Scope) Scope {
	var kept []Permission
	for _, p := range s.perms {
		if other.Can(p) {
			kept = append(kept, p)
		}
	}
	s.perms = kept
	return s
}

// Person is the person the scope acts for: who signed in, or who made the
// API token; "" for Vigil's own work.
func (s Scope) Person() string {
	if s.UserID != "" {
		return s.UserID
	}
	return s.ForUserID
}

// SystemScope is Vigil itself acting in one organisation with roles; purpose
// names the work in the audit trail ("command line", "Reporting mailbox").
// Use org.Organisation.System, which chooses the roles the organisation's type allows.
func SystemScope(o Org, purpose string, roles []Role) Scope {
	sc := scopeIn(o)
	sc.Name, sc.Roles, sc.perms, sc.system = purpose, roles, PermissionsOf(roles), true
	return sc
}

func scopeIn(o Org) Scope {
	return Scope{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, OrgType: o.Type}
}

// Org is the organisation the scope acts in.
func (s Scope) Org() Org { return Org{ID: s.OrgID, Code: s.OrgCode, Name: s.OrgName, Type: s.OrgType} }

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
	return &Error{Code: Forbidden, Message: "You do not have permission to " + p.Action() + ".", Err: errMissing(p)}
}

// Exceeds returns a permission that perms hold and the scope does not, if
// any: nobody may give a role, or take over a person, that can do what they
// cannot do themselves.
func (s Scope) Exceeds(perms []Permission) (Permission, bool) {
	for _, p := range perms {
		if !s.Can(p) {
			return p, true
		}
	}
	return "", false
}

// Actor is who the audit trail records for a change.
type Actor struct {
	OrgID string // the organisation whose data changed
	ID    string // user or token id; "system" for Vigil itself
	Label string // how people will recognise the actor
}

// SystemActor is Vigil acting on its own in an organisation: a background job with no one to thank or blame.
func SystemActor(orgID string) Actor { return Actor{OrgID: orgID, ID: "system", Label: "Vigil"} }

// Actor is the scope as the audit trail records it.
func (s Scope) Actor() Actor {
	switch {
	case s.TokenID != "":
		return Actor{OrgID: s.OrgID, ID: s.TokenID, Label: "API token " + s.Name}
	case s.system:
		return Actor{OrgID: s.OrgID, ID: "system", Label: s.Name}
	}
	return Actor{OrgID: s.OrgID, ID: s.UserID, Label: s.Name}
}
