package hazard

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Change is one entry of a hazard's history.
type Change struct {
	At      time.Time
	By      string
	Summary string
	Fields  []FieldChange
}

// FieldChange is one field before and after a change, in words.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// History lists the changes to a hazard, oldest first.
func (l *Log) History(ctx context.Context, scope vigil.Scope, id string) ([]Change, error) {
	if _, err := l.Hazard(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := l.db.Query(ctx, `SELECT at, actor, summary, details FROM hazard_changes
		WHERE org_id = $1 AND hazard_id = $2 ORDER BY id`, scope.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("read hazard history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var details string
		if err := rows.Scan(&c.At, &c.By, &c.Summary, &details); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		if err := json.Unmarshal([]byte(details), &c.Fields); err != nil {
			return nil, fmt.Errorf("hazard history: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// diff says, field by field in words, what differs between two versions of
// a hazard; a is zero for a new hazard.
func diff(a, b Hazard) []FieldChange {
	var out []FieldChange
	add := func(field, before, after string) {
		if before != after {
			out = append(out, FieldChange{Field: field, Before: before, After: after})
		}
	}
	add("Title", a.Title, b.Title)
	add("Description", a.Description, b.Description)
	add("Causes", strings.Join(a.Causes, "; "), strings.Join(b.Causes, "; "))
	add("Effect on the care pathway", a.Effect, b.Effect)
	add("Potential harm", a.Harm, b.Harm)
	add("Type", typeWords(a.Type), typeWords(b.Type))
	add("Linked to", linkWords(a.Links), linkWords(b.Links))
	add("Existing controls", a.ExistingControls, b.ExistingControls)
	add("Initial risk", a.Initial.Words(), b.Initial.Words())
	add("Further controls", controlWords(a.FurtherControls), controlWords(b.FurtherControls))
	add("Residual risk", a.Residual.Words(), b.Residual.Words())
	add("Owner", a.Owner.Name, b.Owner.Name)
	add("Review by", dateWords(a.ReviewBy), dateWords(b.ReviewBy))
	add("Status", statusWords(a.Status), statusWords(b.Status))
	add("Status note", a.StatusNote, b.StatusNote)
	add("Approval", approvalWords(a.Approval), approvalWords(b.Approval))
	return out
}

// Words writes an assessment: "major × medium: risk 3"; "" when not made.
func (a Assessment) Words() string {
	if a.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s × %s likelihood: risk %d", a.Consequence, strings.ReplaceAll(a.Likelihood.String(), "-", " "), a.Risk())
}

func typeWords(t Type) string {
	if t == "" {
		return ""
	}
	return t.Label()
}

func statusWords(s Status) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

func linkWords(links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = l.Kind.Label() + " " + l.Title
	}
	return strings.Join(parts, "; ")
}

func controlWords(cs []Control) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Kind.Label() + ": " + c.Text
		if c.InPlace {
			parts[i] += " (in place)"
		}
	}
	return strings.Join(parts, "; ")
}

func dateWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

func approvalWords(a Approval) string {
	if a.At.IsZero() {
		return ""
	}
	return "Approved by " + a.By
}

// changedNames lists the fields changed, for a history summary: "Changed
// the title and the residual risk".
func changedNames(fields []FieldChange) string {
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		if f.Field != "Approval" {
			names = append(names, strings.ToLower(f.Field))
		}
	}
	switch len(names) {
	case 0:
		return "the approval"
	case 1:
		return "the " + names[0]
	}
	return "the " + strings.Join(names[:len(names)-1], ", the ") + " and the " + names[len(names)-1]
}
