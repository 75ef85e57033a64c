package lrs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Bounds on one run of the worker.
const (
	// MaxBatch is how many statements go in one request: small enough for
	// any store's request limit, large enough that a busy week drains fast.
	MaxBatch = 50
	// maxBatchesPerOrg is how many requests one organisation gets per run,
	// so that one busy organisation does not starve the others.
	maxBatchesPerOrg = 20
	maxOrgsPerRun    = 100
	// claimFor is how long a claim lasts: a node that dies mid-send leaves
	// its statements to be claimed again after this.
	claimFor     = 5 * time.Minute
	maxReasonLen = 500
	// APIVersion is the xAPI version Vigil speaks.
	APIVersion = "1.0.3"
)

// KeepDelivered is how long a statement is kept once its store has it:
// long enough to see on the status page that sending works, not a second
// copy of the store.
const KeepDelivered = 30 * 24 * time.Hour

// Flush sends the statements that are due, in every organisation that has
// sending on, and answers how many reached their store. It forgets those
// delivered more than KeepDelivered ago.
func (s *Service) Flush(ctx context.Context) (int, error) {
	now := s.clock()
	if _, err := s.db.Exec(ctx, `DELETE FROM training_lrs_statements WHERE status = $1 AND delivered_at < $2`,
		Delivered, now.Add(-KeepDelivered).UTC()); err != nil {
		return 0, fmt.Errorf("forget delivered xAPI statements: %w", err)
	}
	total := 0
	_, err := s.db.EachID(ctx, func(ctx context.Context, orgID string) (bool, error) {
		n, err := s.flushOrg(ctx, orgID, now)
		total += n
		return n > 0, err
	}, `SELECT DISTINCT q.org_id FROM training_lrs_statements q JOIN training_lrs l ON l.org_id = q.org_id
		WHERE l.enabled = $1 AND q.status = $2 AND q.next_at <= $3 ORDER BY q.org_id LIMIT $4`, true, Queued, now.UTC(), maxOrgsPerRun)
	if err != nil {
		return total, fmt.Errorf("send xAPI statements: %w", err)
	}
	return total, nil
}

// claimed is one statement this node is sending.
type claimed struct {
	id, body string
	tries    int
}

func (s *Service) flushOrg(ctx context.Context, orgID string, now time.Time) (int, error) {
	c, err := s.settings(ctx, s.db, orgID)
	if err != nil || !c.enabled || c.endpoint == "" {
		return 0, err
	}
	sent := 0
	for range maxBatchesPerOrg {
		batch, err := s.claim(ctx, orgID, now)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		n, stop, err := s.send(ctx, orgID, c, batch, now)
		sent += n
		if err != nil || stop {
			return sent, err
		}
	}
	return sent, nil
}

// claim takes up to MaxBatch due statements of an organisation for this
// node, the oldest first.
func (s *Service) claim(ctx context.Context, orgID string, now time.Time) ([]claimed, error) {
	var out []claimed
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, body, attempts FROM training_lrs_statements WHERE org_id = $1 AND status = $2 AND next_at <= $3
			ORDER BY created_at, id LIMIT $4`, orgID, Queued, now.UTC(), MaxBatch)
		if err != nil {
			return fmt.Errorf("read due xAPI statements: %w", err)
		}
		var due []claimed
		for rows.Next() {
			var c claimed
			if err := rows.Scan(&c.id, &c.body, &c.tries); err != nil {
				rows.Close()
				return err
			}
			due = append(due, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range due {
			res, err := tx.Exec(ctx, `UPDATE training_lrs_statements SET next_at = $1, attempts = attempts + 1
				WHERE org_id = $2 AND id = $3 AND status = $4 AND next_at <= $5`, now.Add(claimFor).UTC(), orgID, c.id, Queued, now.UTC())
			if err != nil {
				return fmt.Errorf("claim xAPI statement: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 { // otherwise another node has it
				c.tries++
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

// answer is what became of one request to a store.
type answer struct {
	outcome outcome
	reason  string        // for the admin, when it did not go
	wait    time.Duration // asked for by the store
}

type outcome int

const (
	stored  outcome = iota // 200, 204; or 409 for one statement: it has it already
	refused                // 400, 409 or 413 for a batch: something in it is wrong or there already
	retry                  // the network, 429, 5xx, redirects and other answers: try again later
)

// send posts a batch, and records what became of each statement. A batch
// the store refuses is sent again one by one, so that one wrong statement
// does not hold up the rest and a store that has some of them already
// takes the others. stop says the store is failing: leave the rest for
// later.
func (s *Service) send(ctx context.Context, orgID string, c credentials, batch []claimed, now time.Time) (int, bool, error) {
	a := s.post(ctx, c, batch)
	switch {
	case a.outcome == stored:
		return len(batch), false, s.delivered(ctx, orgID, batch, now)
	case a.outcome == refused && len(batch) > 1:
		sent := 0
		var errs error
		for _, one := range batch {
			n, stop, err := s.send(ctx, orgID, c, []claimed{one}, now)
			sent += n
			errs = errors.Join(errs, err)
			if stop {
				// The rest of the batch waits out its claim and goes later.
				return sent, true, errs
			}
		}
		return sent, false, errs
	case a.outcome == refused:
		return 0, false, s.park(ctx, orgID, batch[0], a.reason)
	default:
		return 0, true, s.later(ctx, orgID, batch, a, now)
	}
}

// post sends statements to the store's statements resource.
func (s *Service) post(ctx context.Context, c credentials, batch []claimed) answer {
	var body bytes.Buffer
	body.WriteByte('[')
	for i, st := range batch {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(st.body)
	}
	body.WriteByte(']')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint+"/statements", &body)
	if err != nil {
		return answer{outcome: retry, reason: "The address of the learning record store cannot be used: " + err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Experience-API-Version", APIVersion)
	req.SetBasicAuth(c.key, c.secret)
	res, err := s.client.Do(req)
	if err != nil {
		if errors.Is(err, errRedirect) {
			return answer{outcome: retry, reason: errRedirect.Error()}
		}
		return answer{outcome: retry, reason: "Could not reach the learning record store: " + err.Error()}
	}
	defer res.Body.Close()
	said, _ := io.ReadAll(io.LimitReader(res.Body, maxAnswerBytes))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // so the connection can be used again
	reason := fmt.Sprintf("The learning record store answered %s", res.Status)
	if text := strings.TrimSpace(strings.ToValidUTF8(string(said), "")); text != "" {
		reason += ": " + text
	}
	switch {
	case res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNoContent:
		return answer{outcome: stored}
	case res.StatusCode == http.StatusConflict && len(batch) == 1:
		// The store has a statement with this id: it is there already.
		return answer{outcome: stored}
	case res.StatusCode == http.StatusBadRequest || res.StatusCode == http.StatusConflict || res.StatusCode == http.StatusRequestEntityTooLarge:
		return answer{outcome: refused, reason: reason}
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
		return answer{outcome: retry, reason: reason + " (check the key and secret)"}
	default:
		return answer{outcome: retry, reason: reason, wait: RetryAfter(res.Header.Get("Retry-After"), s.clock())}
	}
}

func (s *Service) delivered(ctx context.Context, orgID string, batch []claimed, now time.Time) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, c := range batch {
			if _, err := tx.Exec(ctx, `UPDATE training_lrs_statements SET status = $1, delivered_at = $2, last_error = '' WHERE org_id = $3 AND id = $4`,
				Delivered, now.UTC(), orgID, c.id); err != nil {
				return fmt.Errorf("mark xAPI statement delivered: %w", err)
			}
		}
		return audit.Record(ctx, tx, vigil.SystemActor(orgID), audit.Change{Action: "notify", EntityType: "training-lrs", EntityID: orgID,
			Summary: fmt.Sprintf("Sent %s to the learning record store", plural(len(batch), "quiz result statement", "quiz result statements"))})
	})
}

func (s *Service) park(ctx context.Context, orgID string, c claimed, reason string) error {
	reason = clip(reason)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE training_lrs_statements SET status = $1, last_error = $2 WHERE org_id = $3 AND id = $4`,
			Parked, reason, orgID, c.id); err != nil {
			return fmt.Errorf("park xAPI statement: %w", err)
		}
		return audit.Record(ctx, tx, vigil.SystemActor(orgID), audit.Change{Action: "update", EntityType: "training-lrs", EntityID: orgID,
			Summary: "The learning record store refused a quiz result statement; it waits for an admin: " + reason})
	})
}

// later records a failed try: each statement is tried again after a wait
// that doubles with its tries, or the store's Retry-After when longer.
func (s *Service) later(ctx context.Context, orgID string, batch []claimed, a answer, now time.Time) error {
	reason := clip(a.reason)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, c := range batch {
			if _, err := tx.Exec(ctx, `UPDATE training_lrs_statements SET next_at = $1, last_error = $2 WHERE org_id = $3 AND id = $4 AND status = $5`,
				now.Add(backoff(c.tries, a.wait)).UTC(), reason, orgID, c.id, Queued); err != nil {
				return fmt.Errorf("record xAPI statement failure: %w", err)
			}
		}
		return nil
	})
}

func clip(s string) string {
	if len(s) > maxReasonLen {
		s = strings.ToValidUTF8(s[:maxReasonLen], "") + "…"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
