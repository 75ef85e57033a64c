package findings

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Refusal is a document a scheduled feed listed that Vigil would not import, and why:
// its hash or signature did not check out, it is not TLP:WHITE/CLEAR, or it could not
// be read. It stays listed until the document imports.
//
// RecordRefusals reads only DocumentURL, Reason and At; FeedURL and Shared are filled
// only when refusals are read back (Refusals), from the feed and scope that recorded them.
type Refusal struct {
	FeedURL     string
	DocumentURL string
	Reason      string
	At          time.Time
	Shared      bool // refused by a national centre's feed, for every organisation
}

// maxRefusalsShown keeps the uploads page readable when a provider breaks everything.
const maxRefusalsShown = 200

// RecordRefusals keeps the documents a run of feedURL refused and forgets the refusals
// of documents that have now imported (imported lists their addresses).
func (s *Service) RecordRefusals(ctx context.Context, scope vigil.Scope, feedURL string, refused []Refusal, imported []string) error {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, u := range imported {
			if _, err := tx.Exec(ctx, `DELETE FROM vuln_feed_refusals WHERE org_id = $1 AND feed_url = $2 AND document_url = $3`,
				scope.OrgID, feedURL, u); err != nil {
				return fmt.Errorf("forget refusal of %s: %w", u, err)
			}
		}
		for _, r := range refused {
			if _, err := tx.Exec(ctx, `INSERT INTO vuln_feed_refusals (org_id, feed_url, document_url, shared, reason, refused_at)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (org_id, feed_url, document_url) DO UPDATE SET shared = excluded.shared, reason = excluded.reason,
					refused_at = excluded.refused_at`,
				scope.OrgID, feedURL, r.DocumentURL, shared(scope), r.Reason, r.At.UTC()); err != nil {
				return fmt.Errorf("record refusal of %s: %w", r.DocumentURL, err)
			}
		}
		return nil
	})
}

// Refusals lists the documents refused by the scheduled feeds that apply to the
// organisation, its own and those a national centre fetches for everyone, newest first.
func (s *Service) Refusals(ctx context.Context, scope vigil.Scope) ([]Refusal, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT feed_url, document_url, reason, refused_at, shared FROM vuln_feed_refusals
		WHERE org_id = $1 OR shared = $2 ORDER BY refused_at DESC, feed_url, document_url LIMIT $3`, scope.OrgID, true, maxRefusalsShown)
	if err != nil {
		return nil, fmt.Errorf("read refused documents: %w", err)
	}
	defer rows.Close()
	var out []Refusal
	for rows.Next() {
		var r Refusal
		if err := rows.Scan(&r.FeedURL, &r.DocumentURL, &r.Reason, &r.At, &r.Shared); err != nil {
			return nil, fmt.Errorf("read refused document: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read refused documents: %w", err)
	}
	return out, nil
}
