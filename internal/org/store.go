package org

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Store reads and writes organisations and people. Every method that takes
// a Scope limits itself to the organisations that scope may see.
type Store struct {
	db          *store.DB
	endSessions EndSessions
}

// EndSessions signs a person out everywhere, inside the transaction that
// disables them. Package auth keeps sessions and provides it (auth.EndSessions).
type EndSessions func(ctx context.Context, q store.Querier, userID string) error

// NewStore returns a Store on db.
func NewStore(db *store.DB, endSessions EndSessions) *Store {
	return &Store{db: db, endSessions: endSessions}
}

var errNoOrg = vigil.Errorf(vigil.NotFound, "There is no such organisation.")

const orgColumns = `id, code, name, type, settings, created_at`

func scanOrg(row interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	var settings string
	if err := row.Scan(&o.ID, &o.Code, &o.Name, &o.Type, &settings, &o.CreatedAt); err != nil {
		return Organisation{}, err
	}
	if err := json.Unmarshal([]byte(settings), &o.Settings); err != nil {
		return Organisation{}, fmt.Errorf("organisation %s settings: %w", o.Code, err)
	}
	return o, nil
}

// CreateOrganisation adds an organisation. It is an operator's act (command
// line or seeding), so it takes an audit actor rather than a scope.
func (s *Store) CreateOrganisation(ctx context.Context, o Organisation) (Organisation, error) {
	o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
	if o.Code == "" || len(o.Code) > 12 || strings.TrimSpace(o.Name) == "" {
		return Organisation{}, vigil.InvalidFields("The organisation needs a code and a name.", map[string]string{"code": "an ODS code of up to 12 characters"})
	}
	if _, err := ParseType(string(o.Type)); err != nil {
		return Organisation{}, vigil.InvalidFields("Unknown organisation type.", map[string]string{"type": err.Error()})
	}
	o.ID, o.CreatedAt = store.NewID(), store.Now()
	settings, err := json.Marshal(o.Settings)
	if err != nil {
		return Organisation{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO organisations (`+orgColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			o.ID, o.Code, o.Name, o.Type, string(settings), o.CreatedAt); err != nil {
			if s.db.Dialect.IsUniqueViolation(err) {
				return vigil.Errorf(vigil.Conflict, "An organisation with code %s already exists.", o.Code)
			}
			return fmt.Errorf("create organisation %s: %w", o.Code, err)
		}
		return audit.Record(ctx, tx, vigil.SystemActor(o.ID), audit.Change{
			Action: "create", EntityType: "organisation", EntityID: o.ID, Summary: "Created organisation " + o.Name, After: o,
		})
	})
	return o, err
}

// OrganisationByCode finds an organisation for an operator's command.
func (s *Store) OrganisationByCode(ctx context.Context, code string) (Organisation, error) {
	o, err := scanOrg(s.db.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, vigil.Errorf(vigil.NotFound, "There is no organisation with code %s.", code)
	}
	return o, err
}

// NationalCentres are the ids of the national centres, whose shared work
// (their verdicts on reported e-mail, say) other organisations may use.
func (s *Store) NationalCentres(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM organisations WHERE type = $1 ORDER BY id`, NationalCentre)
	if err != nil {
		return nil, fmt.Errorf("list national centres: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// EveryOrganisation lists every organisation, for Vigil's own background
// work that runs in each of them (the weekly training reminders).
func (s *Store) EveryOrganisation(ctx context.Context) ([]Organisation, error) {
	return s.Organisations(ctx, vigil.SystemScope(vigil.Org{}, "every organisation", []vigil.Role{vigil.CentralAnalyst}))
}

// OrganisationByID finds an organisation for Vigil's own work, such as a
// background job acting on rows of that organisation.
func (s *Store) OrganisationByID(ctx context.Context, id string) (Organisation, error) {
	o, err := scanOrg(s.db.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, errNoOrg
	}
	return o, err
}

// Organisation returns one organisation the scope may read.
func (s *Store) Organisation(ctx context.Context, scope vigil.Scope, id string) (Organisation, error) {
	if !scope.ReadsOrg(id) {
		return Organisation{}, errNoOrg
	}
	o, err := scanOrg(s.db.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, errNoOrg
	}
	return o, err
}

// Organisations lists the organisations the scope may read: its own, or all
// of them for the national centre.
func (s *Store) Organisations(ctx context.Context, scope vigil.Scope) ([]Organisation, error) {
	q, args := `SELECT `+orgColumns+` FROM organisations WHERE id = $1 ORDER BY name`, []any{scope.OrgID}
	if scope.Can(vigil.ReadAcrossOrgs) {
		q, args = `SELECT `+orgColumns+` FROM organisations ORDER BY name`, nil
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// UpdateSettings changes the caller's organisation's settings.
func (s *Store) UpdateSettings(ctx context.Context, scope vigil.Scope, settings Settings) error {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return err
	}
	before, err := s.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return err
	}
	b, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE organisations SET settings = $1 WHERE id = $2`, string(b), scope.OrgID); err != nil {
			return fmt.Errorf("update settings: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "update", EntityType: "organisation", EntityID: scope.OrgID, Summary: "Changed organisation settings",
			Before: before.Settings, After: settings,
		})
	})
}

// CreateSite adds a site to the caller's organisation.
func (s *Store) CreateSite(ctx context.Context, scope vigil.Scope, name string) (Site, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return Site{}, err
	}
	site := Site{ID: store.NewID(), OrgID: scope.OrgID, Name: strings.TrimSpace(name)}
	if site.Name == "" {
		return Site{}, vigil.InvalidFields("The site needs a name.", map[string]string{"name": "Enter the site's name."})
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sites (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)`,
			site.ID, site.OrgID, site.Name, store.Now()); err != nil {
			if s.db.Dialect.IsUniqueViolation(err) {
				return vigil.Errorf(vigil.Conflict, "There is already a site called %s.", site.Name)
			}
			return fmt.Errorf("create site: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "site", EntityID: site.ID, Summary: "Created site " + site.Name})
	})
	return site, err
}

// Sites lists the caller's organisation's sites.
func (s *Store) Sites(ctx context.Context, scope vigil.Scope) ([]Site, error) {
	rows, err := s.db.Query(ctx, `SELECT id, org_id, name FROM sites WHERE org_id = $1 ORDER BY name`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []Site
	for rows.Next() {
		var site Site
		if err := rows.Scan(&site.ID, &site.OrgID, &site.Name); err != nil {
			return nil, err
		}
		out = append(out, site)
	}
	return out, rows.Err()
}

// NewTeam is what is needed to add a team.
type NewTeam struct {
	Name   string
	Kind   string
	SiteID string
}

// CreateTeam adds a ward or department to the caller's organisation.
func (s *Store) CreateTeam(ctx context.Context, scope vigil.Scope, nt NewTeam) (Team, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return Team{}, err
	}
	t := Team{ID: store.NewID(), OrgID: scope.OrgID, Name: strings.TrimSpace(nt.Name), Kind: strings.TrimSpace(nt.Kind), SiteID: nt.SiteID}
	problems := map[string]string{}
	if t.Name == "" || utf8.RuneCountInString(t.Name) > 120 {
		problems["name"] = "Enter the team's name (up to 120 characters)."
	}
	if t.Kind == "" {
		t.Kind = "department"
	}
	if len(problems) > 0 {
		return Team{}, vigil.InvalidFields("The team could not be added.", problems)
	}
	var siteID any
	if t.SiteID != "" {
		var n int
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM sites WHERE id = $1 AND org_id = $2`, t.SiteID, scope.OrgID).Scan(&n); err != nil || n == 0 {
			return Team{}, vigil.InvalidFields("The team could not be added.", map[string]string{"site": "Choose one of your organisation's sites."})
		}
		siteID = t.SiteID
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO teams (id, org_id, site_id, name, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.OrgID, siteID, t.Name, t.Kind, store.Now()); err != nil {
			if s.db.Dialect.IsUniqueViolation(err) {
				return vigil.InvalidFields("The team could not be added.", map[string]string{"name": "There is already a team called " + t.Name + "."})
			}
			return fmt.Errorf("create team: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "team", EntityID: t.ID, Summary: "Created team " + t.Name, After: nt})
	})
	return t, err
}

// Teams lists the caller's organisation's teams with their sizes.
func (s *Store) Teams(ctx context.Context, scope vigil.Scope) ([]Team, error) {
	rows, err := s.db.Query(ctx, `SELECT t.id, t.org_id, COALESCE(t.site_id, ''), COALESCE(si.name, ''), t.name, t.kind,
			(SELECT count(*) FROM users u WHERE u.team_id = t.id AND u.disabled = $2)
		FROM teams t LEFT JOIN sites si ON si.id = t.site_id
		WHERE t.org_id = $1 ORDER BY t.name`, scope.OrgID, false)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.OrgID, &t.SiteID, &t.SiteName, &t.Name, &t.Kind, &t.Members); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// teamByName finds a team of the organisation by its name, case-insensitively.
func teamByName(ctx context.Context, q store.Querier, orgID, name string) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM teams WHERE org_id = $1 AND lower(name) = lower($2)`, orgID, strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}
