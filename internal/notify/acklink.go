package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// An acknowledge link lets the person e-mailed acknowledge from their phone
// without signing in. The token in it is 32 random bytes; Vigil keeps only
// its SHA-256, with the page, the person and the step it was sent for. It
// acknowledges that page only, as that person, once, and only until the page
// would escalate: once it has moved on, the link is dead.

// AckLinkPath is where acknowledge links point; the token follows it.
const AckLinkPath = "/notifications/ack/"

// ackTokenLength is the length of a token: 32 bytes in unpadded base64url.
const ackTokenLength = 43

func newAckToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make an acknowledge link: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashAckToken checks a token from a link is one Vigil could have made and
// returns the hash it is kept under.
func hashAckToken(token string) (string, error) {
	if len(token) != ackTokenLength {
		return "", errBadAckLink
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 {
		return "", errBadAckLink
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), nil
}

var errBadAckLink = vigil.Errorf(vigil.NotFound, "This link is not one Vigil made, or part of it is missing. Sign in to Vigil to acknowledge.")

// issueAckLink stores a link for person to acknowledge p at its current
// step and returns its address, "" when Vigil does not know its own address
// or the page asks for no acknowledgement.
func (s *Service) issueAckLink(ctx context.Context, tx *store.Tx, orgID string, p Page, person OnCall, now time.Time) (string, error) {
	if s.baseURL == "" || p.DueAt.IsZero() {
		return "", nil
	}
	token, err := newAckToken()
	if err != nil {
		return "", err
	}
	hash, err := hashAckToken(token)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO notify_ack_links (token_hash, org_id, page_id, user_id, step, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		hash, orgID, p.ID, person.UserID, p.Step, p.DueAt.UTC(), now.UTC()); err != nil {
		return "", fmt.Errorf("store acknowledge link: %w", err)
	}
	return s.baseURL + AckLinkPath + token, nil
}

// AckInvite is what an acknowledge link offers, for its confirm page.
type AckInvite struct {
	Title     string // the alert's or incident's
	Incident  bool
	Person    string // whom the link was sent to
	ExpiresAt time.Time
}

type ackLink struct {
	hash, orgID, pageID, userID string
	step                        int
	expiresAt                   time.Time
	used                        bool
}

// readAckLink finds the link and its page and says why it cannot be used,
// if it cannot. q is a transaction that holds the link's row when it will
// be used.
func (s *Service) readAckLink(ctx context.Context, q store.Querier, token, lock string, now time.Time) (ackLink, Page, error) {
	hash, err := hashAckToken(token)
	if err != nil {
		return ackLink{}, Page{}, err
	}
	l := ackLink{hash: hash}
	var used sql.NullTime
	err = q.QueryRow(ctx, `SELECT org_id, page_id, user_id, step, expires_at, used_at FROM notify_ack_links WHERE token_hash = $1`+lock, hash).
		Scan(&l.orgID, &l.pageID, &l.userID, &l.step, &l.expiresAt, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return ackLink{}, Page{}, errBadAckLink
	}
	if err != nil {
		return ackLink{}, Page{}, fmt.Errorf("read acknowledge link: %w", err)
	}
	l.used = used.Valid
	p, err := s.page(ctx, q, l.orgID, l.pageID)
	if err != nil {
		return ackLink{}, Page{}, err
	}
	switch {
	case p.Acknowledged():
		return l, p, vigil.Errorf(vigil.Conflict, "%s already acknowledged this at %s. Nothing more to do.", p.AckedBy, p.AckedAt.Format("15:04 on 2 January"))
	case l.used:
		return l, p, vigil.Errorf(vigil.Conflict, "This link has been used already. Sign in to Vigil to see where things stand.")
	case !now.Before(l.expiresAt) || p.Step != l.step || p.DueAt.IsZero():
		return l, p, vigil.Errorf(vigil.Conflict, "This link has expired: the notification has moved on to %s. Sign in to Vigil to acknowledge it.", p.PagedName)
	}
	return l, p, nil
}

// AckInviteFor reads what an acknowledge link would acknowledge, changing
// nothing: a mail scanner that opens the link does no harm.
func (s *Service) AckInviteFor(ctx context.Context, token string) (AckInvite, error) {
	l, p, err := s.readAckLink(ctx, s.db, token, "", s.clock().UTC())
	if err != nil {
		return AckInvite{}, err
	}
	who, err := s.orgs.ScopeOf(ctx, l.userID)
	if err != nil {
		return AckInvite{}, err
	}
	return AckInvite{Title: p.Title, Incident: p.IncidentID != "", Person: who.Name, ExpiresAt: l.expiresAt}, nil
}

// AcknowledgeByLink acknowledges the page of a link as the person it was
// sent to, with the same timeline entry and audit record as from the
// notifications page, and uses the link up.
func (s *Service) AcknowledgeByLink(ctx context.Context, token string) (Page, vigil.Scope, error) {
	now := s.clock().UTC()
	l, _, err := s.readAckLink(ctx, s.db, token, "", now)
	if err != nil {
		return Page{}, vigil.Scope{}, err
	}
	who, err := s.orgs.ScopeOf(ctx, l.userID)
	if err != nil {
		return Page{}, vigil.Scope{}, err
	}
	if who.OrgID != l.orgID || !who.Can(vigil.WriteIncidents) {
		return Page{}, vigil.Scope{}, vigil.Errorf(vigil.Forbidden, "Your account can no longer acknowledge notifications. Ask your Vigil administrator.")
	}
	var out Page
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		l, p, err := s.readAckLink(ctx, tx, token, tx.Dialect.LockRows(), now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_ack_links SET used_at = $1 WHERE token_hash = $2`, now, l.hash); err != nil {
			return fmt.Errorf("use acknowledge link: %w", err)
		}
		out, err = s.acknowledge(ctx, tx, who, p, "by the link in the e-mail")
		return err
	})
	return out, who, err
}
