package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/email/classify"
	"github.com/vigil-health/vigil/internal/store"
)

// Every verdict an analyst gives on a reported e-mail is labelled data. Each
// organisation keeps a classifier (package classify) that learns from its own
// verdicts — once per campaign, since a wave of copies is one lure — and the
// analysis of the next e-mail asks it. An organisation may also lean on the
// national centre's verdicts: with the SharedModel setting, its classifier
// starts from the centre's and adds its own.

// learnFrom teaches the organisation's model that an e-mail was a verdict,
// taking back what it learnt from the verdict before, if any. It runs in the
// verdict's own transaction, so a verdict and what was learnt from it stand
// or fall together.
func learnFrom(ctx context.Context, tx *store.Tx, orgID string, a *email.Analysis, was, now Verdict) error {
	before, unlearn := labelOf(was)
	after, learn := labelOf(now)
	if a == nil || (!learn && !unlearn) || (learn && unlearn && before == after) {
		return nil
	}
	m, err := loadModel(ctx, tx, orgID, tx.Dialect.LockRows())
	if err != nil {
		return err
	}
	if unlearn {
		m.Unlearn(a, before)
	}
	if learn {
		m.Learn(a, after)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		return fmt.Errorf("keep what was learnt: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO report_models (org_id, model, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (org_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`, orgID, b, store.Now()); err != nil {
		return fmt.Errorf("keep what was learnt: %w", err)
	}
	return nil
}

// labelOf is what a verdict teaches; false for verdicts that teach nothing
// about lures (a practice e-mail of our own, a call dealt with).
func labelOf(v Verdict) (classify.Label, bool) {
	switch v {
	case Malicious:
		return classify.LabelOf(email.Malicious)
	case Safe:
		return classify.LabelOf(email.Safe)
	case Spam:
		return classify.LabelOf(email.Spam)
	}
	return 0, false
}

// loadModel reads an organisation's model, or an empty one.
func loadModel(ctx context.Context, q store.Querier, orgID, lock string) (*classify.Model, error) {
	m := classify.New()
	var b []byte
	err := q.QueryRow(ctx, `SELECT model FROM report_models WHERE org_id = $1`+lock, orgID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil
	}
	if err == nil {
		err = m.UnmarshalBinary(b)
	}
	if err != nil {
		return nil, fmt.Errorf("read what was learnt: %w", err)
	}
	return m, nil
}

// classifiers keeps each organisation's model for analysing the e-mails it
// is sent, read again only when a verdict has changed it: a wave is
// thousands of analyses, and each costs one small query to check.
type classifiers struct {
	db   *store.DB
	orgs *org.Store
	mu   sync.Mutex
	kept map[string]keptModel
}

type keptModel struct {
	model   *classify.Model
	version string // when it, and the shared models it leans on, last changed
}

func newClassifiers(db *store.DB, orgs *org.Store) *classifiers {
	return &classifiers{db: db, orgs: orgs, kept: map[string]keptModel{}}
}

// For is the model an organisation's e-mails are judged by: its own, on the
// national centre's when it has opted in to that.
func (c *classifiers) For(ctx context.Context, o org.Organisation) (email.Classifier, error) {
	sources := []string{o.ID}
	if o.Settings.SharedModel && o.Type != org.NationalCentre {
		centres, err := c.orgs.NationalCentres(ctx)
		if err != nil {
			return nil, err
		}
		sources = append(sources, centres...)
	}
	version, err := c.version(ctx, sources)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	k, ok := c.kept[o.ID]
	c.mu.Unlock()
	if ok && k.version == version {
		return k.model, nil
	}
	m, err := loadModel(ctx, c.db, o.ID, "")
	if err != nil {
		return nil, err
	}
	for _, centre := range sources[1:] {
		shared, err := loadModel(ctx, c.db, centre, "")
		if err != nil {
			return nil, err
		}
		m.Merge(shared)
	}
	c.mu.Lock()
	c.kept[o.ID] = keptModel{m, version}
	c.mu.Unlock()
	return m, nil
}

// version says when the models of the organisations last changed.
func (c *classifiers) version(ctx context.Context, orgIDs []string) (string, error) {
	args, marks := inList(nil, orgIDs)
	rows, err := c.db.Query(ctx, `SELECT org_id, updated_at FROM report_models WHERE org_id IN (`+marks+`) ORDER BY org_id`, args...)
	if err != nil {
		return "", fmt.Errorf("check what was learnt: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s@%d;", id, at.UnixNano())
	}
	return b.String(), rows.Err()
}
