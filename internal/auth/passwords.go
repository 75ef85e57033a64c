package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// passwordHash is a person's password hash, or "" when they have none
// (people who sign in through OIDC).
func (s *Service) passwordHash(ctx context.Context, userID string) (string, error) {
	var hash string
	err := s.db.QueryRow(ctx, `SELECT hash FROM passwords WHERE user_id = $1`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up password: %w", err)
	}
	return hash, nil
}

// AddPerson adds a person to the scope's organisation with an optional
// password, checking both before storing either so that every problem is
// shown at once.
func (s *Service) AddPerson(ctx context.Context, scope vigil.Scope, d org.PersonDetails, password string) (org.User, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return org.User{}, err
	}
	problems, err := s.people.CheckDetails(ctx, scope, d)
	if err != nil {
		return org.User{}, err
	}
	if password != "" {
		if err := CheckPasswordStrength(password); err != nil {
			problems["password"] = "The password is too weak: " + err.Error() + "."
		}
	}
	if len(problems) > 0 {
		return org.User{}, vigil.InvalidFields("The person could not be added.", problems)
	}
	u, err := s.people.CreateUser(ctx, scope, d)
	if err != nil || password == "" {
		return u, err
	}
	return u, s.setPassword(ctx, scope.Actor(), u.ID, password, "Set a password for "+u.Name)
}

// ResetPassword sets a person's password on an org admin's say-so and signs
// them out everywhere. Someone in another organisation is NotFound.
func (s *Service) ResetPassword(ctx context.Context, scope vigil.Scope, userID, password string) error {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return err
	}
	roles, err := s.people.Roles(ctx, scope, userID)
	if err != nil {
		return err
	}
	// Setting someone's password is becoming them: only for someone who
	// holds at least what they hold.
	if p, over := scope.Exceeds(vigil.Powers(roles)); over {
		return vigil.Errorf(vigil.Forbidden, "You cannot reset this person's password: they can %s, which you cannot. Ask an administrator who can.", p.Action())
	}
	if err := CheckPasswordStrength(password); err != nil {
		return vigil.InvalidFields("The new password is not strong enough.", map[string]string{"password": err.Error()})
	}
	return s.setPassword(ctx, scope.Actor(), userID, password, "Reset password and signed out everywhere")
}

// SetPasswordByEmail sets a password from the command line, where the
// operator already has the database in hand.
func (s *Service) SetPasswordByEmail(ctx context.Context, email, password string) error {
	if err := CheckPasswordStrength(password); err != nil {
		return err
	}
	acc, err := s.people.AccountByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("no account for %s", org.NormaliseEmail(email))
	}
	actor := vigil.SystemActor(acc.OrgID)
	return s.setPassword(ctx, actor, acc.UserID, password, "Password set from the command line")
}

// setPassword stores a new password hash and ends the person's sessions.
func (s *Service) setPassword(ctx context.Context, actor vigil.Actor, userID, password, summary string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock()
		if _, err := tx.Exec(ctx, `INSERT INTO passwords (user_id, hash, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`, userID, hash, now); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if err := EndSessions(ctx, tx, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Change{Action: "reset-password", EntityType: "user", EntityID: userID, Summary: summary})
	})
}

// WithPasswords says which of the people, as read from org with the scope,
// can sign in with a password.
func (s *Service) WithPasswords(ctx context.Context, scope vigil.Scope, people []org.User) (map[string]bool, error) {
	out := map[string]bool{}
	var args []any
	var marks []string
	for _, u := range people {
		if u.OrgID == scope.OrgID {
			args = append(args, u.ID)
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT user_id FROM passwords WHERE user_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("look up passwords: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
