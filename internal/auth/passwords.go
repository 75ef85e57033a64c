package auth

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// ResetPassword sets a person's password on an org admin's say-so and signs
// them out everywhere. Someone in another organisation is NotFound.
func (s *Service) ResetPassword(ctx context.Context, scope Scope, userID, password string) error {
	if err := scope.Require(WritePeople); err != nil {
		return err
	}
	if err := CheckPasswordStrength(password); err != nil {
		return vigil.InvalidFields("The new password is not strong enough.", map[string]string{"password": err.Error()})
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3 AND org_id = $4`,
			hash, store.Now(), userID, scope.OrgID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vigil.Errorf(vigil.NotFound, "There is no such person in your organisation.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "reset-password", EntityType: "user", EntityID: userID, Summary: "Reset password and signed out everywhere",
		})
	})
}

// SetPasswordByEmail sets a password from the command line, where the
// operator already has the database in hand.
func (s *Service) SetPasswordByEmail(ctx context.Context, email, password string) error {
	if err := CheckPasswordStrength(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	email = NormaliseEmail(email)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var userID, orgID string
		if err := tx.QueryRow(ctx, `SELECT id, org_id FROM users WHERE email = $1`, email).Scan(&userID, &orgID); err != nil {
			return fmt.Errorf("no account for %s", email)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, store.Now(), userID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return audit.Record(ctx, tx, audit.System(orgID), audit.Change{
			Action: "reset-password", EntityType: "user", EntityID: userID, Summary: "Password set from the command line",
		})
	})
}
