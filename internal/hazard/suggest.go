package hazard

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Suggestion is a hazard Vigil proposes, drafted from what it already
// knows, for a CSO to accept (perhaps after editing) or dismiss.
type Suggestion struct {
	// Key names the suggestion for good: the same thing suggested again has
	// the same key, so a dismissed or accepted one is not offered twice.
	Key    string
	Source string // where it comes from, in words: "Care map", "Finding", "Incident"
	Why    string // one sentence saying why Vigil suggests it
	Draft  Details
}

// Risk is the initial risk of the drafted hazard.
func (s Suggestion) Risk() int { return s.Draft.Initial.Risk() }

// Suggester proposes hazards for an organisation. The care map's is in this
// package; findings and incidents give theirs through FindingSuggester and
// IncidentSuggester, so the hazard log needs no import of either.
type Suggester interface {
	Suggest(ctx context.Context, scope vigil.Scope) ([]Suggestion, error)
}

// MaxKey is the longest suggestion key kept.
const MaxKey = 200

// Suggestions lists what the suggesters propose that is neither in the log
// already nor dismissed, the riskiest first.
func (l *Log) Suggestions(ctx context.Context, scope vigil.Scope) ([]Suggestion, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	taken, err := l.takenKeys(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	for _, s := range l.suggesters {
		got, err := s.Suggest(ctx, scope)
		if err != nil && !vigil.IsNotFound(err) { // no care map yet: nothing to suggest
			return nil, err
		}
		for _, g := range got {
			if !taken[g.Key] {
				taken[g.Key] = true
				out = append(out, g)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.Risk(), a.Risk()), cmp.Compare(b.Draft.Initial.Consequence, a.Draft.Initial.Consequence))
	})
	return out, nil
}

// Suggestion finds one current suggestion by key.
func (l *Log) Suggestion(ctx context.Context, scope vigil.Scope, key string) (Suggestion, error) {
	all, err := l.Suggestions(ctx, scope)
	if err != nil {
		return Suggestion{}, err
	}
	i := slices.IndexFunc(all, func(s Suggestion) bool { return s.Key == key })
	if i < 0 {
		return Suggestion{}, vigil.Errorf(vigil.NotFound, "That suggestion is no longer offered: it was accepted or dismissed, or what caused it has changed.")
	}
	return all[i], nil
}

func (l *Log) takenKeys(ctx context.Context, scope vigil.Scope) (map[string]bool, error) {
	taken := map[string]bool{}
	rows, err := l.db.Query(ctx, `SELECT suggestion_key FROM hazards WHERE org_id = $1 AND suggestion_key <> ''
		UNION SELECT suggestion_key FROM hazard_dismissals WHERE org_id = $1`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("read used suggestions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		taken[k] = true
	}
	return taken, rows.Err()
}

// Accept records a suggestion as a hazard, with the details as the person
// edited them.
func (l *Log) Accept(ctx context.Context, scope vigil.Scope, key string, d Details) (Hazard, error) {
	if key == "" || len(key) > MaxKey {
		return Hazard{}, vigil.Errorf(vigil.Invalid, "That suggestion is not one Vigil made.")
	}
	return l.create(ctx, scope, d, key)
}

// Dismissal is a suggestion a CSO decided is not a hazard to log.
type Dismissal struct {
	Key, Title, Reason, By string
	At                     time.Time
}

// Dismiss records a CSO's decision not to log a suggestion, and why.
func (l *Log) Dismiss(ctx context.Context, scope vigil.Scope, key, title, reason string) error {
	if err := requireSafetyOfficer(scope, "dismiss a suggested hazard"); err != nil {
		return err
	}
	reason = trimTo(reason, MaxText)
	title = trimTo(title, MaxTitle)
	switch {
	case key == "" || len(key) > MaxKey:
		return vigil.Errorf(vigil.Invalid, "That suggestion is not one Vigil made.")
	case reason == "":
		return vigil.InvalidFields("Say why this is not a hazard to log.", map[string]string{"reason": "Enter why you are dismissing the suggestion"})
	}
	return l.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO hazard_dismissals (org_id, suggestion_key, title, reason, dismissed_by, dismissed_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, suggestion_key) DO NOTHING`,
			scope.OrgID, key, title, reason, scope.Name, store.Now())
		if err != nil {
			return fmt.Errorf("dismiss suggestion: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vigil.Errorf(vigil.Conflict, "This suggestion was dismissed already.")
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "dismiss", EntityType: "hazard-suggestion", EntityID: key,
			Summary: "Dismissed the suggested hazard " + title + ": " + reason})
	})
}

// Dismissals lists the suggestions dismissed, newest first.
func (l *Log) Dismissals(ctx context.Context, scope vigil.Scope) ([]Dismissal, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	rows, err := l.db.Query(ctx, `SELECT suggestion_key, title, reason, dismissed_by, dismissed_at FROM hazard_dismissals
		WHERE org_id = $1 ORDER BY dismissed_at DESC`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list dismissed suggestions: %w", err)
	}
	defer rows.Close()
	var out []Dismissal
	for rows.Next() {
		var d Dismissal
		if err := rows.Scan(&d.Key, &d.Title, &d.Reason, &d.By, &d.At); err != nil {
			return nil, err
		}
		d.At = d.At.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// keyPart makes an id safe inside a key.
func keyPart(s string) string { return strings.ReplaceAll(s, "/", "-") }
