package findings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// FeedSource is a feed fetched on a schedule from a configured address, and how the
// last attempts went. ETag and LastModified are what the source last said, so the next
// fetch asks only for a newer document.
type FeedSource struct {
	Kind         FeedKind
	URL          string
	ETag         string
	LastModified string
	Shared       bool      // imported for every organisation, by a national centre
	Checked      time.Time // the last attempt, successful or not
	Succeeded    time.Time // the last attempt that worked, zero if none has
	Changed      time.Time // the last time the source sent a new document
	LastError    string    // why the last attempt failed; "" when it worked
	LastResult   string    // what the last successful attempt did, in words
	// Every is how often the source is asked for a newer document; zero for a source
	// recorded before intervals were kept.
	Every time.Duration
	// Since is, for a CSAF provider, the newest changes.csv or ROLIE timestamp whose
	// documents were all handled: the next run fetches only documents changed after it.
	Since time.Time
}

// Due is when the source is next asked for a newer document; zero when unknown.
func (f FeedSource) Due() time.Time {
	if f.Every <= 0 || f.Checked.IsZero() {
		return time.Time{}
	}
	return f.Checked.Add(f.Every)
}

// Failing reports whether the last attempt failed.
func (f FeedSource) Failing() bool { return f.LastError != "" }

// FeedSource reads what the organisation last recorded about fetching url; a source
// never fetched has only its kind and address.
func (s *Service) FeedSource(ctx context.Context, scope vigil.Scope, kind FeedKind, url string) (FeedSource, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return FeedSource{}, err
	}
	f := FeedSource{Kind: kind, URL: url}
	rows, err := s.sources(ctx, `WHERE org_id = $1 AND url = $2`, scope.OrgID, url)
	if err != nil || len(rows) == 0 {
		return f, err
	}
	return rows[0], nil
}

// RecordFetch keeps how an attempt to fetch a source went. It is bookkeeping about the
// schedule, not a change anyone made: what a fetch imports is audited by Import.
func (s *Service) RecordFetch(ctx context.Context, scope vigil.Scope, f FeedSource) error {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return err
	}
	// Two nodes may refresh at once: the upsert keeps whichever finished last.
	_, err := s.db.Exec(ctx, `INSERT INTO vuln_feed_sources (org_id, url, kind, shared, etag, last_modified, checked_at, succeeded_at, changed_at, last_error, last_result, every_seconds, provider_since)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (org_id, url) DO UPDATE SET kind = excluded.kind, shared = excluded.shared, etag = excluded.etag,
			last_modified = excluded.last_modified, checked_at = excluded.checked_at, succeeded_at = excluded.succeeded_at,
			changed_at = excluded.changed_at, last_error = excluded.last_error, last_result = excluded.last_result,
			every_seconds = excluded.every_seconds, provider_since = excluded.provider_since`,
		scope.OrgID, f.URL, f.Kind, shared(scope), f.ETag, f.LastModified, f.Checked.UTC(), nullTime(f.Succeeded), nullTime(f.Changed), f.LastError, f.LastResult, int64(f.Every/time.Second), nullTime(f.Since))
	if err != nil {
		return fmt.Errorf("record fetch of %s: %w", f.URL, err)
	}
	return nil
}

// FeedSources lists the scheduled feeds that apply to the organisation: its own and those
// a national centre fetches for everyone, failing ones first.
func (s *Service) FeedSources(ctx context.Context, scope vigil.Scope) ([]FeedSource, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	return s.sources(ctx, `WHERE org_id = $1 OR shared = $2 ORDER BY CASE WHEN last_error = '' THEN 1 ELSE 0 END, kind, url`, scope.OrgID, true)
}

func (s *Service) sources(ctx context.Context, where string, args ...any) ([]FeedSource, error) {
	rows, err := s.db.Query(ctx, `SELECT kind, url, shared, etag, last_modified, checked_at, succeeded_at, changed_at, last_error, last_result, every_seconds, provider_since
		FROM vuln_feed_sources `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read feed sources: %w", err)
	}
	defer rows.Close()
	var out []FeedSource
	for rows.Next() {
		var f FeedSource
		var succeeded, changed, since sql.NullTime
		var every int64
		if err := rows.Scan(&f.Kind, &f.URL, &f.Shared, &f.ETag, &f.LastModified, &f.Checked, &succeeded, &changed, &f.LastError, &f.LastResult, &every, &since); err != nil {
			return nil, fmt.Errorf("read feed source: %w", err)
		}
		f.Succeeded, f.Changed, f.Every, f.Since = succeeded.Time, changed.Time, time.Duration(every)*time.Second, since.Time
		out = append(out, f)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read feed sources: %w", err)
	}
	return out, nil
}

func nullTime(t time.Time) sql.NullTime {
	return sql.NullTime{Time: t.UTC(), Valid: !t.IsZero()}
}
