package hazard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Log is the organisation's hazard log: hazards, their history, their
// review dates and the hazards Vigil suggests. Every method takes the
// caller's scope and touches that organisation's hazards only.
type Log struct {
	db         *store.DB
	orgs       *org.Store
	suggesters []Suggester
}

// NewLog returns the hazard log on db. Suggesters propose hazards for the
// CSO to accept, edit or dismiss; each capability that can (the care map,
// findings, incidents) gives one.
func NewLog(db *store.DB, orgs *org.Store, suggesters ...Suggester) *Log {
	return &Log{db: db, orgs: orgs, suggesters: suggesters}
}

// Hazards lists the organisation's hazards in log order.
func (l *Log) Hazards(ctx context.Context, scope vigil.Scope) ([]Hazard, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	return hazardsIn(ctx, l.db, scope.OrgID)
}

// Hazard returns one hazard; another organisation's is not found.
func (l *Log) Hazard(ctx context.Context, scope vigil.Scope, id string) (Hazard, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return Hazard{}, err
	}
	return hazardIn(ctx, l.db, scope.OrgID, id)
}

// ReviewsDue lists the hazards not closed whose review date has passed at
// now, the longest overdue first.
func (l *Log) ReviewsDue(ctx context.Context, scope vigil.Scope, now time.Time) ([]Hazard, error) {
	all, err := l.Hazards(ctx, scope)
	if err != nil {
		return nil, err
	}
	due := slices.DeleteFunc(all, func(h Hazard) bool { return !h.ReviewDue(now) })
	slices.SortStableFunc(due, func(a, b Hazard) int { return a.ReviewBy.Compare(b.ReviewBy) })
	return due, nil
}

// Create records a new hazard, open and awaiting a CSO's approval. With no
// owner named, the hazard goes to the person recording it if they are a
// Clinical Safety Officer, otherwise to the organisation's first one.
func (l *Log) Create(ctx context.Context, scope vigil.Scope, d Details) (Hazard, error) {
	return l.create(ctx, scope, d, "")
}

func (l *Log) create(ctx context.Context, scope vigil.Scope, d Details, suggestion string) (Hazard, error) {
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return Hazard{}, err
	}
	problems := d.Check()
	if err := l.resolveOwner(ctx, scope, &d, problems); err != nil {
		return Hazard{}, err
	}
	if err := invalid(problems); err != nil {
		return Hazard{}, err
	}
	now := store.Now()
	h := Hazard{ID: store.NewID(), Details: d, Status: Open, SuggestionKey: suggestion, Version: 1,
		CreatedBy: scope.Name, CreatedAt: now, UpdatedAt: now}
	err := l.db.Tx(ctx, func(tx *store.Tx) error {
		if suggestion != "" {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM hazards WHERE org_id = $1 AND suggestion_key = $2`, scope.OrgID, suggestion).Scan(&n); err != nil {
				return fmt.Errorf("check suggestion: %w", err)
			}
			if n > 0 {
				return vigil.Errorf(vigil.Conflict, "This suggestion is already in the hazard log.")
			}
		}
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(ref), 0) + 1 FROM hazards WHERE org_id = $1`, scope.OrgID).Scan(&h.Ref); err != nil {
			return fmt.Errorf("number hazard: %w", err)
		}
		if err := insertHazard(ctx, tx, scope.OrgID, h); err != nil {
			return err
		}
		summary := "Recorded " + h.Code() + " " + h.Title
		if suggestion != "" {
			summary = "Recorded " + h.Code() + " " + h.Title + " from a suggestion"
		}
		return record(ctx, tx, scope, h, "create", summary, diff(Hazard{}, h))
	})
	return h, err
}

// Update changes a hazard's details. version is the one the person saw. A
// changed assessment or set of further controls needs a CSO's approval
// again, and the history says so.
func (l *Log) Update(ctx context.Context, scope vigil.Scope, id string, version int, d Details) (Hazard, error) {
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return Hazard{}, err
	}
	problems := d.Check()
	if err := l.resolveOwner(ctx, scope, &d, problems); err != nil {
		return Hazard{}, err
	}
	if err := invalid(problems); err != nil {
		return Hazard{}, err
	}
	return l.change(ctx, scope, id, version, func(h *Hazard) (string, error) {
		h.Details = d
		return "Changed", nil
	})
}

// Approve records a CSO's approval of the hazard's current risk assessment,
// initial and residual.
func (l *Log) Approve(ctx context.Context, scope vigil.Scope, id string, version int) (Hazard, error) {
	if err := requireSafetyOfficer(scope, "approve a risk assessment"); err != nil {
		return Hazard{}, err
	}
	return l.change(ctx, scope, id, version, func(h *Hazard) (string, error) {
		if h.Residual.IsZero() {
			return "", vigil.InvalidFields("Assess the residual risk before approving.",
				map[string]string{"residual_consequence": "Assess the residual risk: the consequence and likelihood once the further controls are in place"})
		}
		h.Approval = Approval{ByID: scope.Person(), By: scope.Name, At: store.Now()}
		return fmt.Sprintf("Approved the risk assessment (initial risk %d, residual risk %d)", h.Initial.Risk(), h.Residual.Risk()), nil
	})
}

// SetStatus opens, transfers or closes a hazard. Only a CSO may close one,
// and only once its residual risk is assessed; a transfer says to whom.
func (l *Log) SetStatus(ctx context.Context, scope vigil.Scope, id string, version int, status Status, note string) (Hazard, error) {
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return Hazard{}, err
	}
	if status == Closed {
		if err := requireSafetyOfficer(scope, "close a hazard"); err != nil {
			return Hazard{}, err
		}
	}
	note = trimTo(note, MaxText)
	switch {
	case !slices.Contains(Statuses, status):
		return Hazard{}, vigil.InvalidFields("Choose a status.", map[string]string{"status": "Choose open, transferred or closed"})
	case status == Transferred && note == "":
		return Hazard{}, vigil.InvalidFields("Say who holds the hazard now.", map[string]string{"note": "Enter who the hazard was transferred to, and why"})
	}
	return l.change(ctx, scope, id, version, func(h *Hazard) (string, error) {
		if status == Closed && h.Residual.IsZero() {
			return "", vigil.InvalidFields("Assess the residual risk before closing the hazard.",
				map[string]string{"status": "Assess the residual risk before closing the hazard"})
		}
		h.Status, h.StatusNote = status, note
		return map[Status]string{Open: "Reopened", Transferred: "Transferred", Closed: "Closed"}[status], nil
	})
}

// Review records that the hazard was reviewed, and when it is next due.
func (l *Log) Review(ctx context.Context, scope vigil.Scope, id string, version int, next time.Time, note string) (Hazard, error) {
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return Hazard{}, err
	}
	next = Day(next)
	if next.IsZero() || !next.After(Day(store.Now())) {
		return Hazard{}, vigil.InvalidFields("Choose the next review date.", map[string]string{"review_by": "Enter a next review date in the future"})
	}
	note = trimTo(note, MaxText)
	return l.change(ctx, scope, id, version, func(h *Hazard) (string, error) {
		h.ReviewBy = next
		if note != "" {
			return "Reviewed: " + note, nil
		}
		return "Reviewed", nil
	})
}

// change applies edit to the stored hazard as one audited step. What the
// edit changed goes into the history; a changed assessment loses its approval.
func (l *Log) change(ctx context.Context, scope vigil.Scope, id string, version int, edit func(*Hazard) (string, error)) (Hazard, error) {
	var out Hazard
	err := l.db.Tx(ctx, func(tx *store.Tx) error {
		was, err := hazardIn(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		if version != 0 && version != was.Version {
			return errChanged
		}
		h := was
		what, err := edit(&h)
		if err != nil {
			return err
		}
		if h.Approved() && assessmentChanged(was, h) {
			h.Approval = Approval{}
		}
		fields := diff(was, h)
		if len(fields) == 0 {
			out = was
			return nil
		}
		h.Version, h.UpdatedAt = was.Version+1, store.Now()
		if err := saveHazard(ctx, tx, scope.OrgID, h); err != nil {
			return err
		}
		out = h
		if what == "Changed" {
			what = "Changed " + changedNames(fields)
		}
		return record(ctx, tx, scope, h, "update", what, fields)
	})
	return out, err
}

func assessmentChanged(a, b Hazard) bool {
	return a.Initial != b.Initial || a.Residual != b.Residual || !slices.Equal(a.FurtherControls, b.FurtherControls)
}

// resolveOwner fills in the default owner, or checks the one named is a
// person of the organisation, taking their name as it is now.
func (l *Log) resolveOwner(ctx context.Context, scope vigil.Scope, d *Details, problems map[string]string) error {
	if d.Owner.ID == "" {
		if scope.Has(vigil.ClinicalSafetyOfficer) && scope.UserID != "" {
			d.Owner = Person{ID: scope.UserID, Name: scope.Name}
			return nil
		}
		csos, err := l.orgs.Holders(ctx, scope, vigil.ClinicalSafetyOfficer)
		if err != nil {
			return err
		}
		if len(csos) > 0 {
			d.Owner = Person{ID: csos[0].ID, Name: csos[0].Name}
		}
		return nil
	}
	people, err := l.orgs.Contacts(ctx, scope, []string{d.Owner.ID})
	if err != nil {
		return err
	}
	p, ok := people[d.Owner.ID]
	if !ok || p.Disabled {
		problems["owner"] = "Choose an owner from the list"
		return nil
	}
	d.Owner.Name = p.Name
	return nil
}

// Owners are the people a hazard may be given to: Clinical Safety Officers
// first, then security analysts and administrators.
func (l *Log) Owners(ctx context.Context, scope vigil.Scope) ([]org.Holder, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	return l.orgs.Holders(ctx, scope, vigil.ClinicalSafetyOfficer, vigil.SecurityAnalyst, vigil.OrgAdmin)
}

// record writes the history entry and the audit record of one change.
func record(ctx context.Context, tx *store.Tx, scope vigil.Scope, h Hazard, action, summary string, fields []FieldChange) error {
	actor := scope.Actor()
	_, err := tx.Exec(ctx, `INSERT INTO hazard_changes (id, org_id, hazard_id, at, actor_id, actor, summary, details)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, store.NewID(), scope.OrgID, h.ID, h.UpdatedAt, actor.ID, actor.Label, summary, jsonText(nonNil(fields)))
	if err != nil {
		return fmt.Errorf("record hazard history: %w", err)
	}
	return audit.Record(ctx, tx, actor, audit.Change{Action: action, EntityType: "hazard", EntityID: h.ID,
		Summary: h.Code() + ": " + summary, After: fields})
}

func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
