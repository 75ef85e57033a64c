package org

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on a staff-list CSV: a large trust has ~15,000 staff.
const (
	MaxImportBytes = 10 << 20
	MaxImportRows  = 50_000
)

// ImportResult says what an import did.
type ImportResult struct {
	Added, Updated int
	TeamsCreated   []string
}

// importColumns are the CSV's columns; email, name and job_role are required.
var importColumns = []string{"email", "name", "job_role", "team", "roles"}

type importRow struct {
	line    int
	details PersonDetails
	team    string
}

// ImportCSV adds or updates the people in a staff list. Every bad row is
// reported with its line; if any row is bad nothing is changed. Missing
// teams are created. A person already in another organisation is a bad row.
func (s *Store) ImportCSV(ctx context.Context, scope vigil.Scope, r io.Reader) (ImportResult, error) {
	if err := scope.Require(vigil.WritePeople); err != nil {
		return ImportResult{}, err
	}
	rows, problems, err := readStaffCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		teams := map[string]string{} // lower name → id
		for _, row := range rows {
			if err := s.importRow(ctx, tx, scope, row, teams, &res, problems); err != nil {
				return err
			}
			if len(problems) >= 50 {
				break // enough to fix first; the rest will be checked on the next try
			}
		}
		if len(problems) > 0 {
			return vigil.InvalidFields(fmt.Sprintf("The staff list has %d problem(s); nothing was imported.", len(problems)), problems)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "import", EntityType: "user", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("Imported staff list: %d added, %d updated, %d teams created", res.Added, res.Updated, len(res.TeamsCreated)),
		})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func (s *Store) importRow(ctx context.Context, tx *store.Tx, scope vigil.Scope, row importRow, teams map[string]string, res *ImportResult, problems map[string]string) error {
	where := fmt.Sprintf("line %d", row.line)
	if row.team != "" {
		key := strings.ToLower(row.team)
		id, ok := teams[key]
		if !ok {
			var err error
			if id, err = teamByName(ctx, tx, scope.OrgID, row.team); err != nil {
				return err
			}
			if id == "" {
				id = store.NewID()
				if _, err := tx.Exec(ctx, `INSERT INTO teams (id, org_id, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)`,
					id, scope.OrgID, row.team, "department", store.Now()); err != nil {
					return fmt.Errorf("%s: create team %s: %w", where, row.team, err)
				}
				res.TeamsCreated = append(res.TeamsCreated, row.team)
			}
			teams[key] = id
		}
		row.details.TeamID = id
	}
	var existingID, existingOrg string
	err := tx.QueryRow(ctx, `SELECT id, org_id FROM users WHERE email = $1`, NormaliseEmail(row.details.Email)).Scan(&existingID, &existingOrg)
	switch {
	case err == nil && existingOrg != scope.OrgID:
		// Say nothing about where: another organisation's people are its own business.
		problems[where] = errAddressInUse
		return nil
	case err == nil:
		return s.updateImported(ctx, tx, scope, existingID, row, res, problems)
	}
	_, err = s.insertUser(ctx, tx, scope, row.details)
	var verr *vigil.Error
	if errors.As(err, &verr) && verr.Code == vigil.Invalid {
		problems[where] = describe(verr)
		return nil
	}
	if err == nil {
		res.Added++
	}
	return err
}

func (s *Store) updateImported(ctx context.Context, tx *store.Tx, scope vigil.Scope, id string, row importRow, res *ImportResult, problems map[string]string) error {
	where := fmt.Sprintf("line %d", row.line)
	roles, err := rolesOf(ctx, tx, id, scope.OrgID)
	if err != nil {
		return err
	}
	if err := mayChange(scope, User{Name: row.details.Name, Roles: roles}); err != nil {
		problems[where] = err.(*vigil.Error).Message
		return nil
	}
	c, fieldProblems, err := s.check(ctx, tx, scope.OrgID, row.details)
	if err != nil {
		return err
	}
	if len(fieldProblems) > 0 {
		problems[where] = describe(vigil.InvalidFields("", fieldProblems))
		return nil
	}
	if err := mayGrant(scope, c.roles); err != nil {
		problems[where] = describe(err.(*vigil.Error))
		return nil
	}
	if id == scope.UserID && len(row.details.Roles) > 0 && !slices.Contains(c.roles, vigil.OrgAdmin) {
		problems[where] = "this would remove your own admin role; ask another administrator"
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET name = $1, job_role = $2, team_id = $3, updated_at = $4 WHERE id = $5 AND org_id = $6`,
		c.name, c.jobRole, c.teamID, store.Now(), id, scope.OrgID); err != nil {
		return fmt.Errorf("%s: update: %w", where, err)
	}
	if len(row.details.Roles) > 0 {
		if err := setRoles(ctx, tx, id, scope.OrgID, c.roles); err != nil {
			return err
		}
	}
	res.Updated++
	// Each person's change is recorded on its own, so a role granted or
	// removed by a spreadsheet is as visible as one changed by hand.
	after := map[string]any{"name": c.name, "job_role": c.jobRole, "team_id": c.teamID}
	if len(row.details.Roles) > 0 {
		after["roles"] = c.roles
	}
	return audit.Record(ctx, tx, scope.Actor(), audit.Change{
		Action: "update", EntityType: "user", EntityID: id, Summary: "Updated " + c.name + " from a staff list", After: after,
	})
}

func describe(e *vigil.Error) string {
	var parts []string
	for _, f := range []string{"email", "name", "job_role", "team", "roles", "password"} {
		if p, ok := e.Fields[f]; ok {
			parts = append(parts, f+": "+p)
		}
	}
	if len(parts) == 0 {
		return e.Message
	}
	return strings.Join(parts, "; ")
}

// readStaffCSV reads and checks the shape of a staff list. A file it cannot
// read is an error; rows that repeat an address are returned as problems,
// so they are reported together with the problems found in the other rows.
func readStaffCSV(r io.Reader) ([]importRow, map[string]string, error) {
	lr := &io.LimitedReader{R: r, N: MaxImportBytes + 1}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, vigil.InvalidFields("The staff list is empty.", map[string]string{"line 1": "expected a header row: " + strings.Join(importColumns, ",")})
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"email", "name", "job_role"} {
		if _, ok := col[need]; !ok {
			return nil, nil, vigil.InvalidFields("The staff list's header row is missing a column.", map[string]string{"line 1": "no " + need + " column (expected " + strings.Join(importColumns, ",") + ")"})
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []importRow
	seen := map[string]int{}
	problems := map[string]string{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if lr.N <= 0 {
			return nil, nil, vigil.InvalidFields("The staff list is too large.", map[string]string{fmt.Sprintf("line %d", line): fmt.Sprintf("files are limited to %d MB; split it", MaxImportBytes>>20)})
		}
		if len(rows) >= MaxImportRows {
			return nil, nil, vigil.InvalidFields("The staff list has too many rows.", map[string]string{fmt.Sprintf("line %d", line): fmt.Sprintf("at most %d people per file; split it", MaxImportRows)})
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		email := strings.ToLower(get(rec, "email"))
		if first, dup := seen[email]; dup && email != "" {
			problems[fmt.Sprintf("line %d", line)] = fmt.Sprintf("%s is also on line %d", email, first)
			continue
		}
		seen[email] = line
		roles := strings.FieldsFunc(get(rec, "roles"), func(c rune) bool { return c == ';' || c == '|' || c == ' ' })
		rows = append(rows, importRow{line: line, team: get(rec, "team"), details: PersonDetails{
			Email: email, Name: get(rec, "name"), JobRole: get(rec, "job_role"), Roles: roles,
		}})
	}
	if len(rows) == 0 {
		return nil, nil, vigil.InvalidFields("The staff list has no people in it.", map[string]string{"line 2": "add one row per person below the header"})
	}
	return rows, problems, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return vigil.InvalidFields("The staff list is not valid CSV.", map[string]string{fmt.Sprintf("line %d, column %d", pe.Line, pe.Column): pe.Err.Error()})
	}
	return fmt.Errorf("read staff list: %w", err)
}
