package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Rota is who is on call: people in order, each for one shift in turn,
// counted from StartsAt. With three people and weekly shifts, the first is
// on call for the week from StartsAt, the second the week after, and so on
// round. When a page is not acknowledged it goes to the next person in the
// order, whoever's shift it is.
type Rota struct {
	ShiftHours int
	StartsAt   time.Time
	People     []OnCall
	UpdatedBy  string
	UpdatedAt  time.Time
}

// OnCall is one person on the rota.
type OnCall struct {
	UserID string
	Name   string
	Email  string
	// Disabled is set when the person's account was switched off after the
	// rota was set: they keep their place, but nobody e-mails them.
	Disabled bool
}

// ShiftChoices are the shift lengths a rota may have, in hours.
var ShiftChoices = []int{8, 12, 24, 168}

// ShiftLabel says a shift length in words.
func ShiftLabel(hours int) string {
	switch hours {
	case 24:
		return "Daily"
	case 168:
		return "Weekly"
	}
	return fmt.Sprintf("Every %d hours", hours)
}

// Set reports whether anyone is on the rota.
func (r Rota) Set() bool { return len(r.People) > 0 && r.ShiftHours > 0 }

// OnCallAt is the position in People of whoever is on call at t, -1 when
// nobody is (no rota, or before it starts).
func (r Rota) OnCallAt(t time.Time) int {
	if !r.Set() || t.Before(r.StartsAt) {
		return -1
	}
	shift := time.Duration(r.ShiftHours) * time.Hour
	return int((t.Sub(r.StartsAt) / shift) % time.Duration(len(r.People)))
}

// ShiftEnds is when the shift running at t ends.
func (r Rota) ShiftEnds(t time.Time) time.Time {
	shift := time.Duration(r.ShiftHours) * time.Hour
	return r.StartsAt.Add((t.Sub(r.StartsAt)/shift + 1) * shift)
}

// RotaDraft is what someone gives to set the rota.
type RotaDraft struct {
	ShiftHours int
	StartsAt   time.Time
	UserIDs    []string // in order
}

// Rota returns the organisation's rota; an empty one when none is set.
func (s *Service) Rota(ctx context.Context, scope vigil.Scope) (Rota, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Rota{}, err
	}
	return s.rota(ctx, s.db, scope.OrgID)
}

func (s *Service) rota(ctx context.Context, q store.Querier, orgID string) (Rota, error) {
	var r Rota
	err := q.QueryRow(ctx, `SELECT shift_hours, starts_at, updated_by, updated_at FROM notify_rotas WHERE org_id = $1`, orgID).
		Scan(&r.ShiftHours, &r.StartsAt, &r.UpdatedBy, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Rota{}, nil
	}
	if err != nil {
		return Rota{}, fmt.Errorf("read rota: %w", err)
	}
	r.StartsAt, r.UpdatedAt = r.StartsAt.UTC(), r.UpdatedAt.UTC()
	rows, err := q.Query(ctx, `SELECT p.user_id, u.name, u.email, u.disabled FROM notify_rota_people p JOIN users u ON u.id = p.user_id AND u.org_id = p.org_id
		WHERE p.org_id = $1 ORDER BY p.position`, orgID)
	if err != nil {
		return Rota{}, fmt.Errorf("read rota: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p OnCall
		if err := rows.Scan(&p.UserID, &p.Name, &p.Email, &p.Disabled); err != nil {
			return Rota{}, fmt.Errorf("read rota: %w", err)
		}
		r.People = append(r.People, p)
	}
	return r, rows.Err()
}

// SetRota replaces the organisation's rota. Everyone on it must be an
// active person of the organisation who may run incidents, since they are
// the ones asked to acknowledge.
func (s *Service) SetRota(ctx context.Context, scope vigil.Scope, d RotaDraft) (Rota, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Rota{}, err
	}
	problems := map[string]string{}
	if !slices.Contains(ShiftChoices, d.ShiftHours) {
		problems["shift_hours"] = "Choose how long each shift is"
	}
	if d.StartsAt.IsZero() {
		problems["starts_at"] = "Give the date and time the first shift starts"
	}
	switch {
	case len(d.UserIDs) == 0:
		problems["people"] = "Choose at least one person to be on call"
	case len(d.UserIDs) > MaxRotaPeople:
		problems["people"] = fmt.Sprintf("A rota may have at most %d people", MaxRotaPeople)
	}
	seen := map[string]bool{}
	for i, id := range d.UserIDs {
		if seen[id] {
			problems["people"] = fmt.Sprintf("Person %d is already on the rota: each person once", i+1)
			break
		}
		seen[id] = true
		if _, problem, err := s.incidents.Owner(ctx, scope, id); err != nil {
			return Rota{}, err
		} else if problem != "" {
			problems["people"] = fmt.Sprintf("Person %d: %s", i+1, problem)
			break
		}
	}
	if len(problems) > 0 {
		return Rota{}, vigil.InvalidFields("Check the rota.", problems)
	}
	now := s.clock().UTC()
	var out Rota
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.rota(ctx, tx, scope.OrgID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notify_rota_people WHERE org_id = $1`, scope.OrgID); err != nil {
			return fmt.Errorf("clear rota: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notify_rotas WHERE org_id = $1`, scope.OrgID); err != nil {
			return fmt.Errorf("clear rota: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notify_rotas (org_id, shift_hours, starts_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)`,
			scope.OrgID, d.ShiftHours, d.StartsAt.UTC(), scope.Name, now); err != nil {
			return fmt.Errorf("save rota: %w", err)
		}
		for i, id := range d.UserIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO notify_rota_people (org_id, position, user_id) VALUES ($1, $2, $3)`, scope.OrgID, i, id); err != nil {
				return fmt.Errorf("save rota: %w", err)
			}
		}
		if out, err = s.rota(ctx, tx, scope.OrgID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "on-call-rota", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("Set the on-call rota: %d people, %s", len(out.People), ShiftLabel(d.ShiftHours)),
			Before:  rotaNames(before), After: rotaNames(out)})
	})
	return out, err
}

func rotaNames(r Rota) map[string]any {
	names := make([]string, len(r.People))
	for i, p := range r.People {
		names[i] = p.Name
	}
	return map[string]any{"people": names, "shift_hours": r.ShiftHours, "starts_at": r.StartsAt}
}

// Candidates are the people who may be put on the rota, by name.
func (s *Service) Candidates(ctx context.Context, scope vigil.Scope) ([]org.Holder, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.orgs.Holders(ctx, vigil.SystemScope(scope.Org(), "On-call rota", []vigil.Role{vigil.OrgAdmin}), vigil.SecurityAnalyst, vigil.OrgAdmin)
}
