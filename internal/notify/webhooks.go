package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Format is the shape of what a webhook receives.
type Format string

const (
	Generic Format = "generic" // Vigil's own JSON, for a SOAR, a ticketing system or a pager service
	Teams   Format = "teams"   // a Microsoft Teams incoming webhook or workflow: an Adaptive Card message
	Slack   Format = "slack"   // a Slack incoming webhook: text with blocks
)

// Formats lists every format.
var Formats = []Format{Generic, Teams, Slack}

// Label is the format in words.
func (f Format) Label() string {
	switch f {
	case Generic:
		return "Signed JSON (any system)"
	case Teams:
		return "Microsoft Teams"
	case Slack:
		return "Slack"
	}
	return string(f)
}

// Webhook is an address Vigil posts to. Its secret never leaves the
// service after creation, except to sign.
type Webhook struct {
	ID        string
	Name      string
	URL       string
	Format    Format
	CreatedBy string
	CreatedAt time.Time
}

// CreateWebhook adds a webhook and answers its signing secret, which is
// shown this once and never again.
func (s *Service) CreateWebhook(ctx context.Context, scope vigil.Scope, name, rawURL string, f Format) (Webhook, string, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Webhook{}, "", err
	}
	w := Webhook{ID: store.NewID(), Name: alert.CleanText(name, MaxName), URL: strings.TrimSpace(rawURL), Format: f,
		CreatedBy: scope.Name, CreatedAt: s.clock().UTC()}
	problems := map[string]string{}
	if w.Name == "" {
		problems["name"] = "Give the webhook a name people will recognise, such as the channel it posts to"
	}
	if _, err := CheckURL(w.URL, s.loopback); err != nil {
		problems["url"] = "Check the address: " + err.Error()
	}
	if !slices.Contains(Formats, f) {
		problems["format"] = "Choose what the webhook expects"
	}
	if len(problems) > 0 {
		return Webhook{}, "", vigil.InvalidFields("Check the webhook's details.", problems)
	}
	secret := newSecret()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var n, same int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(CASE WHEN name = $2 THEN 1 END) FROM notify_webhooks WHERE org_id = $1`, scope.OrgID, w.Name).Scan(&n, &same); err != nil {
			return fmt.Errorf("count webhooks: %w", err)
		}
		if same > 0 {
			return vigil.InvalidFields("Check the webhook's details.", map[string]string{"name": "There is already a webhook with this name"})
		}
		if n >= MaxWebhooks {
			return vigil.Errorf(vigil.Conflict, "Your organisation has %d webhooks, the most it may have. Delete one first.", n)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notify_webhooks (id, org_id, name, url, format, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			w.ID, scope.OrgID, w.Name, w.URL, string(w.Format), secret, w.CreatedBy, w.CreatedAt); err != nil {
			return fmt.Errorf("add webhook: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "webhook", EntityID: w.ID,
			Summary: "Added the webhook " + w.Name, After: map[string]any{"url": w.URL, "format": w.Format}})
	})
	if err != nil {
		return Webhook{}, "", err
	}
	return w, secret, nil
}

// Webhooks lists the organisation's webhooks by name.
func (s *Service) Webhooks(ctx context.Context, scope vigil.Scope) ([]Webhook, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, name, url, format, created_by, created_at FROM notify_webhooks WHERE org_id = $1 ORDER BY name, id`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func scanWebhook(row interface{ Scan(...any) error }) (Webhook, error) {
	var w Webhook
	var f string
	if err := row.Scan(&w.ID, &w.Name, &w.URL, &f, &w.CreatedBy, &w.CreatedAt); err != nil {
		return Webhook{}, err
	}
	w.Format, w.CreatedAt = Format(f), w.CreatedAt.UTC()
	return w, nil
}

// Webhook returns one of the organisation's webhooks; another's is not found.
func (s *Service) Webhook(ctx context.Context, scope vigil.Scope, id string) (Webhook, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Webhook{}, err
	}
	return s.webhook(ctx, s.db, scope.OrgID, id)
}

func (s *Service) webhook(ctx context.Context, q store.Querier, orgID, id string) (Webhook, error) {
	w, err := scanWebhook(q.QueryRow(ctx, `SELECT id, name, url, format, created_by, created_at FROM notify_webhooks WHERE org_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Webhook{}, vigil.Errorf(vigil.NotFound, "There is no such webhook.")
	}
	if err != nil {
		return Webhook{}, fmt.Errorf("read webhook: %w", err)
	}
	return w, nil
}

// DeleteWebhook removes a webhook no rule uses; its delivery log stays.
func (s *Service) DeleteWebhook(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		w, err := s.webhook(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		var used int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM notify_rules WHERE org_id = $1 AND webhook_id = $2 AND deleted_at IS NULL`, scope.OrgID, id).Scan(&used); err != nil {
			return fmt.Errorf("check webhook use: %w", err)
		}
		if used > 0 {
			return vigil.Errorf(vigil.Conflict, "A notification rule still posts to %s. Delete or change that rule first.", w.Name)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notify_webhooks WHERE org_id = $1 AND id = $2`, scope.OrgID, id); err != nil {
			return fmt.Errorf("delete webhook: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "delete", EntityType: "webhook", EntityID: id,
			Summary: "Deleted the webhook " + w.Name, Before: map[string]any{"url": w.URL, "format": w.Format}})
	})
}
