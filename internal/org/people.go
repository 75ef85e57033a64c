package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// What other packages ask about people. Package org is the one owner of the
// people tables: sign-in (package auth), reports and every later capability
// ask here rather than reading users, teams or roles themselves.

// NormaliseEmail lower-cases and trims an address: people type it every way.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Account is what signing in needs to know of a person. Passwords and
// identity-provider links are kept by package auth.
type Account struct {
	UserID   string
	OrgID    string
	Email    string
	Disabled bool
}

var errNoAccount = vigil.Errorf(vigil.NotFound, "There is no account with that email address.")

// AccountByEmail finds the account with an address, in any organisation:
// sign-in happens before anyone has a scope.
func (s *Store) AccountByEmail(ctx context.Context, email string) (Account, error) {
	a := Account{Email: NormaliseEmail(email)}
	err := s.db.QueryRow(ctx, `SELECT id, org_id, disabled FROM users WHERE email = $1`, a.Email).Scan(&a.UserID, &a.OrgID, &a.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, errNoAccount
	}
	if err != nil {
		return Account{}, fmt.Errorf("look up %s: %w", a.Email, err)
	}
	return a, nil
}

// Account returns the account of one person, in any organisation.
func (s *Store) Account(ctx context.Context, userID string) (Account, error) {
	a := Account{UserID: userID}
	err := s.db.QueryRow(ctx, `SELECT org_id, email, disabled FROM users WHERE id = $1`, userID).Scan(&a.OrgID, &a.Email, &a.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, errNoAccount
	}
	if err != nil {
		return Account{}, fmt.Errorf("look up person %s: %w", userID, err)
	}
	return a, nil
}

// ScopeOf is the scope a person has when signed in: their organisation and
// roles as they are now. A disabled person, or no such person, is NotFound.
func (s *Store) ScopeOf(ctx context.Context, userID string) (vigil.Scope, error) {
	// One query, a row per role: every signed-in request asks this.
	rows, err := s.db.Query(ctx, `SELECT u.name, u.email, u.disabled, o.id, o.code, o.name, o.type, COALESCE(r.role, '')
		FROM users u JOIN organisations o ON o.id = u.org_id
		LEFT JOIN user_roles r ON r.user_id = u.id AND r.org_id = u.org_id
		WHERE u.id = $1 ORDER BY r.role`, userID)
	if err != nil {
		return vigil.Scope{}, fmt.Errorf("load person %s: %w", userID, err)
	}
	defer rows.Close()
	var o vigil.Org
	var name, email string
	var disabled, found bool
	var roles []vigil.Role
	for rows.Next() {
		var role vigil.Role
		if err := rows.Scan(&name, &email, &disabled, &o.ID, &o.Code, &o.Name, &o.Type, &role); err != nil {
			return vigil.Scope{}, fmt.Errorf("load person %s: %w", userID, err)
		}
		found = true
		if role != "" {
			roles = append(roles, role)
		}
	}
	if err := rows.Err(); err != nil {
		return vigil.Scope{}, fmt.Errorf("load person %s: %w", userID, err)
	}
	if !found || disabled {
		return vigil.Scope{}, errNoAccount
	}
	return vigil.PersonScope(o, userID, name, email, roles), nil
}

func rolesOf(ctx context.Context, q store.Querier, userID, orgID string) ([]vigil.Role, error) {
	rows, err := q.Query(ctx, `SELECT role FROM user_roles WHERE user_id = $1 AND org_id = $2 ORDER BY role`, userID, orgID)
	if err != nil {
		return nil, fmt.Errorf("load roles: %w", err)
	}
	defer rows.Close()
	var roles []vigil.Role
	for rows.Next() {
		var r vigil.Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, rows.Err()
}

// OrgRef identifies an organisation by id, for scopes built outside a
// request (an API token's, a background job's).
func (s *Store) OrgRef(ctx context.Context, orgID string) (vigil.Org, error) {
	var o vigil.Org
	err := s.db.QueryRow(ctx, `SELECT id, code, name, type FROM organisations WHERE id = $1`, orgID).Scan(&o.ID, &o.Code, &o.Name, &o.Type)
	if errors.Is(err, sql.ErrNoRows) {
		return vigil.Org{}, errNoOrg
	}
	if err != nil {
		return vigil.Org{}, fmt.Errorf("look up organisation %s: %w", orgID, err)
	}
	return o, nil
}

// Contact is how to reach a person, for feedback and for naming reporters.
type Contact struct {
	Name     string
	Email    string
	Disabled bool
}

// Contacts returns the people of the scope's organisation among ids, keyed
// by id; ids of anyone else are left out.
func (s *Store) Contacts(ctx context.Context, scope vigil.Scope, ids []string) (map[string]Contact, error) {
	out := make(map[string]Contact, len(ids))
	for chunk := range chunks(ids, 500) {
		args := []any{scope.OrgID}
		var marks []string
		for _, id := range chunk {
			args = append(args, id)
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
		}
		rows, err := s.db.Query(ctx, `SELECT id, name, email, disabled FROM users WHERE org_id = $1 AND id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("look up people: %w", err)
		}
		for rows.Next() {
			var id string
			var c Contact
			if err := rows.Scan(&id, &c.Name, &c.Email, &c.Disabled); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = c
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func chunks(ids []string, size int) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		seen := map[string]bool{}
		var chunk []string
		for _, id := range ids {
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			if chunk = append(chunk, id); len(chunk) == size {
				if !yield(chunk) {
					return
				}
				chunk = nil
			}
		}
		if len(chunk) > 0 {
			yield(chunk)
		}
	}
}

// ActivePersonByEmail is the id and name of the person in the scope's
// organisation with an address, or "" when there is none or they are disabled.
func (s *Store) ActivePersonByEmail(ctx context.Context, scope vigil.Scope, email string) (id, name string, err error) {
	email = NormaliseEmail(email)
	if email == "" {
		return "", "", nil
	}
	err = s.db.QueryRow(ctx, `SELECT id, name FROM users WHERE org_id = $1 AND email = $2 AND disabled = $3`, scope.OrgID, email, false).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("match %s to a person: %w", email, err)
	}
	return id, name, nil
}

// Roles are the roles a person of the scope's organisation holds now;
// anyone else is NotFound.
func (s *Store) Roles(ctx context.Context, scope vigil.Scope, userID string) ([]vigil.Role, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1 AND org_id = $2`, userID, scope.OrgID).Scan(&n); err != nil {
		return nil, fmt.Errorf("look up person %s: %w", userID, err)
	}
	if n == 0 {
		return nil, errNoUser
	}
	return rolesOf(ctx, s.db, userID, scope.OrgID)
}

// Holder is an active person who holds one of the roles asked about.
type Holder struct {
	ID, Name string
	Role     vigil.Role // the first of the roles asked about that the person holds
}

// Holders lists the active people of the scope's organisation who hold any
// of roles, by name: the Clinical Safety Officers who own hazards by
// default, say. A person holding several of the roles is listed once.
func (s *Store) Holders(ctx context.Context, scope vigil.Scope, roles ...vigil.Role) ([]Holder, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	args := []any{scope.OrgID, false}
	marks := make([]string, len(roles))
	for i, r := range roles {
		args = append(args, string(r))
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := s.db.Query(ctx, `SELECT u.id, u.name, r.role FROM users u JOIN user_roles r ON r.user_id = u.id AND r.org_id = u.org_id
		WHERE u.org_id = $1 AND u.disabled = $2 AND r.role IN (`+strings.Join(marks, ", ")+`) ORDER BY u.name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list people with roles: %w", err)
	}
	defer rows.Close()
	var out []Holder
	rank := func(r vigil.Role) int { return slices.Index(roles, r) }
	for rows.Next() {
		var h Holder
		if err := rows.Scan(&h.ID, &h.Name, &h.Role); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == h.ID {
			if rank(h.Role) < rank(out[n-1].Role) {
				out[n-1].Role = h.Role
			}
			continue
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
