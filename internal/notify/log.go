package notify

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// MaxLog is the most deliveries a log shows.
const MaxLog = 200

// Deliveries lists the organisation's deliveries, newest first: those to
// one webhook when webhookID is set, else all of them.
func (s *Service) Deliveries(ctx context.Context, scope vigil.Scope, webhookID string) ([]Delivery, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	q, args := `SELECT `+deliveryColumns+` FROM notify_deliveries WHERE org_id = $1`, []any{scope.OrgID}
	if webhookID != "" {
		q, args = q+` AND webhook_id = $2`, append(args, webhookID)
	}
	rows, err := s.db.Query(ctx, q+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, MaxLog), args...)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("read notification: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Delivery returns one of the organisation's deliveries with its attempts, oldest first.
func (s *Service) Delivery(ctx context.Context, scope vigil.Scope, id string) (Delivery, []Attempt, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Delivery{}, nil, err
	}
	d, err := s.delivery(ctx, s.db, scope.OrgID, id)
	if err != nil {
		return Delivery{}, nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT at, status_code, error, millis FROM notify_attempts WHERE org_id = $1 AND delivery_id = $2 ORDER BY at, id`, scope.OrgID, id)
	if err != nil {
		return Delivery{}, nil, fmt.Errorf("list attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := rows.Scan(&a.At, &a.StatusCode, &a.Error, &a.Millis); err != nil {
			return Delivery{}, nil, fmt.Errorf("read attempt: %w", err)
		}
		a.At = a.At.UTC()
		out = append(out, a)
	}
	return d, out, rows.Err()
}

// TestWebhook posts a test message to a webhook now and answers the
// delivery as it stands after the first attempt; a failure is retried like
// any other.
func (s *Service) TestWebhook(ctx context.Context, scope vigil.Scope, id string) (Delivery, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Delivery{}, err
	}
	w, err := s.Webhook(ctx, scope, id)
	if err != nil {
		return Delivery{}, err
	}
	o, err := s.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return Delivery{}, err
	}
	now := s.clock().UTC()
	body, err := s.message(o, Rule{}, Page{}, EventTest, scope.Name, now).body(w.Format)
	if err != nil {
		return Delivery{}, fmt.Errorf("compose test post: %w", err)
	}
	d := Delivery{ID: store.NewID(), OrgID: scope.OrgID, Channel: ChannelWebhook, WebhookID: w.ID, Recipient: w.Name, Subject: string(EventTest), Body: body}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := enqueue(ctx, tx, d, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "test", EntityType: "webhook", EntityID: w.ID, Summary: "Sent a test post to the webhook " + w.Name})
	})
	if err != nil {
		return Delivery{}, err
	}
	_, _ = s.deliver(ctx, d.ID, now) // the outcome is in the delivery's record
	d, err = s.delivery(ctx, s.db, scope.OrgID, d.ID)
	return d, err
}
