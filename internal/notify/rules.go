package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Subject is what a rule watches.
type Subject string

const (
	Alerts    Subject = "alert"    // new alert groups from the detection tools
	Incidents Subject = "incident" // newly opened incidents
	Both      Subject = "any"      // either
)

// Subjects lists every subject.
var Subjects = []Subject{Incidents, Alerts, Both}

// Label is the subject in words.
func (s Subject) Label() string {
	switch s {
	case Alerts:
		return "New alerts"
	case Incidents:
		return "New incidents"
	case Both:
		return "New alerts and new incidents"
	}
	return string(s)
}

func (s Subject) covers(kind Subject) bool { return s == Both || s == kind }

// Priority thresholds a rule may use: the bottom of each band of
// monitor.Band, so a rule reads "High and above".
var Thresholds = []int{15, 8, 4, 1}

// ThresholdLabel says a threshold in words.
func ThresholdLabel(p int) string { return monitor.Band(p) + " and above" }

// Ack times a rule may ask for, in minutes; 0 means no acknowledgement.
var AckChoices = []int{0, 5, 10, 15, 30, 60}

// Rule says which alerts and incidents are sent where.
type Rule struct {
	ID          string
	Name        string
	Subject     Subject
	MinPriority int
	ServiceID   string // only those putting this clinical service at risk; "" for any
	EmailOnCall bool   // e-mail whoever is on call by the rota
	WebhookID   string // post to this webhook; "" for none
	WebhookName string
	// AckWithin is how long the person paged has to acknowledge before the
	// page escalates; zero means no acknowledgement is asked for.
	AckWithin time.Duration
	CreatedBy string
	CreatedAt time.Time
}

// RuleDraft is what someone gives to add a rule.
type RuleDraft struct {
	Name        string
	Subject     Subject
	MinPriority int
	ServiceID   string
	EmailOnCall bool
	WebhookID   string
	AckMinutes  int
}

// CreateRule adds a rule. It applies to alerts and incidents from now on.
func (s *Service) CreateRule(ctx context.Context, scope vigil.Scope, d RuleDraft) (Rule, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Rule{}, err
	}
	now := s.clock().UTC()
	r := Rule{ID: store.NewID(), Name: alert.CleanText(d.Name, MaxName), Subject: d.Subject, MinPriority: d.MinPriority, ServiceID: d.ServiceID,
		EmailOnCall: d.EmailOnCall, WebhookID: d.WebhookID, AckWithin: time.Duration(d.AckMinutes) * time.Minute, CreatedBy: scope.Name, CreatedAt: now}
	problems := map[string]string{}
	if r.Name == "" {
		problems["name"] = "Give the rule a name, such as Patients at risk out of hours"
	}
	if !slices.Contains(Subjects, r.Subject) {
		problems["subject"] = "Choose what the rule watches"
	}
	if !slices.Contains(Thresholds, r.MinPriority) {
		problems["min_priority"] = "Choose the lowest priority that notifies"
	}
	if !slices.Contains(AckChoices, d.AckMinutes) {
		problems["ack_minutes"] = "Choose how long someone has to acknowledge"
	}
	if !r.EmailOnCall && r.WebhookID == "" {
		problems["channel"] = "Choose at least one way to notify: e-mail the person on call, or a webhook"
	}
	if d.AckMinutes > 0 && !r.EmailOnCall {
		problems["ack_minutes"] = "Escalation goes to people by e-mail: also e-mail the person on call, or ask for no acknowledgement"
	}
	if r.WebhookID != "" {
		w, err := s.webhook(ctx, s.db, scope.OrgID, r.WebhookID)
		switch {
		case vigil.IsNotFound(err):
			problems["webhook_id"] = "Choose one of your webhooks"
		case err != nil:
			return Rule{}, err
		}
		r.WebhookName = w.Name
	}
	if r.ServiceID != "" {
		if problem, err := s.checkService(ctx, scope, r.ServiceID); err != nil {
			return Rule{}, err
		} else if problem != "" {
			problems["service_id"] = problem
		}
	}
	if len(problems) > 0 {
		return Rule{}, vigil.InvalidFields("Check the rule.", problems)
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM notify_rules WHERE org_id = $1 AND deleted_at IS NULL`, scope.OrgID).Scan(&n); err != nil {
			return fmt.Errorf("count rules: %w", err)
		}
		if n >= MaxRules {
			return vigil.Errorf(vigil.Conflict, "Your organisation has %d notification rules, the most it may have. Delete one first.", n)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notify_rules (id, org_id, name, subject, min_priority, service_id, email_on_call, webhook_id, ack_minutes,
			scanned_until, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			r.ID, scope.OrgID, r.Name, string(r.Subject), r.MinPriority, r.ServiceID, r.EmailOnCall, r.WebhookID, d.AckMinutes, now, r.CreatedBy, now); err != nil {
			return fmt.Errorf("add rule: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "notification-rule", EntityID: r.ID,
			Summary: "Added the notification rule " + r.Name, After: map[string]any{"subject": r.Subject, "min_priority": r.MinPriority,
				"service": r.ServiceID, "email_on_call": r.EmailOnCall, "webhook": r.WebhookName, "ack_minutes": d.AckMinutes}})
	})
	if err != nil {
		return Rule{}, err
	}
	return r, nil
}

// checkService says what is wrong with a service id, "" when the care map has it.
func (s *Service) checkService(ctx context.Context, scope vigil.Scope, id string) (string, error) {
	reader := vigil.SystemScope(scope.Org(), "Notification rules", []vigil.Role{vigil.SecurityAnalyst})
	m, err := s.maps.Map(ctx, reader)
	switch {
	case vigil.IsNotFound(err):
		return "There is no care map yet, so no service to choose", nil
	case err != nil:
		return "", err
	}
	if _, ok := m.Service(id); !ok {
		return "Choose a service from your care map", nil
	}
	return "", nil
}

const ruleColumns = `r.id, r.name, r.subject, r.min_priority, r.service_id, r.email_on_call, r.webhook_id, COALESCE(w.name, ''), r.ack_minutes, r.created_by, r.created_at`

func scanRule(row interface{ Scan(...any) error }) (Rule, error) {
	var r Rule
	var subject string
	var ack int
	if err := row.Scan(&r.ID, &r.Name, &subject, &r.MinPriority, &r.ServiceID, &r.EmailOnCall, &r.WebhookID, &r.WebhookName, &ack, &r.CreatedBy, &r.CreatedAt); err != nil {
		return Rule{}, err
	}
	r.Subject, r.AckWithin, r.CreatedAt = Subject(subject), time.Duration(ack)*time.Minute, r.CreatedAt.UTC()
	return r, nil
}

// Rules lists the organisation's rules, most urgent first.
func (s *Service) Rules(ctx context.Context, scope vigil.Scope) ([]Rule, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+ruleColumns+` FROM notify_rules r LEFT JOIN notify_webhooks w ON w.org_id = r.org_id AND w.id = r.webhook_id
		WHERE r.org_id = $1 AND r.deleted_at IS NULL ORDER BY r.min_priority DESC, r.name, r.id`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list notification rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, fmt.Errorf("read notification rule: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// rule reads a rule that is not deleted, or with deleted set, one that is
// (a page made before the rule was deleted still escalates by it).
func (s *Service) rule(ctx context.Context, q store.Querier, orgID, id string, deleted bool) (Rule, error) {
	where := ` AND r.deleted_at IS NULL`
	if deleted {
		where = ``
	}
	r, err := scanRule(q.QueryRow(ctx, `SELECT `+ruleColumns+` FROM notify_rules r LEFT JOIN notify_webhooks w ON w.org_id = r.org_id AND w.id = r.webhook_id
		WHERE r.org_id = $1 AND r.id = $2`+where, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Rule{}, vigil.Errorf(vigil.NotFound, "There is no such notification rule.")
	}
	if err != nil {
		return Rule{}, fmt.Errorf("read notification rule: %w", err)
	}
	return r, nil
}

// DeleteRule removes a rule. Pages it already made run their course, so a
// rule deleted in a hurry never silences an escalation under way.
func (s *Service) DeleteRule(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.rule(ctx, tx, scope.OrgID, id, false)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_rules SET deleted_at = $1 WHERE org_id = $2 AND id = $3`, s.clock().UTC(), scope.OrgID, id); err != nil {
			return fmt.Errorf("delete notification rule: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "delete", EntityType: "notification-rule", EntityID: id,
			Summary: "Deleted the notification rule " + r.Name})
	})
}
