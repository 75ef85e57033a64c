package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// PersonDetails is what an admin enters or a CSV row holds for one person.
// Passwords are package auth's: see auth.Service.AddPerson.
type PersonDetails struct {
	Email    string
	Name     string
	JobRole  string
	TeamID   string
	Roles    []string
	Disabled bool
}

// checked is a person's details after validation.
type checked struct {
	email, name string
	jobRole     JobRole
	teamID      any // nil or a team id
	roles       []vigil.Role
}

// check validates details, returning every problem keyed by field.
func (s *Store) check(ctx context.Context, q store.Querier, orgID string, d PersonDetails) (checked, map[string]string, error) {
	problems := map[string]string{}
	c := checked{email: NormaliseEmail(d.Email), name: strings.TrimSpace(d.Name)}
	if !validEmail(c.email) {
		problems["email"] = "Enter an email address in the right format, like name@nhs.net."
	}
	if c.name == "" || utf8.RuneCountInString(c.name) > 120 {
		problems["name"] = "Enter the person's full name (up to 120 characters)."
	}
	jr, err := ParseJobRole(d.JobRole)
	switch {
	case strings.TrimSpace(d.JobRole) == "":
		problems["job_role"] = "Select a job role"
	case err != nil:
		problems["job_role"] = "Select a job role from the list: " + err.Error()
	}
	c.jobRole = jr
	if d.TeamID != "" {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM teams WHERE id = $1 AND org_id = $2`, d.TeamID, orgID).Scan(&n); err != nil {
			return c, nil, fmt.Errorf("check team: %w", err)
		}
		if n == 0 {
			problems["team"] = "Choose one of your organisation's teams."
		}
		c.teamID = d.TeamID
	}
	for _, r := range d.Roles {
		role, err := vigil.ParseRole(r)
		if err != nil {
			problems["roles"] = err.Error()
			continue
		}
		if !slices.Contains(c.roles, role) {
			c.roles = append(c.roles, role)
		}
	}
	if !slices.Contains(c.roles, vigil.Staff) {
		c.roles = append([]vigil.Role{vigil.Staff}, c.roles...)
	}
	return c, problems, nil
}

// CheckDetails returns what is wrong with a person's details, keyed by form
// field, without storing anything: for forms that check more than org knows
// (a password) and want to show every problem at once.
func (s *Store) CheckDetails(ctx context.Context, scope vigil.Scope, d PersonDetails) (map[string]string, error) {
	_, problems, err := s.check(ctx, s.db, scope.OrgID, d)
	return problems, err
}

// errAddressInUse is the one answer for an address that cannot be used,
// whichever organisation it is in.
const errAddressInUse = "That email address cannot be used for a new person. Check it is right; if it is, ask your Vigil service team."

// mayGrant stops anyone giving a role beyond their organisation's reach —
// only the national centre's people may read across organisations — or
// beyond their own: a person or token may give only roles whose every
// permission they hold themselves, so that "people:write" is not a way to
// become an administrator.
func mayGrant(scope vigil.Scope, roles []vigil.Role) error {
	if slices.Contains(roles, vigil.CentralAnalyst) && Type(scope.OrgType) != NationalCentre {
		return vigil.InvalidFields("That role is not available here.", map[string]string{"roles": "central-analyst is only for the national centre"})
	}
	for _, r := range roles {
		if p, over := scope.Exceeds(vigil.Powers([]vigil.Role{r})); over {
			return vigil.InvalidFields("You cannot give that role.", map[string]string{
				"roles": fmt.Sprintf("%s can %s, which you cannot; ask an administrator who can", r.Label(), p.Action())})
		}
	}
	return nil
}

// mayChange stops anyone changing a person who can do more than they can:
// their roles, address or access are for someone who holds at least as much.
func mayChange(scope vigil.Scope, target User) error {
	if p, over := scope.Exceeds(vigil.Powers(target.Roles)); over {
		return vigil.Errorf(vigil.Forbidden, "You cannot change %s: they can %s, which you cannot. Ask an administrator who can.", target.Name, p.Action())
	}
	return nil
}

// CreateUser adds a person to the caller's organisation.
func (s *Store) CreateUser(ctx context.Context, scope vigil.Scope, d PersonDetails) (User, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return User{}, err
	}
	var u User
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = s.insertUser(ctx, tx, scope, d)
		return err
	})
	return u, err
}

func (s *Store) insertUser(ctx context.Context, tx *store.Tx, scope vigil.Scope, d PersonDetails) (User, error) {
	actor := scope.Actor()
	c, problems, err := s.check(ctx, tx, actor.OrgID, d)
	if err != nil {
		return User{}, err
	}
	if len(problems) > 0 {
		return User{}, vigil.InvalidFields("The person could not be added.", problems)
	}
	if err := mayGrant(scope, c.roles); err != nil {
		return User{}, err
	}
	now := store.Now()
	u := User{ID: store.NewID(), OrgID: actor.OrgID, Email: c.email, Name: c.name, JobRole: c.jobRole, Roles: c.roles, Disabled: d.Disabled, CreatedAt: now}
	if _, err := tx.Exec(ctx, `INSERT INTO users (id, org_id, team_id, email, name, job_role, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		u.ID, u.OrgID, c.teamID, u.Email, u.Name, u.JobRole, u.Disabled, now, now); err != nil {
		if s.db.Dialect.IsUniqueViolation(err) {
			// The address may belong to another organisation: say only that it is taken.
			return User{}, vigil.InvalidFields("The person could not be added.", map[string]string{"email": errAddressInUse})
		}
		return User{}, fmt.Errorf("create user: %w", err)
	}
	if err := setRoles(ctx, tx, u.ID, u.OrgID, c.roles); err != nil {
		return User{}, err
	}
	return u, audit.Record(ctx, tx, actor, audit.Change{
		Action: "create", EntityType: "user", EntityID: u.ID, Summary: "Added " + u.Name,
		After: map[string]any{"email": u.Email, "name": u.Name, "job_role": u.JobRole, "team_id": c.teamID, "roles": c.roles},
	})
}

func setRoles(ctx context.Context, tx *store.Tx, userID, orgID string, roles []vigil.Role) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1 AND org_id = $2`, userID, orgID); err != nil {
		return fmt.Errorf("clear roles: %w", err)
	}
	for _, r := range roles {
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, org_id, role) VALUES ($1, $2, $3)`, userID, orgID, r); err != nil {
			return fmt.Errorf("grant %s: %w", r, err)
		}
	}
	return nil
}

// UpdateUser changes a person's details and roles; disabling someone ends
// their sessions. The password is not changed here: see auth.Service.ResetPassword.
func (s *Store) UpdateUser(ctx context.Context, scope vigil.Scope, id string, d PersonDetails) (User, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return User{}, err
	}
	before, err := s.User(ctx, scope, id)
	if err != nil {
		return User{}, err
	}
	if err := mayChange(scope, before); err != nil {
		return User{}, err
	}
	var after User
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		c, problems, err := s.check(ctx, tx, scope.OrgID, d)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			return vigil.InvalidFields("The changes could not be saved.", problems)
		}
		if err := mayGrant(scope, c.roles); err != nil {
			return err
		}
		if id == scope.UserID && (!slices.Contains(c.roles, vigil.OrgAdmin) || d.Disabled) {
			return vigil.InvalidFields("You cannot lock yourself out.", map[string]string{"roles": "Ask another administrator to remove your own admin role or disable your account."})
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET email = $1, name = $2, job_role = $3, team_id = $4, disabled = $5, updated_at = $6
			WHERE id = $7 AND org_id = $8`, c.email, c.name, c.jobRole, c.teamID, d.Disabled, store.Now(), id, scope.OrgID); err != nil {
			if s.db.Dialect.IsUniqueViolation(err) {
				return vigil.InvalidFields("The changes could not be saved.", map[string]string{"email": errAddressInUse})
			}
			return fmt.Errorf("update user: %w", err)
		}
		if err := setRoles(ctx, tx, id, scope.OrgID, c.roles); err != nil {
			return err
		}
		if d.Disabled {
			if err := s.endSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		after = before
		after.Email, after.Name, after.JobRole, after.Roles, after.Disabled = c.email, c.name, c.jobRole, c.roles, d.Disabled
		after.TeamID = d.TeamID
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "update", EntityType: "user", EntityID: id, Summary: "Changed " + c.name,
			Before: summaryOf(before), After: summaryOf(after),
		})
	})
	return after, err
}

func summaryOf(u User) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "job_role": u.JobRole, "team_id": u.TeamID, "roles": u.Roles, "disabled": u.Disabled}
}

const userColumns = `u.id, u.org_id, COALESCE(u.team_id, ''), COALESCE(t.name, ''), u.email, u.name, u.job_role, u.disabled, u.created_at`

var errNoUser = vigil.Errorf(vigil.NotFound, "There is no such person in your organisation.")

// User returns one person of the caller's organisation; anyone else is NotFound.
func (s *Store) User(ctx context.Context, scope vigil.Scope, id string) (User, error) {
	if err := scope.Require(vigil.ReadPeople); err != nil {
		return User{}, err
	}
	row := s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN teams t ON t.id = u.team_id
		WHERE u.id = $1 AND u.org_id = $2`, id, scope.OrgID)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errNoUser
	}
	if err != nil {
		return User{}, fmt.Errorf("load user: %w", err)
	}
	users := []User{u}
	if err := s.loadRoles(ctx, users); err != nil {
		return User{}, err
	}
	return users[0], nil
}

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.OrgID, &u.TeamID, &u.TeamName, &u.Email, &u.Name, &u.JobRole, &u.Disabled, &u.CreatedAt)
	return u, err
}

// MaxUsersPage is the largest page of people.
const MaxUsersPage = 200

// UserFilter narrows a list of people.
type UserFilter struct {
	After  string // cursor: the last id of the previous page
	Limit  int
	Search string // part of a name or email
	TeamID string
}

// Users lists people of the caller's organisation in id order, a page at a time.
func (s *Store) Users(ctx context.Context, scope vigil.Scope, f UserFilter) ([]User, error) {
	if err := scope.Require(vigil.ReadPeople); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > MaxUsersPage {
		f.Limit = MaxUsersPage
	}
	q := `SELECT ` + userColumns + ` FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.org_id = $1 AND u.id > $2`
	args := []any{scope.OrgID, f.After}
	if f.Search != "" {
		args = append(args, "%"+strings.ToLower(f.Search)+"%")
		q += fmt.Sprintf(` AND (lower(u.name) LIKE $%d OR u.email LIKE $%d)`, len(args), len(args))
	}
	if f.TeamID != "" {
		args = append(args, f.TeamID)
		q += fmt.Sprintf(` AND u.team_id = $%d`, len(args))
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(` ORDER BY u.id LIMIT $%d`, len(args))
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadRoles(ctx, out)
}

// loadRoles fills in the roles of a page of people (sorted by id) with one
// query over the page's id range.
func (s *Store) loadRoles(ctx context.Context, users []User) error {
	if len(users) == 0 {
		return nil
	}
	index := make(map[string]int, len(users))
	for i, u := range users {
		index[u.ID] = i
	}
	rows, err := s.db.Query(ctx, `SELECT user_id, role FROM user_roles WHERE org_id = $1 AND user_id >= $2 AND user_id <= $3 ORDER BY role`,
		users[0].OrgID, users[0].ID, users[len(users)-1].ID)
	if err != nil {
		return fmt.Errorf("load roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r vigil.Role
		if err := rows.Scan(&id, &r); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			users[i].Roles = append(users[i].Roles, r)
		}
	}
	return rows.Err()
}
