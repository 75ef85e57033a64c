// Package buddy pairs IT and cyber staff who volunteer as buddies with the
// clinical teams they support, so that every member of a team knows a
// named person to call. Organisations own their teams (package org); this
// package keeps only the pairings and each buddy's phone number.
package buddy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Buddies keeps the pairings on one database.
type Buddies struct {
	db     *store.DB
	people *org.Store
	clock  func() time.Time
}

// New returns the buddy pairings on db.
func New(db *store.DB, people *org.Store, clock func() time.Time) *Buddies {
	return &Buddies{db: db, people: people, clock: clock}
}

// Buddy is a team's named IT buddy and how to reach them.
type Buddy struct {
	UserID, Name, Email string
	Phone               string // as the buddy gave it, for showing
}

// Dial is the phone number for a tel: link: digits and a leading +.
func (b Buddy) Dial() string {
	var out strings.Builder
	for i, r := range b.Phone {
		if unicode.IsDigit(r) || (r == '+' && i == 0) {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// Pairing is one team and its buddy, if it has one.
type Pairing struct {
	Team  org.Team
	Buddy *Buddy // nil when the team has no buddy
}

// MaxTeams is how many teams one buddy can support well, unless the
// organisation sets its own limit (SetMaxTeams); more shows as overloaded.
const MaxTeams = 4

// Limits on a phone number.
const (
	minPhoneDigits = 3 // a hospital extension
	maxPhoneChars  = 30
)

// Assign makes a person holding the buddy role the buddy of a team, with
// the number to call them on. A team has one buddy; assigning another
// replaces them.
func (b *Buddies) Assign(ctx context.Context, scope vigil.Scope, teamID, buddyID, phone string) error {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return err
	}
	phone = strings.TrimSpace(phone)
	problems := map[string]string{}
	team, err := b.team(ctx, scope, teamID)
	if err != nil {
		if !vigil.IsNotFound(err) {
			return err
		}
		problems["team"] = "Choose one of your organisation's teams."
	}
	buddy, err := b.buddyNamed(ctx, scope, buddyID)
	if err != nil {
		if !vigil.IsNotFound(err) {
			return err
		}
		problems["buddy"] = "Choose a person who holds the IT buddy role. Give the role on their page under People first."
	}
	if d := (Buddy{Phone: phone}).Dial(); len(d) < minPhoneDigits || len(phone) > maxPhoneChars {
		problems["phone"] = "Enter the number to call the buddy on, such as 0300 555 0150 or extension 4471."
	}
	if len(problems) > 0 {
		return vigil.InvalidFields("The buddy was not assigned.", problems)
	}
	now := b.clock().UTC()
	return b.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO buddy_contacts (user_id, org_id, phone, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at`, buddy.ID, scope.OrgID, phone, now); err != nil {
			return fmt.Errorf("save the buddy's phone: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO team_buddies (team_id, org_id, buddy_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (team_id) DO UPDATE SET buddy_id = excluded.buddy_id, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
			team.ID, scope.OrgID, buddy.ID, scope.Name, now); err != nil {
			return fmt.Errorf("assign the buddy: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "team", EntityID: team.ID,
			Summary: fmt.Sprintf("Made %s the IT buddy of %s", buddy.Name, team.Name), After: map[string]any{"buddy": buddy.ID, "phone": phone}})
	})
}

// Unassign leaves a team without a buddy.
func (b *Buddies) Unassign(ctx context.Context, scope vigil.Scope, teamID string) error {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return err
	}
	team, err := b.team(ctx, scope, teamID)
	if err != nil {
		return err
	}
	return b.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM team_buddies WHERE team_id = $1 AND org_id = $2`, team.ID, scope.OrgID)
		if err != nil {
			return fmt.Errorf("remove the buddy: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vigil.Errorf(vigil.NotFound, "%s has no IT buddy.", team.Name)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "delete", EntityType: "team", EntityID: team.ID,
			Summary: "Removed the IT buddy of " + team.Name})
	})
}

// Pairings lists every team of the organisation with its buddy.
func (b *Buddies) Pairings(ctx context.Context, scope vigil.Scope) ([]Pairing, error) {
	if err := scope.Require(vigil.ReadPeople); err != nil {
		return nil, err
	}
	teams, err := b.people.Teams(ctx, scope)
	if err != nil {
		return nil, err
	}
	buddies, err := b.byTeam(ctx, scope.OrgID, "")
	if err != nil {
		return nil, err
	}
	out := make([]Pairing, len(teams))
	for i, t := range teams {
		out[i] = Pairing{Team: t}
		if bd, ok := buddies[t.ID]; ok {
			out[i].Buddy = &bd
		}
	}
	return out, nil
}

// Mine is the buddy of the signed-in person's team; false when they have
// no team or it has no buddy.
func (b *Buddies) Mine(ctx context.Context, scope vigil.Scope) (Buddy, bool, error) {
	me, err := b.people.Myself(ctx, scope)
	if err != nil || me.TeamID == "" {
		return Buddy{}, false, err
	}
	buddies, err := b.byTeam(ctx, scope.OrgID, me.TeamID)
	if err != nil {
		return Buddy{}, false, err
	}
	bd, ok := buddies[me.TeamID]
	return bd, ok, nil
}

// byTeam reads the buddies of the organisation's teams (or of one team),
// keeping only active people.
func (b *Buddies) byTeam(ctx context.Context, orgID, teamID string) (map[string]Buddy, error) {
	q := `SELECT tb.team_id, u.id, u.name, u.email, COALESCE(c.phone, '') FROM team_buddies tb
		JOIN users u ON u.id = tb.buddy_id AND u.org_id = tb.org_id
		LEFT JOIN buddy_contacts c ON c.user_id = tb.buddy_id AND c.org_id = tb.org_id
		WHERE tb.org_id = $1 AND u.disabled = $2`
	args := []any{orgID, false}
	if teamID != "" {
		q += ` AND tb.team_id = $3`
		args = append(args, teamID)
	}
	rows, err := b.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read team buddies: %w", err)
	}
	defer rows.Close()
	out := map[string]Buddy{}
	for rows.Next() {
		var team string
		var bd Buddy
		if err := rows.Scan(&team, &bd.UserID, &bd.Name, &bd.Email, &bd.Phone); err != nil {
			return nil, err
		}
		out[team] = bd
	}
	return out, rows.Err()
}

func (b *Buddies) team(ctx context.Context, scope vigil.Scope, id string) (org.Team, error) {
	teams, err := b.people.Teams(ctx, scope)
	if err != nil {
		return org.Team{}, err
	}
	i := slices.IndexFunc(teams, func(t org.Team) bool { return t.ID == id })
	if i < 0 {
		return org.Team{}, vigil.Errorf(vigil.NotFound, "There is no such team in your organisation.")
	}
	return teams[i], nil
}

// buddyNamed is an active person of the organisation holding the buddy role.
func (b *Buddies) buddyNamed(ctx context.Context, scope vigil.Scope, id string) (org.Holder, error) {
	holders, err := b.people.Holders(ctx, scope, vigil.Buddy)
	if err != nil {
		return org.Holder{}, err
	}
	i := slices.IndexFunc(holders, func(h org.Holder) bool { return h.ID == id })
	if i < 0 {
		return org.Holder{}, vigil.Errorf(vigil.NotFound, "There is no such IT buddy in your organisation.")
	}
	return holders[i], nil
}

// Candidates are the people who may be made buddies: active holders of the
// buddy role, with how many teams each supports now.
func (b *Buddies) Candidates(ctx context.Context, scope vigil.Scope) ([]Candidate, error) {
	if err := scope.Require(vigil.ReadPeople); err != nil {
		return nil, err
	}
	holders, err := b.people.Holders(ctx, scope, vigil.Buddy)
	if err != nil {
		return nil, err
	}
	teams, err := b.byTeam(ctx, scope.OrgID, "")
	if err != nil {
		return nil, err
	}
	most, err := b.maxTeams(ctx, scope.OrgID)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(holders))
	for i, h := range holders {
		out[i] = Candidate{UserID: h.ID, Name: h.Name, Max: most}
		for _, bd := range teams {
			if bd.UserID == h.ID {
				out[i].Teams++
				out[i].Phone = bd.Phone
			}
		}
	}
	return out, nil
}

// Candidate is a person who holds the buddy role.
type Candidate struct {
	UserID, Name, Phone string
	Teams               int
	Max                 int // the organisation's limit of teams per buddy
}

// Overloaded says the buddy supports more teams than the organisation's limit.
func (c Candidate) Overloaded() bool { return c.Teams > c.Max }

// HasRoom says the buddy may take on another team without going over the limit.
func (c Candidate) HasRoom() bool { return c.Teams < c.Max }
