package hazard

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// CaseVersion is an issued version of the safety case report.
type CaseVersion struct {
	Number   int
	IssuedBy string
	IssuedAt time.Time
	Report   CaseReport
}

// MaxDeclaration is the longest declaration kept.
const MaxDeclaration = 2000

// DefaultDeclaration is what a CSO declares unless they write their own.
const DefaultDeclaration = "I have reviewed this report and the hazard log it summarises. To the best of my knowledge it is a true account of the clinical risks of our cyber controls, and the actions it lists are in hand."

// Issue records the report as it stands now as the next version, with the
// CSO's declaration and date.
func (s *Cases) Issue(ctx context.Context, scope vigil.Scope, declaration string) (CaseVersion, error) {
	if err := requireSafetyOfficer(scope, "issue the safety case"); err != nil {
		return CaseVersion{}, err
	}
	declaration = strings.TrimSpace(declaration)
	switch n := len([]rune(declaration)); {
	case n == 0:
		return CaseVersion{}, vigil.InvalidFields("Write your declaration.", map[string]string{"declaration": "Enter your declaration"})
	case n > MaxDeclaration:
		return CaseVersion{}, vigil.InvalidFields("Shorten your declaration.", map[string]string{"declaration": fmt.Sprintf("Keep the declaration to %d characters or fewer", MaxDeclaration)})
	}
	now := store.Now()
	r, err := s.Draft(ctx, scope, now)
	if err != nil {
		return CaseVersion{}, err
	}
	r.Declaration = &Declaration{By: scope.Name, At: now, Text: declaration}
	v := CaseVersion{IssuedBy: scope.Name, IssuedAt: now, Report: r}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM safety_case_versions WHERE org_id = $1`, scope.OrgID).Scan(&v.Number); err != nil {
			return fmt.Errorf("number safety case version: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO safety_case_versions (id, org_id, number, issued_by_id, issued_by, issued_at, declaration, document)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, store.NewID(), scope.OrgID, v.Number, scope.Person(), scope.Name, now, declaration, jsonText(r))
		if err != nil {
			return fmt.Errorf("store safety case version: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "issue", EntityType: "safety-case", EntityID: fmt.Sprint(v.Number),
			Summary: fmt.Sprintf("Issued version %d of the clinical safety case report", v.Number)})
	})
	return v, err
}

// Versions lists the issued versions, newest first, without their reports.
func (s *Cases) Versions(ctx context.Context, scope vigil.Scope) ([]CaseVersion, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT number, issued_by, issued_at FROM safety_case_versions WHERE org_id = $1 ORDER BY number DESC`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list safety case versions: %w", err)
	}
	defer rows.Close()
	var out []CaseVersion
	for rows.Next() {
		var v CaseVersion
		if err := rows.Scan(&v.Number, &v.IssuedBy, &v.IssuedAt); err != nil {
			return nil, err
		}
		v.IssuedAt = v.IssuedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// Version returns one issued version, and the one before it (nil for the first).
func (s *Cases) Version(ctx context.Context, scope vigil.Scope, number int) (CaseVersion, *CaseVersion, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return CaseVersion{}, nil, err
	}
	v, err := s.version(ctx, scope.OrgID, number)
	if err != nil {
		return CaseVersion{}, nil, err
	}
	if number == 1 {
		return v, nil, nil
	}
	prev, err := s.version(ctx, scope.OrgID, number-1)
	if err != nil {
		return CaseVersion{}, nil, err
	}
	return v, &prev, nil
}

func (s *Cases) version(ctx context.Context, orgID string, number int) (CaseVersion, error) {
	var v CaseVersion
	var doc string
	err := s.db.QueryRow(ctx, `SELECT number, issued_by, issued_at, document FROM safety_case_versions WHERE org_id = $1 AND number = $2`, orgID, number).
		Scan(&v.Number, &v.IssuedBy, &v.IssuedAt, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return CaseVersion{}, vigil.Errorf(vigil.NotFound, "There is no such version of the safety case.")
	}
	if err != nil {
		return CaseVersion{}, fmt.Errorf("read safety case version %d: %w", number, err)
	}
	v.IssuedAt = v.IssuedAt.UTC()
	if err := json.Unmarshal([]byte(doc), &v.Report); err != nil {
		return CaseVersion{}, fmt.Errorf("safety case version %d: %w", number, err)
	}
	return v, nil
}

// Changes says, in sentences, what differs between two versions of the
// report: hazards added, closed, reopened or removed, risks that moved,
// actions done and new, and the care map's version.
func Changes(before, after CaseReport) []string {
	var out []string
	index := func(r CaseReport) map[string]CaseHazard {
		m := map[string]CaseHazard{}
		for _, h := range append(slices.Clone(r.Hazards), r.Closed...) {
			m[h.Code] = h
		}
		return m
	}
	was, now := index(before), index(after)
	codes := make([]string, 0, len(now)+len(was))
	for c := range now {
		codes = append(codes, c)
	}
	for c := range was {
		if _, ok := now[c]; !ok {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	for _, c := range codes {
		a, inBefore := was[c]
		b, inAfter := now[c]
		switch {
		case !inBefore:
			out = append(out, fmt.Sprintf("%s %s added (%s, risk %d).", c, b.Title, strings.ToLower(b.Status), b.Now()))
		case !inAfter:
			out = append(out, fmt.Sprintf("%s %s is no longer in the log.", c, a.Title))
		default:
			if a.Status != b.Status {
				out = append(out, fmt.Sprintf("%s %s: %s, was %s.", c, b.Title, strings.ToLower(b.Status), strings.ToLower(a.Status)))
			}
			if a.Initial != b.Initial {
				out = append(out, fmt.Sprintf("%s initial risk %d, was %d.", c, b.Initial, a.Initial))
			}
			if a.Residual != b.Residual {
				out = append(out, fmt.Sprintf("%s residual risk %s, was %s.", c, riskOrNone(b.Residual), riskOrNone(a.Residual)))
			}
			if a.Approved != b.Approved && b.Approved {
				out = append(out, c+" risk assessment approved.")
			}
			if a.Title != b.Title {
				out = append(out, fmt.Sprintf("%s renamed %q, was %q.", c, b.Title, a.Title))
			}
		}
	}
	actions := func(r CaseReport) []string {
		var s []string
		for _, a := range r.Outstanding {
			s = append(s, a.Hazard+": "+a.Text)
		}
		return s
	}
	wasActions, nowActions := actions(before), actions(after)
	for _, a := range nowActions {
		if !slices.Contains(wasActions, a) {
			out = append(out, "New outstanding action, "+a)
		}
	}
	for _, a := range wasActions {
		if !slices.Contains(nowActions, a) {
			out = append(out, "No longer outstanding, "+a)
		}
	}
	if before.System.MapRevision != after.System.MapRevision {
		out = append(out, fmt.Sprintf("Care map version %d, was %d.", after.System.MapRevision, before.System.MapRevision))
	}
	if before.Acceptable != after.Acceptable {
		if after.Acceptable {
			out = append(out, "The clinical risk is now acceptable.")
		} else {
			out = append(out, "The clinical risk is no longer acceptable.")
		}
	}
	return out
}

func riskOrNone(r int) string {
	if r == 0 {
		return "not assessed"
	}
	return fmt.Sprint(r)
}
