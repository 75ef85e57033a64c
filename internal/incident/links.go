package incident

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// LinkKind is what sort of record is linked to an incident.
type LinkKind string

const (
	LinkReport  LinkKind = "report"  // a speak-up report from staff
	LinkFinding LinkKind = "finding" // a vulnerability finding
)

// LinkKinds lists every kind, in the order the incident page shows them.
var LinkKinds = []LinkKind{LinkReport, LinkFinding}

// Label is the kind in words.
func (k LinkKind) Label() string {
	switch k {
	case LinkReport:
		return "Staff report"
	case LinkFinding:
		return "Vulnerability finding"
	}
	return string(k)
}

// Linkable is a report or finding as it can be linked to an incident.
type Linkable struct {
	Kind  LinkKind
	ID    string
	Title string
	Path  string // its page
	At    time.Time
}

// Linked is a record linked to an incident, with who linked it and when.
type Linked struct {
	Linkable
	LinkedBy string
	LinkedAt time.Time
}

// Linkables is what a capability offers for linking. Both methods answer
// for the caller's organisation only: another organisation's record is not
// found, so it can never be linked.
type Linkables interface {
	// Recent lists the records most worth linking: the latest reports, or
	// the most urgent open findings.
	Recent(ctx context.Context, scope vigil.Scope) ([]Linkable, error)
	// Find returns one record of the organisation.
	Find(ctx context.Context, scope vigil.Scope, id string) (Linkable, error)
}

// Connections are the capabilities incidents work with that are built
// after them: the hazard log takes incidents as one of its suggesters, so
// it cannot be given to New.
type Connections struct {
	Hazards  *hazard.Log
	Reports  Linkables
	Findings Linkables
}

// Connect gives the incidents the capabilities built after them. Call it
// once, before serving.
func (s *Incidents) Connect(c Connections) {
	s.hazards = c.Hazards
	s.linkables = map[LinkKind]Linkables{}
	if c.Reports != nil {
		s.linkables[LinkReport] = c.Reports
	}
	if c.Findings != nil {
		s.linkables[LinkFinding] = c.Findings
	}
}

// LinkRef names one record to link.
type LinkRef struct {
	Kind LinkKind
	ID   string
}

// MaxLinksAtOnce is the most records one request links.
const MaxLinksAtOnce = 20

// Candidates are the records of one kind the person may link.
type Candidates struct {
	Kind  LinkKind
	Items []Linkable
}

// LinkCandidates lists, for each kind the person may read, the
// organisation's recent records not yet linked to the incident.
func (s *Incidents) LinkCandidates(ctx context.Context, scope vigil.Scope, id string) ([]Candidates, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return nil, err
	}
	have, err := s.Links(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	var out []Candidates
	for _, kind := range LinkKinds {
		src, ok := s.linkables[kind]
		if !ok {
			continue
		}
		recent, err := src.Recent(ctx, scope)
		if vigil.CodeOf(err) == vigil.Forbidden {
			continue // not this person's to read, so not theirs to link
		}
		if err != nil {
			return nil, err
		}
		recent = slices.DeleteFunc(recent, func(l Linkable) bool {
			return slices.ContainsFunc(have, func(h Linked) bool { return h.Kind == l.Kind && h.ID == l.ID })
		})
		out = append(out, Candidates{Kind: kind, Items: recent})
	}
	return out, nil
}

// Link links reports or findings of the organisation to the incident; each
// goes on the timeline and in the audit trail.
func (s *Incidents) Link(ctx context.Context, scope vigil.Scope, id string, refs []LinkRef) ([]Linked, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return nil, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	switch {
	case len(refs) == 0:
		return nil, vigil.InvalidFields("Choose what to link.", map[string]string{"link": "Choose at least one report or finding"})
	case len(refs) > MaxLinksAtOnce:
		return nil, vigil.InvalidFields("Link fewer at once.", map[string]string{"link": fmt.Sprintf("Choose at most %d at a time", MaxLinksAtOnce)})
	}
	var found []Linkable
	for i, ref := range refs {
		src, ok := s.linkables[ref.Kind]
		if !ok {
			return nil, vigil.InvalidFields("Check what to link.", map[string]string{"link": fmt.Sprintf("item %d: %q is not something that can be linked (a report or a finding)", i+1, ref.Kind)})
		}
		if ref.ID == "" || len(ref.ID) > 100 {
			return nil, vigil.InvalidFields("Check what to link.", map[string]string{"link": fmt.Sprintf("item %d: no such %s", i+1, strings.ToLower(ref.Kind.Label()))})
		}
		l, err := src.Find(ctx, scope, ref.ID)
		if err != nil {
			return nil, err
		}
		l.Kind = ref.Kind
		if !slices.ContainsFunc(found, func(f Linkable) bool { return f.Kind == l.Kind && f.ID == l.ID }) {
			found = append(found, l)
		}
	}
	now := s.clock()
	out := make([]Linked, len(found))
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		for i, l := range found {
			res, err := tx.Exec(ctx, `INSERT INTO incident_links (org_id, incident_id, kind, target_id, title, path, linked_by, linked_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, incident_id, kind, target_id) DO NOTHING`,
				scope.OrgID, id, string(l.Kind), l.ID, l.Title, l.Path, scope.Name, now)
			if err != nil {
				return fmt.Errorf("link to incident: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return vigil.Errorf(vigil.Conflict, "%s %q is linked to %s already.", l.Kind.Label(), l.Title, inc.Code())
			}
			summary := "Linked " + strings.ToLower(l.Kind.Label()) + ": " + l.Title
			if err := addEvent(ctx, tx, scope, id, LinkAdded, summary); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "link", EntityType: "incident", EntityID: id,
				Summary: inc.Code() + ": " + summary, After: map[string]any{"kind": l.Kind, "id": l.ID}}); err != nil {
				return err
			}
			out[i] = Linked{Linkable: l, LinkedBy: scope.Name, LinkedAt: now}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Links lists the records linked to the incident, in the order linked.
func (s *Incidents) Links(ctx context.Context, scope vigil.Scope, id string) ([]Linked, error) {
	if _, err := s.Get(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT kind, target_id, title, path, linked_by, linked_at FROM incident_links
		WHERE org_id = $1 AND incident_id = $2 ORDER BY linked_at, kind, target_id`, scope.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("read incident links: %w", err)
	}
	defer rows.Close()
	var out []Linked
	for rows.Next() {
		var l Linked
		var kind string
		if err := rows.Scan(&kind, &l.ID, &l.Title, &l.Path, &l.LinkedBy, &l.LinkedAt); err != nil {
			return nil, fmt.Errorf("read incident link: %w", err)
		}
		l.Kind, l.LinkedAt = LinkKind(kind), l.LinkedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// LinkedTo lists the organisation's incidents a report or finding is linked
// to, newest first, for that record's own page.
func (s *Incidents) LinkedTo(ctx context.Context, scope vigil.Scope, kind LinkKind, targetID string) ([]Incident, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.where(ctx, `WHERE org_id = $1 AND id IN (SELECT incident_id FROM incident_links WHERE org_id = $1 AND kind = $2 AND target_id = $3)
		ORDER BY created_at DESC`, scope.OrgID, string(kind), targetID)
}

// errNotConnected says Connect was not called: a fault in the wiring.
var errNotConnected = errors.New("incidents: Connect was not called")
