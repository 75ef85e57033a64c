package findings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Filter narrows a list of findings. The zero Filter is every open finding.
type Filter struct {
	Service  string // a care-map service: findings on the assets it depends on
	Asset    string // a care-map asset
	KEV      bool   // only known exploited vulnerabilities
	Priority string // an SSVC decision: defer, scheduled, out-of-cycle, immediate
	Advisory string // a vulnerability id or one of its aliases
	Closed   bool   // closed findings instead of open ones
	Limit    int    // 0 means MaxList
}

// MaxList is the most findings one list returns.
const MaxList = 500

var errNoFinding = vigil.Errorf(vigil.NotFound, "There is no such finding.")

const findingColumns = `id, org_id, inventory_id, asset_id, open, closed_reason, due_on, body, first_seen, last_seen`

func scanFinding(row interface{ Scan(...any) error }) (Finding, error) {
	var f Finding
	var body string
	if err := row.Scan(&f.ID, &f.OrgID, &f.InventoryID, &f.AssetID, &f.Open, &f.Closed, &f.DueOn, &body, &f.FirstSeen, &f.LastSeen); err != nil {
		return Finding{}, err
	}
	var r record
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return Finding{}, fmt.Errorf("finding %s: %w", f.ID, err)
	}
	f.Finding, f.Asset, f.Analyst = r.Finding, r.Asset, r.Analyst
	f.FirstSeen, f.LastSeen = f.FirstSeen.UTC(), f.LastSeen.UTC()
	return f, nil
}

// List returns the organisation's findings, most urgent first: by SSVC decision, then by
// the clinical risk of the asset (the worst DCB risk of losing it), known exploited first,
// then as matching ranks them (CVSS, EPSS). Cleared findings (not affected, fixed) come
// after those still needing action.
func (s *Service) List(ctx context.Context, scope vigil.Scope, f Filter) ([]Finding, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	q := `SELECT ` + findingColumns + ` FROM vuln_findings WHERE org_id = $1 AND open = $2`
	args := []any{scope.OrgID, !f.Closed}
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.Asset != "" {
		add("asset_id = $%d", f.Asset)
	}
	if f.KEV {
		add("kev = $%d", true)
	}
	if f.Priority != "" {
		add("priority = $%d", f.Priority)
	}
	if f.Advisory != "" {
		add(`ids LIKE $%d ESCAPE '\'`, likeWord(f.Advisory))
	}
	if f.Service != "" {
		assets, err := s.assetsOf(ctx, scope, f.Service)
		if err != nil {
			return nil, err
		}
		if len(assets) == 0 {
			return nil, nil
		}
		marks := make([]string, len(assets))
		for i, a := range assets {
			args = append(args, a)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		q += " AND asset_id IN (" + strings.Join(marks, ", ") + ")"
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY CASE WHEN status IN ('not_affected', 'fixed') THEN 1 ELSE 0 END, priority_rank DESC, clinical_risk DESC,
		kev DESC, needs_review, advisory, id LIMIT $%d`, len(args))
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		fd, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, fd)
	}
	return out, rows.Err()
}

// assetsOf lists the assets a service depends on, directly or not.
func (s *Service) assetsOf(ctx context.Context, scope vigil.Scope, serviceID string) ([]string, error) {
	m, err := s.careMap(ctx, scope)
	if err != nil || m == nil {
		return nil, err
	}
	if _, ok := m.Service(serviceID); !ok {
		return nil, vigil.InvalidFields("Choose a service from your care map.", map[string]string{"service": fmt.Sprintf("Your care map has no service with the id %q", serviceID)})
	}
	var out []string
	for _, r := range m.Dependencies(serviceID) {
		if r.Type == caremap.TypeAsset {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

// Finding returns one of the organisation's findings; another organisation's is not found.
func (s *Service) Finding(ctx context.Context, scope vigil.Scope, id string) (Finding, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return Finding{}, err
	}
	f, err := scanFinding(s.db.QueryRow(ctx, `SELECT `+findingColumns+` FROM vuln_findings WHERE org_id = $1 AND id = $2`, scope.OrgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Finding{}, errNoFinding
	}
	return f, err
}

// Counts are the organisation's open findings by decision, for summaries.
type Counts struct {
	ByPriority  map[string]int
	KEV         int
	NeedsReview int
	PastDue     int
	Cleared     int
	Open        int
}

// Count counts the organisation's open findings.
func (s *Service) Count(ctx context.Context, scope vigil.Scope, now time.Time) (Counts, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return Counts{}, err
	}
	rows, err := s.db.Query(ctx, `SELECT priority, kev, needs_review, status, due_on FROM vuln_findings WHERE org_id = $1 AND open = $2`, scope.OrgID, true)
	if err != nil {
		return Counts{}, fmt.Errorf("count findings: %w", err)
	}
	defer rows.Close()
	c := Counts{ByPriority: map[string]int{}}
	today := now.UTC().Format(time.DateOnly)
	for rows.Next() {
		var priority, status, due string
		var kev, review bool
		if err := rows.Scan(&priority, &kev, &review, &status, &due); err != nil {
			return Counts{}, err
		}
		c.Open++
		if status == "not_affected" || status == "fixed" {
			c.Cleared++
			continue
		}
		c.ByPriority[priority]++
		if kev {
			c.KEV++
		}
		if review {
			c.NeedsReview++
		}
		if due != "" && due < today {
			c.PastDue++
		}
	}
	return c, rows.Err()
}

// likeWord is a LIKE pattern finding one id in an ids column (see idList). The id's own
// % and _ are escaped, so they match only themselves.
func likeWord(id string) string {
	return "% " + likeEscape(strings.ToUpper(strings.TrimSpace(id))) + " %"
}

// likeEscape escapes LIKE's wildcards, for patterns used with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
