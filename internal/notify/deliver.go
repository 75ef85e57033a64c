package notify

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Channel is how a delivery goes.
type Channel string

const (
	ChannelEmail   Channel = "email"
	ChannelWebhook Channel = "webhook"
)

// Where a delivery is in the outbox. Several nodes may send at once: each
// claims a delivery by moving its next attempt into the future first.
const (
	Pending = "pending"
	Sent    = "sent"
	Failed  = "failed" // given up: tried MaxAttempts times, or can never go
)

// Delivery is one e-mail or webhook post: exactly what is sent, and how
// sending it went.
type Delivery struct {
	ID        string
	OrgID     string
	PageID    string // "" for a test post
	Channel   Channel
	WebhookID string
	Recipient string // the e-mail address, or the webhook's name
	Subject   string // the e-mail's subject, or the event of a post
	Body      []byte
	Status    string
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// Attempt is one try at a delivery.
type Attempt struct {
	At         time.Time
	StatusCode int // the webhook's HTTP answer; 0 for e-mail or no answer
	Error      string
	Millis     int
}

// enqueue adds a delivery to the outbox inside the transaction that decided it.
func enqueue(ctx context.Context, tx *store.Tx, d Delivery, now time.Time) error {
	if d.ID == "" {
		d.ID = store.NewID()
	}
	if _, err := tx.Exec(ctx, `INSERT INTO notify_deliveries (id, org_id, page_id, channel, webhook_id, recipient, subject, body, status, attempts,
		next_at, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, '', $11)`,
		d.ID, d.OrgID, d.PageID, string(d.Channel), d.WebhookID, d.Recipient, d.Subject, d.Body, Pending, now.UTC(), now.UTC()); err != nil {
		return fmt.Errorf("queue notification: %w", err)
	}
	return nil
}

// flush sends what is due.
func (s *Service) flush(ctx context.Context, now time.Time) (int, error) {
	return s.db.EachID(ctx, func(ctx context.Context, id string) (bool, error) { return s.deliver(ctx, id, now) },
		`SELECT id FROM notify_deliveries WHERE status = $1 AND next_at <= $2 ORDER BY next_at, id LIMIT $3`, Pending, now.UTC(), tickBatch)
}

// deliver makes one attempt at a delivery and records it.
func (s *Service) deliver(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE notify_deliveries SET next_at = $1, attempts = attempts + 1 WHERE id = $2 AND status = $3 AND next_at <= $4`,
		now.Add(claimFor).UTC(), id, Pending, now.UTC())
	if err != nil {
		return false, fmt.Errorf("claim notification: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // another node has it
	}
	d, err := s.delivery(ctx, s.db, "", id)
	if err != nil {
		return false, err
	}
	started := time.Now()
	code, permanent, cause := s.send(ctx, d)
	a := Attempt{At: now.UTC(), StatusCode: code, Millis: int(time.Since(started) / time.Millisecond)}
	status, next := Sent, time.Time{}
	if cause != nil {
		a.Error = clip(cause.Error(), maxErrorLength)
		status, next = Pending, now.Add(Backoff(d.Attempts))
		if permanent || d.Attempts >= MaxAttempts {
			status = Failed
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO notify_attempts (id, org_id, delivery_id, at, status_code, error, millis) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			store.NewID(), d.OrgID, d.ID, a.At, a.StatusCode, a.Error, a.Millis); err != nil {
			return fmt.Errorf("record attempt: %w", err)
		}
		var sentAt any
		if status == Sent {
			sentAt = now.UTC()
		}
		if next.IsZero() {
			next = now
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_deliveries SET status = $1, next_at = $2, last_error = $3, sent_at = $4 WHERE id = $5`,
			status, next.UTC(), a.Error, sentAt, d.ID); err != nil {
			return fmt.Errorf("record delivery: %w", err)
		}
		if status == Pending {
			return nil
		}
		summary := fmt.Sprintf("Sent the %s to %s", d.Channel.noun(), d.Recipient)
		if status == Failed {
			summary = fmt.Sprintf("Gave up sending the %s to %s after %d attempts: %s", d.Channel.noun(), d.Recipient, d.Attempts, a.Error)
		}
		return audit.Record(ctx, tx, vigil.SystemActor(d.OrgID), audit.Change{Action: "notify", EntityType: "notification", EntityID: d.ID, Summary: clip(summary, 600)})
	})
	if err != nil {
		return false, err
	}
	if cause != nil {
		return false, fmt.Errorf("notification %s: %w", d.ID, cause)
	}
	return true, nil
}

func (c Channel) noun() string {
	if c == ChannelEmail {
		return "e-mail"
	}
	return "webhook post"
}

// Backoff is the wait after the attempts-th failed try: 30 s, 1 min, 2 min,
// … doubling up to an hour.
func Backoff(attempts int) time.Duration {
	d := FirstRetry
	for i := 1; i < attempts && d < LongestRetry; i++ {
		d *= 2
	}
	return min(d, LongestRetry)
}

// send makes the attempt. permanent says trying again cannot help.
func (s *Service) send(ctx context.Context, d Delivery) (code int, permanent bool, err error) {
	if d.Channel == ChannelEmail {
		if s.sender == nil {
			return 0, true, errors.New("no mail relay is set up for Vigil, so e-mails cannot go")
		}
		err := s.sender.Send(ctx, feedback.Message{To: d.Recipient, Subject: d.Subject, Text: string(d.Body)})
		return 0, err != nil && feedback.IsPermanent(err), err
	}
	var url, secret string
	err = s.db.QueryRow(ctx, `SELECT url, secret FROM notify_webhooks WHERE org_id = $1 AND id = $2`, d.OrgID, d.WebhookID).Scan(&url, &secret)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, true, errors.New("the webhook has been deleted")
	}
	if err != nil {
		return 0, false, fmt.Errorf("read webhook: %w", err)
	}
	u, err := CheckURL(url, s.loopback)
	if err != nil {
		return 0, true, err
	}
	if ExampleHost(u.Hostname()) {
		return 0, true, fmt.Errorf("not sent: %s is an example address that reaches nobody, so Vigil posts nothing there; give the webhook its real address", u.Hostname())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		return 0, true, fmt.Errorf("build the post: %w", err)
	}
	// Signed with the real time, whatever the scheduling clock says:
	// receivers check it against their own clocks to refuse replays.
	ts := time.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Vigil-Notify/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, d.Body))
	req.Header.Set(HeaderDelivery, d.ID)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, false, fmt.Errorf("post to the webhook: %w", err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, MaxReplyBytes))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return resp.StatusCode, false, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return resp.StatusCode, true, fmt.Errorf("the webhook answered %s, a redirect, which Vigil never follows: give the final address", resp.Status)
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return resp.StatusCode, false, fmt.Errorf("the webhook answered %s: %s", resp.Status, clip(string(reply), 200))
	}
	return resp.StatusCode, true, fmt.Errorf("the webhook refused the post with %s: %s", resp.Status, clip(string(reply), 200))
}

const deliveryColumns = `id, org_id, page_id, channel, webhook_id, recipient, subject, body, status, attempts, next_at, last_error, created_at, sent_at`

func scanDelivery(row interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var ch string
	var sent sql.NullTime
	if err := row.Scan(&d.ID, &d.OrgID, &d.PageID, &ch, &d.WebhookID, &d.Recipient, &d.Subject, &d.Body, &d.Status, &d.Attempts, &d.NextAt,
		&d.LastError, &d.CreatedAt, &sent); err != nil {
		return Delivery{}, err
	}
	d.Channel, d.NextAt, d.CreatedAt = Channel(ch), d.NextAt.UTC(), d.CreatedAt.UTC()
	if sent.Valid {
		d.SentAt = sent.Time.UTC()
	}
	return d, nil
}

// delivery reads one delivery; orgID "" is Vigil's own background work.
func (s *Service) delivery(ctx context.Context, q store.Querier, orgID, id string) (Delivery, error) {
	where, args := ` WHERE id = $1`, []any{id}
	if orgID != "" {
		where, args = ` WHERE id = $1 AND org_id = $2`, append(args, orgID)
	}
	d, err := scanDelivery(q.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM notify_deliveries`+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, vigil.Errorf(vigil.NotFound, "There is no such notification.")
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("read notification %s: %w", id, err)
	}
	return d, nil
}
