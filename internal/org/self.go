package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Myself is the person the scope acts for, as anyone may see themselves
// without the right to read other people: their job role decides their
// lessons and their team decides their IT buddy. Vigil's own work, which
// acts for nobody, is NotFound.
func (s *Store) Myself(ctx context.Context, scope vigil.Scope) (User, error) {
	id := scope.Person()
	if id == "" {
		return User{}, errNoUser
	}
	row := s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN teams t ON t.id = u.team_id
		WHERE u.id = $1 AND u.org_id = $2`, id, scope.OrgID)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errNoUser
	}
	if err != nil {
		return User{}, fmt.Errorf("load %s: %w", id, err)
	}
	u.Roles = scope.Roles
	return u, nil
}
