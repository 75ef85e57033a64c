package incident

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Incidents keeps the organisation's incidents. Every method takes the
// caller's scope and touches that organisation's incidents only.
type Incidents struct {
	db    *store.DB
	maps  *mapstore.Store
	orgs  *org.Store
	alert *monitor.Monitor
	clock func() time.Time
	// Set by Connect: the hazard log that reviews add hazards to, and what
	// reports and findings can be linked from.
	hazards   *hazard.Log
	linkables map[LinkKind]Linkables
}

// New returns the incidents service on db.
func New(db *store.DB, maps *mapstore.Store, orgs *org.Store, alerts *monitor.Monitor, clock func() time.Time) *Incidents {
	if clock == nil {
		clock = store.Now
	}
	return &Incidents{db: db, maps: maps, orgs: orgs, alert: alerts, clock: clock}
}

// Draft is what an analyst gives to open an incident.
type Draft struct {
	Title    string
	Playbook string
	Severity alert.Severity
	AssetIDs []string
	AlertIDs []string // alerts to link; their groups' open alerts come too
}

// FirstUpdate is when clinical teams first hear again after an incident opens.
const FirstUpdate = time.Hour

const maxTitle = 200

func codeOf(ref int) string { return fmt.Sprintf("INC-%03d", ref) }

// Open opens an incident from a playbook: its tasks are the playbook's
// steps, its continuity plan is the impact engine's answer for its assets,
// and the alerts named (with the open alerts of their groups) are linked to it.
// With no assets named, the assets of the linked alerts are used.
func (s *Incidents) Open(ctx context.Context, scope vigil.Scope, d Draft) (Incident, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Incident{}, err
	}
	problems := map[string]string{}
	d.Title = alert.CleanText(d.Title, maxTitle)
	p, ok := PlaybookByID(d.Playbook)
	if !ok {
		problems["playbook"] = "Choose the kind of incident"
	}
	if d.Title == "" {
		d.Title = p.Name
	}
	if d.Severity < alert.Info || d.Severity > alert.Critical {
		problems["severity"] = "Choose how severe the incident is"
	}
	if len(problems) > 0 {
		return Incident{}, vigil.InvalidFields("Check the incident's details.", problems)
	}
	for _, id := range d.AlertIDs {
		a, err := s.alert.Alert(ctx, scope, id)
		if err != nil {
			return Incident{}, err
		}
		if a.AssetID != "" && !slices.Contains(d.AssetIDs, a.AssetID) {
			d.AssetIDs = append(d.AssetIDs, a.AssetID)
		}
	}
	c, err := s.continuity(ctx, scope, p, d.AssetIDs)
	if err != nil {
		return Incident{}, err
	}
	now := s.clock()
	inc := Incident{ID: store.NewID(), OrgID: scope.OrgID, Title: d.Title, Playbook: p.ID, Status: Investigating, Severity: d.Severity,
		OwnerID: scope.Person(), OwnerName: scope.Name, AssetIDs: d.AssetIDs, Continuity: c, NextUpdate: now.Add(FirstUpdate),
		CreatedBy: scope.Name, CreatedAt: now, UpdatedAt: now}
	if inc.AssetIDs == nil {
		inc.AssetIDs = []string{}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(ref), 0) + 1 FROM incidents WHERE org_id = $1`, scope.OrgID).Scan(&inc.Ref); err != nil {
			return fmt.Errorf("number incident: %w", err)
		}
		assets, _ := json.Marshal(inc.AssetIDs)
		plan, _ := json.Marshal(inc.Continuity)
		if _, err := tx.Exec(ctx, `INSERT INTO incidents (id, org_id, ref, title, playbook, status, severity, owner_id, owner_name, asset_ids, continuity,
			next_update_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			inc.ID, inc.OrgID, inc.Ref, inc.Title, inc.Playbook, string(inc.Status), int(inc.Severity), inc.OwnerID, inc.OwnerName,
			string(assets), string(plan), inc.NextUpdate, inc.CreatedBy, now, now); err != nil {
			return fmt.Errorf("insert incident: %w", err)
		}
		if err := addTasks(ctx, tx, inc, p); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, scope, inc.ID, Opened, fmt.Sprintf("Opened %s from the %s playbook", inc.Code(), p.Name)); err != nil {
			return err
		}
		if len(d.AlertIDs) > 0 {
			linked, err := monitor.LinkIncident(ctx, tx, scope.OrgID, inc.ID, d.AlertIDs)
			if err != nil {
				return err
			}
			if err := addEvent(ctx, tx, scope, inc.ID, AlertLinked, fmt.Sprintf("Linked %d alerts", len(linked))); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "incident", EntityID: inc.ID,
			Summary: fmt.Sprintf("Opened %s: %s", inc.Code(), inc.Title), After: map[string]any{"playbook": p.ID, "severity": inc.Severity.String(), "assets": inc.AssetIDs}})
	})
	if err != nil {
		return Incident{}, err
	}
	return inc, nil
}

// continuity works out the plan from the current care map; without one the
// plan says so and lists nobody's procedures.
func (s *Incidents) continuity(ctx context.Context, scope vigil.Scope, p Playbook, assetIDs []string) (Continuity, error) {
	reader := vigil.SystemScope(scope.Org(), "Incident continuity", []vigil.Role{vigil.SecurityAnalyst})
	m, err := s.maps.Map(ctx, reader)
	var c Continuity
	switch {
	case vigil.CodeOf(err) == vigil.NotFound:
		c = Continuity{NoMap: true}
	case err != nil:
		return Continuity{}, err
	default:
		for _, id := range assetIDs {
			if _, ok := m.Asset(id); !ok {
				return Continuity{}, vigil.InvalidFields("Check the assets.", map[string]string{"assets": fmt.Sprintf("%q is not an asset in the care map", id)})
			}
		}
		if c, err = continuityOf(m, p, assetIDs); err != nil {
			return Continuity{}, err
		}
	}
	csos, err := s.orgs.Holders(ctx, scope, vigil.ClinicalSafetyOfficer)
	if err != nil {
		return Continuity{}, err
	}
	for _, h := range csos {
		c.Tell = append(c.Tell, h.Name+" (Clinical Safety Officer)")
	}
	return c, nil
}

func addTasks(ctx context.Context, tx *store.Tx, inc Incident, p Playbook) error {
	pos := 0
	for _, side := range []struct {
		side  Side
		steps []string
	}{{Security, p.Security}, {Clinical, p.Clinical}} {
		for _, step := range side.steps {
			pos++
			if _, err := tx.Exec(ctx, `INSERT INTO incident_tasks (id, org_id, incident_id, position, side, summary, done_by) VALUES ($1, $2, $3, $4, $5, $6, '')`,
				store.NewID(), inc.OrgID, inc.ID, pos, string(side.side), step); err != nil {
				return fmt.Errorf("add incident task: %w", err)
			}
		}
	}
	return nil
}

func addEvent(ctx context.Context, tx *store.Tx, scope vigil.Scope, incidentID string, kind EventKind, summary string) error {
	a := scope.Actor()
	_, err := tx.Exec(ctx, `INSERT INTO incident_events (id, org_id, incident_id, at, actor_id, actor, kind, summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		store.NewID(), scope.OrgID, incidentID, store.Now(), a.ID, a.Label, string(kind), summary)
	if err != nil {
		return fmt.Errorf("add to incident timeline: %w", err)
	}
	return nil
}

const incidentColumns = `id, org_id, ref, title, playbook, status, severity, owner_id, owner_name, asset_ids, continuity,
	next_update_at, created_by, created_at, updated_at, closed_at`

func scanIncident(row interface{ Scan(...any) error }) (Incident, error) {
	var i Incident
	var status, assets, plan string
	var sev int
	var next, closed sql.NullTime
	if err := row.Scan(&i.ID, &i.OrgID, &i.Ref, &i.Title, &i.Playbook, &status, &sev, &i.OwnerID, &i.OwnerName, &assets, &plan,
		&next, &i.CreatedBy, &i.CreatedAt, &i.UpdatedAt, &closed); err != nil {
		return Incident{}, err
	}
	i.Status, i.Severity = Status(status), alert.Severity(sev)
	i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	if next.Valid {
		i.NextUpdate = next.Time.UTC()
	}
	if closed.Valid {
		i.ClosedAt = closed.Time.UTC()
	}
	if err := json.Unmarshal([]byte(assets), &i.AssetIDs); err != nil {
		return Incident{}, fmt.Errorf("read incident assets: %w", err)
	}
	if err := json.Unmarshal([]byte(plan), &i.Continuity); err != nil {
		return Incident{}, fmt.Errorf("read continuity plan: %w", err)
	}
	return i, nil
}

// List lists the organisation's incidents: those still running first, then
// the latest.
func (s *Incidents) List(ctx context.Context, scope vigil.Scope) ([]Incident, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return s.where(ctx, `WHERE org_id = $1 ORDER BY CASE WHEN status IN ($2, $3) THEN 1 ELSE 0 END, created_at DESC LIMIT 500`,
		scope.OrgID, string(Closed), string(FalseAlarm))
}

func (s *Incidents) where(ctx context.Context, where string, args ...any) ([]Incident, error) {
	rows, err := s.db.Query(ctx, `SELECT `+incidentColumns+` FROM incidents `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	var out []Incident
	for rows.Next() {
		i, err := scanIncident(rows)
		if err != nil {
			return nil, fmt.Errorf("read incident: %w", err)
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Get returns one incident; another organisation's is not found.
func (s *Incidents) Get(ctx context.Context, scope vigil.Scope, id string) (Incident, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Incident{}, err
	}
	return s.incident(ctx, scope.OrgID, id)
}

func (s *Incidents) incident(ctx context.Context, orgID, id string) (Incident, error) {
	i, err := scanIncident(s.db.QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents WHERE org_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Incident{}, vigil.Errorf(vigil.NotFound, "There is no such incident.")
	}
	if err != nil {
		return Incident{}, fmt.Errorf("read incident: %w", err)
	}
	return i, nil
}

// Timeline lists the incident's events, oldest first.
func (s *Incidents) Timeline(ctx context.Context, scope vigil.Scope, id string) ([]Event, error) {
	if _, err := s.Get(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT at, actor, kind, summary FROM incident_events WHERE org_id = $1 AND incident_id = $2 ORDER BY at, id`, scope.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("read incident timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var kind string
		if err := rows.Scan(&e.At, &e.Actor, &kind, &e.Summary); err != nil {
			return nil, err
		}
		e.At, e.Kind = e.At.UTC(), EventKind(kind)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Tasks lists the incident's tasks in playbook order.
func (s *Incidents) Tasks(ctx context.Context, scope vigil.Scope, id string) ([]Task, error) {
	if _, err := s.Get(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, position, side, summary, done_at, done_by FROM incident_tasks WHERE org_id = $1 AND incident_id = $2 ORDER BY position`, scope.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("read incident tasks: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var side string
		var done sql.NullTime
		if err := rows.Scan(&t.ID, &t.Position, &side, &t.Summary, &done, &t.DoneBy); err != nil {
			return nil, err
		}
		t.Side = Side(side)
		if done.Valid {
			t.DoneAt = done.Time.UTC()
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// MaxNote is the longest note, in characters.
const MaxNote = 4000

// Update is a change to a running incident: any of a note (or an action
// taken), a new status and the time of the next update for clinical teams.
type Update struct {
	Note       string
	IsAction   bool
	Status     Status    // empty: unchanged
	NextUpdate time.Time // zero: unchanged
	OwnerID    string    // a person of the organisation who may run incidents; empty: unchanged
}

// Record adds an update to the incident's timeline.
func (s *Incidents) Record(ctx context.Context, scope vigil.Scope, id string, u Update) (Incident, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Incident{}, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return Incident{}, err
	}
	u.Note = strings.TrimSpace(u.Note)
	problems := map[string]string{}
	if len([]rune(u.Note)) > MaxNote {
		problems["note"] = fmt.Sprintf("Keep the note under %d characters", MaxNote)
	}
	if u.Status != "" && !slices.Contains(Statuses, u.Status) {
		problems["status"] = "Choose a status from the list"
	}
	if !u.NextUpdate.IsZero() && !u.NextUpdate.After(s.clock()) {
		problems["next_update"] = "Give a time still to come for the next update"
	}
	var owner org.User
	if u.OwnerID != "" && u.OwnerID != inc.OwnerID {
		var problem string
		if owner, problem, err = s.Owner(ctx, scope, u.OwnerID); err != nil {
			return Incident{}, err
		}
		if problem != "" {
			problems["owner"] = problem
		}
	}
	if u.Note == "" && (u.Status == "" || u.Status == inc.Status) && u.NextUpdate.IsZero() && owner.ID == "" {
		problems["note"] = "Write what happened or what was done, or change the status"
	}
	if len(problems) > 0 {
		return Incident{}, vigil.InvalidFields("Check the update.", problems)
	}
	now := s.clock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if u.Note != "" {
			kind := Note
			if u.IsAction {
				kind = Action
			}
			if err := addEvent(ctx, tx, scope, id, kind, u.Note); err != nil {
				return err
			}
		}
		if u.Status != "" && u.Status != inc.Status {
			if err := addEvent(ctx, tx, scope, id, StatusSet, fmt.Sprintf("Status changed from %s to %s", inc.Status.Label(), u.Status.Label())); err != nil {
				return err
			}
			inc.Status = u.Status
			inc.ClosedAt = time.Time{}
			if u.Status.Ended() {
				inc.ClosedAt = now
			}
		}
		if owner.ID != "" {
			if err := addEvent(ctx, tx, scope, id, Note, fmt.Sprintf("Owner changed from %s to %s", inc.OwnerName, owner.Name)); err != nil {
				return err
			}
			inc.OwnerID, inc.OwnerName = owner.ID, owner.Name
		}
		if !u.NextUpdate.IsZero() {
			inc.NextUpdate = u.NextUpdate.UTC()
			if err := addEvent(ctx, tx, scope, id, Note, "Next update for clinical teams by "+inc.NextUpdate.Format("15:04 on 2 January")); err != nil {
				return err
			}
		}
		var closed any
		if !inc.ClosedAt.IsZero() {
			closed = inc.ClosedAt
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET status = $1, next_update_at = $2, closed_at = $3, updated_at = $4, owner_id = $5, owner_name = $6
			WHERE org_id = $7 AND id = $8`,
			string(inc.Status), inc.NextUpdate, closed, now, inc.OwnerID, inc.OwnerName, scope.OrgID, id); err != nil {
			return fmt.Errorf("update incident: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "incident", EntityID: id,
			Summary: "Updated " + inc.Code(), After: map[string]any{"status": inc.Status, "note": u.Note != "", "owner": inc.OwnerName}})
	})
	if err != nil {
		return Incident{}, err
	}
	inc.UpdatedAt = now
	return inc, nil
}

// Owner finds the person who is to own an incident, or be on call for one:
// someone of the caller's organisation, not disabled, whose roles let them
// run incidents. problem says why someone cannot, for the form field.
func (s *Incidents) Owner(ctx context.Context, scope vigil.Scope, id string) (u org.User, problem string, err error) {
	u, problem, err = s.person(ctx, scope, id)
	if err != nil || problem != "" {
		return org.User{}, problem, err
	}
	if !vigil.PersonScope(vigil.Org{ID: u.OrgID}, u.ID, u.Name, u.Email, u.Roles).Can(vigil.WriteIncidents) {
		return org.User{}, "Choose someone who may run incidents (a security analyst or an administrator)", nil
	}
	return u, "", nil
}

// person finds an active person of the caller's organisation, for an
// incident or a review action to be owned by; problem says why not.
func (s *Incidents) person(ctx context.Context, scope vigil.Scope, id string) (u org.User, problem string, err error) {
	lookup := vigil.SystemScope(vigil.Org{ID: scope.OrgID, Code: scope.OrgCode}, "Incident owner", []vigil.Role{vigil.OrgAdmin})
	u, err = s.orgs.User(ctx, lookup, id)
	switch {
	case vigil.CodeOf(err) == vigil.NotFound:
		return org.User{}, "Choose a person of your organisation", nil
	case err != nil:
		return org.User{}, "", err
	case u.Disabled:
		return org.User{}, "This person's account is switched off: choose someone else", nil
	}
	return u, "", nil
}

// CompleteTask marks a task done.
func (s *Incidents) CompleteTask(ctx context.Context, scope vigil.Scope, id, taskID string) error {
	return s.markDone(ctx, scope, id, taskID, checklist{table: "incident_tasks", noun: "task", entityType: "incident-task",
		event: TaskDone, timeline: "Done: ", audit: " done: "})
}

// checklist is one of an incident's lists of things to do: its tasks, or
// its review's actions.
type checklist struct {
	table      string // where the list is kept
	noun       string // what an item is called, for "There is no such … still to do."
	entityType string // the audit record's
	event      EventKind
	// timeline and audit are the words before the item's summary on the
	// incident's timeline, and after the incident's code in the audit trail.
	timeline, audit string
}

// markDone marks one item of a list done, on the timeline and in the audit trail.
func (s *Incidents) markDone(ctx context.Context, scope vigil.Scope, id, itemID string, list checklist) error {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var summary string
		err := tx.QueryRow(ctx, `SELECT summary FROM `+list.table+` WHERE org_id = $1 AND incident_id = $2 AND id = $3 AND done_at IS NULL`,
			scope.OrgID, id, itemID).Scan(&summary)
		if errors.Is(err, sql.ErrNoRows) {
			return vigil.Errorf(vigil.NotFound, "There is no such %s still to do.", list.noun)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", list.noun, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE `+list.table+` SET done_at = $1, done_by = $2 WHERE org_id = $3 AND id = $4`,
			s.clock(), scope.Name, scope.OrgID, itemID); err != nil {
			return fmt.Errorf("complete %s: %w", list.noun, err)
		}
		if err := addEvent(ctx, tx, scope, id, list.event, list.timeline+summary); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: list.entityType, EntityID: itemID,
			Summary: inc.Code() + list.audit + summary})
	})
}

// Briefing returns an incident for the plain-English summary any member of
// staff of the organisation may read: site managers and clinical leads need
// to know what is down and what to do without an analyst's access.
func (s *Incidents) Briefing(ctx context.Context, scope vigil.Scope, id string) (Incident, error) {
	if err := scope.Require(vigil.ReadOrganisation); err != nil {
		return Incident{}, err
	}
	return s.incident(ctx, scope.OrgID, id)
}

// Briefings lists the organisation's incidents still running, newest first,
// for the notice every member of staff sees on the home page.
func (s *Incidents) Briefings(ctx context.Context, scope vigil.Scope) ([]Incident, error) {
	if err := scope.Require(vigil.ReadOrganisation); err != nil {
		return nil, err
	}
	return s.where(ctx, `WHERE org_id = $1 AND status NOT IN ($2, $3) ORDER BY created_at DESC LIMIT 5`, scope.OrgID, string(Closed), string(FalseAlarm))
}
