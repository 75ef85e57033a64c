package bulletin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Bulletins keeps the bulletins. Analysts write their organisation's
// (vigil.TriageReports: they are the ones who judge lures); the national
// centre's analysts also write national ones (vigil.WarnAcrossOrgs).
type Bulletins struct {
	db    *store.DB
	orgs  *org.Store
	clock func() time.Time
	loc   *time.Location
}

// New returns the bulletins on db. Dates typed in forms are UK dates.
func New(db *store.DB, orgs *org.Store, clock func() time.Time) *Bulletins {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		loc = time.UTC // no time zone data: a day out at worst
	}
	return &Bulletins{db: db, orgs: orgs, clock: clock, loc: loc}
}

// MaxListed bounds every list: a few dozen bulletins are live at most.
const MaxListed = 200

var errNoBulletin = vigil.Errorf(vigil.NotFound, "There is no such bulletin in your organisation.")

const columns = `id, org_id, national, title, looks_like, what_to_do, link, audience, status, publish_from, expires_at,
	campaign_id, created_by, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Bulletin, error) {
	var b Bulletin
	var audience string
	var from, expires sql.NullTime
	err := row.Scan(&b.ID, &b.OrgID, &b.National, &b.Title, &b.LooksLike, &b.WhatToDo, &b.Link, &audience, &b.Status,
		&from, &expires, &b.CampaignID, &b.CreatedBy, &b.CreatedAt, &b.UpdatedAt)
	if audience != "" {
		b.Audience = strings.Split(audience, ",")
	}
	if from.Valid {
		t := from.Time.UTC()
		b.PublishFrom = &t
	}
	if expires.Valid {
		t := expires.Time.UTC()
		b.ExpiresAt = &t
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, err
}

func (s *Bulletins) query(ctx context.Context, q store.Querier, sqlText string, args ...any) ([]Bulletin, error) {
	rows, err := q.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("list bulletins: %w", err)
	}
	defer rows.Close()
	var out []Bulletin
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read bulletin: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Written lists the bulletins the caller's organisation wrote, drafts
// included, newest first.
func (s *Bulletins) Written(ctx context.Context, scope vigil.Scope) ([]Bulletin, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	return s.query(ctx, s.db, `SELECT `+columns+` FROM training_bulletins WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
		scope.OrgID, MaxListed)
}

// Bulletin returns one bulletin the caller may read: one of their
// organisation's, or a published national one.
func (s *Bulletins) Bulletin(ctx context.Context, scope vigil.Scope, id string) (Bulletin, error) {
	b, err := scan(s.db.QueryRow(ctx, `SELECT `+columns+` FROM training_bulletins
		WHERE id = $1 AND (org_id = $2 OR (national = $3 AND status = $4))`, id, scope.OrgID, true, Published))
	if errors.Is(err, sql.ErrNoRows) {
		return Bulletin{}, errNoBulletin
	}
	if err != nil {
		return Bulletin{}, fmt.Errorf("load bulletin: %w", err)
	}
	if b.OrgID == scope.OrgID && b.Status != Published && !scope.Can(vigil.TriageReports) {
		return Bulletin{}, errNoBulletin // drafts and withdrawn ones are for analysts
	}
	return b, nil
}

// Current lists what staff see now: the organisation's published
// bulletins and the national ones, live and for the person's job role,
// newest first.
func (s *Bulletins) Current(ctx context.Context, scope vigil.Scope) ([]Bulletin, error) {
	jobRole := ""
	if scope.Person() != "" {
		me, err := s.orgs.Myself(ctx, scope)
		if err != nil && !vigil.IsNotFound(err) {
			return nil, err
		}
		jobRole = string(me.JobRole)
	}
	return s.currentFor(ctx, scope.OrgID, jobRole)
}

// CurrentIn lists every live bulletin of an organisation whoever it is
// for, for Vigil's own work such as the weekly e-mail; For picks each
// person's.
func (s *Bulletins) CurrentIn(ctx context.Context, scope vigil.Scope) ([]Bulletin, error) {
	return s.currentFor(ctx, scope.OrgID, "")
}

func (s *Bulletins) currentFor(ctx context.Context, orgID, jobRole string) ([]Bulletin, error) {
	now := s.clock().UTC()
	all, err := s.query(ctx, s.db, `SELECT `+columns+` FROM training_bulletins WHERE status = $1 AND (org_id = $2 OR national = $3)
		AND (publish_from IS NULL OR publish_from <= $4) AND (expires_at IS NULL OR expires_at > $4)
		ORDER BY publish_from DESC, id DESC LIMIT $5`, Published, orgID, true, now, MaxListed)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, b := range all {
		if b.For(jobRole) {
			out = append(out, b)
		}
	}
	return out, nil
}

// canWrite checks the caller may write a bulletin that is, or will be,
// national or not.
func canWrite(scope vigil.Scope, national bool) error {
	if national {
		return scope.Require(vigil.WarnAcrossOrgs)
	}
	return scope.Require(vigil.TriageReports)
}

// Create saves a new draft.
func (s *Bulletins) Create(ctx context.Context, scope vigil.Scope, d Details) (Bulletin, error) {
	if err := canWrite(scope, d.National); err != nil {
		return Bulletin{}, err
	}
	now := s.clock().UTC()
	from, expires, err := d.check(now, s.loc)
	if err != nil {
		return Bulletin{}, err
	}
	b := Bulletin{ID: store.NewID(), OrgID: scope.OrgID, Status: Draft, CreatedBy: scope.Name, CreatedAt: now, UpdatedAt: now}
	b.fill(d, from, expires)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		return s.insert(ctx, tx, scope.Actor(), b, "Drafted the bulletin "+quote(b.Title))
	})
	return b, err
}

func (b *Bulletin) fill(d Details, from, expires *time.Time) {
	b.Title, b.LooksLike, b.WhatToDo = strings.TrimSpace(d.Title), strings.TrimSpace(d.LooksLike), strings.TrimSpace(d.WhatToDo)
	audience := slices.Clone(d.Audience)
	slices.Sort(audience)
	b.Link, b.Audience, b.National, b.PublishFrom, b.ExpiresAt = strings.TrimSpace(d.Link), slices.Compact(audience), d.National, from, expires
}

func (s *Bulletins) insert(ctx context.Context, tx *store.Tx, actor vigil.Actor, b Bulletin, summary string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO training_bulletins (`+columns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		b.ID, b.OrgID, b.National, b.Title, b.LooksLike, b.WhatToDo, b.Link, strings.Join(b.Audience, ","), b.Status,
		b.PublishFrom, b.ExpiresAt, b.CampaignID, b.CreatedBy, b.CreatedAt, b.UpdatedAt); err != nil {
		return fmt.Errorf("save bulletin: %w", err)
	}
	return audit.Record(ctx, tx, actor, audit.Change{Action: "create", EntityType: "bulletin", EntityID: b.ID,
		Summary: summary, After: b.record()})
}

// record is what the audit trail keeps of a bulletin.
func (b Bulletin) record() map[string]any {
	return map[string]any{"title": b.Title, "looks_like": b.LooksLike, "what_to_do": b.WhatToDo, "link": b.Link,
		"audience": b.Audience, "status": b.Status, "national": b.National, "publish_from": b.PublishFrom, "expires_at": b.ExpiresAt}
}

// Update changes a bulletin of the caller's organisation. A published one
// stays published with the new words: fixing a typo should not take it down.
func (s *Bulletins) Update(ctx context.Context, scope vigil.Scope, id string, d Details) (Bulletin, error) {
	now := s.clock().UTC()
	from, expires, err := d.check(now, s.loc)
	if err != nil {
		return Bulletin{}, err
	}
	return s.change(ctx, scope, id, d.National, func(b *Bulletin) (string, error) {
		b.fill(d, from, expires)
		return "Changed the bulletin " + quote(b.Title), nil
	})
}

// Publish shows a bulletin to staff, from its start date (today when it
// has none) until its expiry date (DefaultLife when it has none).
func (s *Bulletins) Publish(ctx context.Context, scope vigil.Scope, id string) (Bulletin, error) {
	return s.change(ctx, scope, id, false, func(b *Bulletin) (string, error) {
		if b.Status == Published {
			return "", vigil.Errorf(vigil.Conflict, "This bulletin is already published.")
		}
		now := s.clock().UTC()
		if b.PublishFrom == nil || b.PublishFrom.Before(now) {
			b.PublishFrom = &now
		}
		if b.ExpiresAt == nil || !b.ExpiresAt.After(now) {
			e := b.PublishFrom.Add(DefaultLife)
			b.ExpiresAt = &e
		}
		b.Status = Published
		return "Published the bulletin " + quote(b.Title), nil
	})
}

// Withdraw takes a bulletin down; it stays on the analysts' list.
func (s *Bulletins) Withdraw(ctx context.Context, scope vigil.Scope, id string) (Bulletin, error) {
	return s.change(ctx, scope, id, false, func(b *Bulletin) (string, error) {
		if b.Status != Published {
			return "", vigil.Errorf(vigil.Conflict, "Only a published bulletin can be withdrawn.")
		}
		b.Status = Withdrawn
		return "Withdrew the bulletin " + quote(b.Title), nil
	})
}

// change loads a bulletin the caller's organisation wrote (another's,
// national or not, is NotFound), applies edit and records it.
func (s *Bulletins) change(ctx context.Context, scope vigil.Scope, id string, national bool, edit func(*Bulletin) (string, error)) (Bulletin, error) {
	if err := canWrite(scope, national); err != nil {
		return Bulletin{}, err
	}
	var out Bulletin
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		b, err := scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM training_bulletins WHERE id = $1 AND org_id = $2`, id, scope.OrgID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoBulletin
		}
		if err != nil {
			return fmt.Errorf("load bulletin: %w", err)
		}
		if err := canWrite(scope, b.National); err != nil {
			return err
		}
		before := b.record()
		summary, err := edit(&b)
		if err != nil {
			return err
		}
		b.UpdatedAt = s.clock().UTC()
		if _, err := tx.Exec(ctx, `UPDATE training_bulletins SET national = $1, title = $2, looks_like = $3, what_to_do = $4, link = $5,
			audience = $6, status = $7, publish_from = $8, expires_at = $9, updated_at = $10 WHERE id = $11 AND org_id = $12`,
			b.National, b.Title, b.LooksLike, b.WhatToDo, b.Link, strings.Join(b.Audience, ","), b.Status, b.PublishFrom, b.ExpiresAt,
			b.UpdatedAt, b.ID, scope.OrgID); err != nil {
			return fmt.Errorf("save bulletin: %w", err)
		}
		out = b
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "bulletin", EntityID: b.ID,
			Summary: summary, Before: before, After: b.record()})
	})
	return out, err
}

func quote(s string) string { return "“" + s + "”" }
