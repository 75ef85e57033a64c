package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The steps of an escalation.
const (
	StepOnCall = 0 // whoever is on call by the rota
	StepNext   = 1 // the next person on the rota
	StepCentre = 2 // the national centre's analysts
)

// Page is one alert group or incident a rule told someone about, and, when
// the rule asks for it, whether anyone has acknowledged it.
type Page struct {
	ID         string
	RuleID     string
	Subject    Subject // Alerts or Incidents
	SubjectID  string  // the alert group's key or the incident's id
	IncidentID string
	AlertID    string // the first alert of the group
	Title      string
	Priority   int
	Step       int
	PagedName  string    // who was last asked, in words
	DueAt      time.Time // when it escalates if not acknowledged; zero: it will not
	AckedAt    time.Time
	AckedBy    string
	CreatedAt  time.Time
}

// Acknowledged reports whether someone has the page in hand.
func (p Page) Acknowledged() bool { return !p.AckedAt.IsZero() }

// Waiting reports whether the page waits for someone to acknowledge it.
func (p Page) Waiting() bool { return !p.Acknowledged() && !p.DueAt.IsZero() }

// StepLabel says how far the page has escalated.
func (p Page) StepLabel() string {
	switch p.Step {
	case StepOnCall:
		return "On call"
	case StepNext:
		return "Next on the rota"
	}
	return "National centre"
}

const pageColumns = `id, rule_id, subject, subject_id, incident_id, alert_id, title, priority, step, paged_name, due_at, acked_at, acked_by, created_at`

func scanPage(row interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var subject string
	var due, acked sql.NullTime
	if err := row.Scan(&p.ID, &p.RuleID, &subject, &p.SubjectID, &p.IncidentID, &p.AlertID, &p.Title, &p.Priority, &p.Step, &p.PagedName,
		&due, &acked, &p.AckedBy, &p.CreatedAt); err != nil {
		return Page{}, err
	}
	p.Subject, p.CreatedAt = Subject(subject), p.CreatedAt.UTC()
	if due.Valid {
		p.DueAt = due.Time.UTC()
	}
	if acked.Valid {
		p.AckedAt = acked.Time.UTC()
	}
	return p, nil
}

// PageFilter narrows Pages.
type PageFilter struct {
	Waiting    bool   // only those waiting for an acknowledgement
	IncidentID string // only this incident's
}

// Pages lists the organisation's pages, newest first, at most 200.
func (s *Service) Pages(ctx context.Context, scope vigil.Scope, f PageFilter) ([]Page, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	q, args := `SELECT `+pageColumns+` FROM notify_pages WHERE org_id = $1`, []any{scope.OrgID}
	if f.Waiting {
		q += ` AND acked_at IS NULL AND due_at IS NOT NULL`
	}
	if f.IncidentID != "" {
		args = append(args, f.IncidentID)
		q += fmt.Sprintf(` AND incident_id = $%d`, len(args))
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY created_at DESC, id LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, fmt.Errorf("read page: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Service) page(ctx context.Context, q store.Querier, orgID, id string) (Page, error) {
	p, err := scanPage(q.QueryRow(ctx, `SELECT `+pageColumns+` FROM notify_pages WHERE org_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Page{}, vigil.Errorf(vigil.NotFound, "There is no such notification.")
	}
	if err != nil {
		return Page{}, fmt.Errorf("read page: %w", err)
	}
	return p, nil
}

// Acknowledge says the signed-in person has the page in hand: it stops
// escalating. Acknowledging one already acknowledged changes nothing.
func (s *Service) Acknowledge(ctx context.Context, scope vigil.Scope, id string) (Page, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Page{}, err
	}
	var out Page
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p, err := s.page(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		out = p
		if p.Acknowledged() {
			return nil
		}
		out, err = s.acknowledge(ctx, tx, scope, p, "")
		return err
	})
	return out, err
}

// AcknowledgeIncident acknowledges every page of an incident still waiting
// and answers how many there were.
func (s *Service) AcknowledgeIncident(ctx context.Context, scope vigil.Scope, incidentID string) (int, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return 0, err
	}
	if _, err := s.incidents.Get(ctx, scope, incidentID); err != nil {
		return 0, err
	}
	waiting, err := s.Pages(ctx, scope, PageFilter{Waiting: true, IncidentID: incidentID})
	if err != nil {
		return 0, err
	}
	if len(waiting) == 0 {
		return 0, vigil.Errorf(vigil.Conflict, "Nothing about this incident is waiting to be acknowledged.")
	}
	n := 0
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range waiting {
			if _, err := s.acknowledge(ctx, tx, scope, p, ""); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// acknowledge records that scope's person has the page in hand; how says
// how, when not on a signed-in page ("by the link in the e-mail").
func (s *Service) acknowledge(ctx context.Context, tx *store.Tx, scope vigil.Scope, p Page, how string) (Page, error) {
	now, who := s.clock().UTC(), scope.Actor().Label
	res, err := tx.Exec(ctx, `UPDATE notify_pages SET acked_at = $1, acked_by = $2, due_at = NULL WHERE org_id = $3 AND id = $4 AND acked_at IS NULL`,
		now, who, scope.OrgID, p.ID)
	if err != nil {
		return Page{}, fmt.Errorf("acknowledge: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return p, err // someone else just did
	}
	p.AckedAt, p.AckedBy, p.DueAt = now, who, time.Time{}
	summary := fmt.Sprintf("%s acknowledged the notification (%s)", who, p.StepLabel())
	if how != "" {
		summary = fmt.Sprintf("%s acknowledged the notification %s (%s)", who, how, p.StepLabel())
	}
	if p.IncidentID != "" {
		if err := incident.AddEvent(ctx, tx, scope, p.IncidentID, incident.Acknowledged, summary); err != nil {
			return Page{}, err
		}
	}
	r, err := s.rule(ctx, tx, scope.OrgID, p.RuleID, true)
	if err != nil {
		return Page{}, err
	}
	o, err := s.orgs.OrganisationByID(ctx, scope.OrgID)
	if err != nil {
		return Page{}, err
	}
	if err := s.post(ctx, tx, o, r, p, EventAcknowledged, who, now); err != nil {
		return Page{}, err
	}
	return p, audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "acknowledge", EntityType: p.entity(), EntityID: p.entityID(),
		Summary: summary + ": " + p.Title})
}

func (p Page) entity() string {
	if p.IncidentID != "" {
		return "incident"
	}
	return "alert"
}

func (p Page) entityID() string {
	if p.IncidentID != "" {
		return p.IncidentID
	}
	return p.AlertID
}

// link is where the page's subject is seen in Vigil.
func (s *Service) link(p Page) string {
	if s.baseURL == "" {
		return ""
	}
	if p.IncidentID != "" {
		return s.baseURL + "/monitoring/incidents/" + p.IncidentID
	}
	return s.baseURL + "/monitoring/notifications"
}

// message is what a page says at this moment.
func (s *Service) message(o org.Organisation, r Rule, p Page, ev Event, who string, now time.Time) message {
	return message{Event: ev, PageID: p.ID, Kind: p.Subject, SubjectID: p.entityID(), Title: p.Title, Priority: p.Priority,
		Organisation: o.Name, OrgCode: o.Code, Link: s.link(p), Who: who, AckBy: p.DueAt, Rule: r.Name, At: now}
}

// post queues the rule's webhook post about the page, if it has a webhook.
func (s *Service) post(ctx context.Context, tx *store.Tx, o org.Organisation, r Rule, p Page, ev Event, who string, now time.Time) error {
	if r.WebhookID == "" {
		return nil
	}
	w, err := s.webhook(ctx, tx, o.ID, r.WebhookID)
	if vigil.IsNotFound(err) {
		return nil // deleted since; the rule was deleted too
	}
	if err != nil {
		return err
	}
	body, err := s.message(o, r, p, ev, who, now).body(w.Format)
	if err != nil {
		return fmt.Errorf("compose webhook post: %w", err)
	}
	if len(body) > MaxPostBytes {
		return fmt.Errorf("webhook post of %d bytes is over the %d-byte limit", len(body), MaxPostBytes)
	}
	return enqueue(ctx, tx, Delivery{OrgID: o.ID, PageID: p.ID, Channel: ChannelWebhook, WebhookID: w.ID, Recipient: w.Name,
		Subject: string(ev), Body: body}, now)
}
