package findings

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/match"
)

// Justifications are the CycloneDX and CSAF reasons a component is not affected.
var Justifications = []string{
	"code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
	"requires_environment", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
	"protected_by_mitigating_control", "inline_mitigations_already_exist",
}

// Statuses are the statuses a person can give a finding.
var Statuses = []advisory.Status{advisory.StatusAffected, advisory.StatusNotAffected, advisory.StatusFixed, advisory.StatusUnderInvestigation}

// MaxNote is the longest note a decision keeps, in characters.
const MaxNote = 2000

// DecisionInput is what a person says about a finding.
type DecisionInput struct {
	Status        advisory.Status
	Justification string // required for not_affected
	Note          string
}

// Decide records a person's status for a finding. It applies to this vulnerability in
// this component for every version in the same affected range, so it is kept when a new
// SBOM lists a later version that is still in the range.
func (s *Service) Decide(ctx context.Context, scope vigil.Scope, findingID string, in DecisionInput) (Finding, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return Finding{}, err
	}
	in.Note = strings.TrimSpace(in.Note)
	problems := map[string]string{}
	if !slices.Contains(Statuses, in.Status) {
		problems["status"] = "Choose what is true of this finding"
	}
	if in.Status == advisory.StatusNotAffected && !slices.Contains(Justifications, in.Justification) {
		problems["justification"] = "Say why the component is not affected"
	}
	if in.Status != advisory.StatusNotAffected {
		in.Justification = ""
	}
	if utf8.RuneCountInString(in.Note) > MaxNote {
		problems["note"] = fmt.Sprintf("Keep the note to %d characters or fewer", MaxNote)
	}
	if len(problems) > 0 {
		return Finding{}, vigil.InvalidFields("The decision could not be saved.", problems)
	}
	f, err := s.Finding(ctx, scope, findingID)
	if err != nil {
		return Finding{}, err
	}
	now := s.clock().UTC()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		adv, subject, rng := decisionParts(f.Finding)
		_, err := tx.Exec(ctx, `DELETE FROM vuln_decisions WHERE org_id = $1 AND advisory = $2 AND subject = $3 AND range_text = $4`, scope.OrgID, adv, subject, rng)
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO vuln_decisions (id, org_id, advisory, subject, range_text, status, justification, note, decided_by, decided_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, store.NewID(), scope.OrgID, adv, subject, rng, in.Status, in.Justification, in.Note, scope.Name, now)
		}
		if err != nil {
			return fmt.Errorf("keep decision: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "decide", EntityType: "vuln-finding", EntityID: f.ID,
			Summary: fmt.Sprintf("Marked %s as %s", f.Title(), in.Status),
			Before:  map[string]any{"status": f.Status}, After: map[string]any{"status": in.Status, "justification": in.Justification, "note": in.Note}})
	})
	if err != nil {
		return Finding{}, err
	}
	if _, err := s.evaluate(ctx, scope.OrgID, scope.Actor()); err != nil {
		return Finding{}, err
	}
	return s.Finding(ctx, scope, findingID)
}

// decisionParts are what a decision is kept by: the vulnerability, the component without
// its version, and the range its version fell in. With no range (the component's version
// is unknown, or the advisory lists every version) the version itself stands in, so the
// decision does not spread to versions nobody looked at.
func decisionParts(f match.Finding) (adv, subject, rng string) {
	subject = f.Match.Identifier
	if f.Component.PURL != "" {
		subject = purlWithoutVersion(f.Component.PURL)
	}
	subject += "|" + f.Component.Name
	rng = f.Match.Range
	if rng == "" {
		rng = "version " + f.Component.Version
	}
	return f.Advisory, subject, rng
}

func decisionKey(f match.Finding) string {
	a, s, r := decisionParts(f)
	return a + "\x00" + s + "\x00" + r
}

// purlWithoutVersion drops a purl's version, qualifiers and subpath.
func purlWithoutVersion(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if i := strings.LastIndexByte(p, '@'); i > strings.LastIndexByte(p, '/') {
		p = p[:i]
	}
	return p
}

func (s *Service) decisions(ctx context.Context, orgID string) (map[string]Decision, error) {
	rows, err := s.db.Query(ctx, `SELECT advisory, subject, range_text, status, justification, note, decided_by, decided_at
		FROM vuln_decisions WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read decisions: %w", err)
	}
	defer rows.Close()
	out := map[string]Decision{}
	for rows.Next() {
		var a, sub, r string
		var d Decision
		if err := rows.Scan(&a, &sub, &r, &d.Status, &d.Justification, &d.Note, &d.By, &d.At); err != nil {
			return nil, err
		}
		d.At = d.At.UTC()
		out[a+"\x00"+sub+"\x00"+r] = d
	}
	return out, rows.Err()
}
