// Package auth signs people and integrations in: passwords, sessions, OIDC
// and API tokens. It asks package org about people and never reads their
// tables; roles, permissions and the Scope they yield are package vigil's.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/cache"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Config holds the sign-in settings.
type Config struct {
	// IdleTimeout ends a session nobody has used for this long: shared ward
	// workstations are left signed in when a bleep goes off.
	IdleTimeout time.Duration
	// MaxAge ends every session this long after sign-in, used or not.
	MaxAge time.Duration
	// FailureLimit failed sign-ins to one account from one address within
	// FailureWindow lock that pair until the window passes (throttle.go).
	FailureLimit  int
	FailureWindow time.Duration
	// AccountFailureLimit is the slower limit for an account from addresses
	// it has not signed in from within KnownAddressFor.
	AccountFailureLimit int
	KnownAddressFor     time.Duration
	// AddressFailureLimit is the limit for one address across accounts.
	AddressFailureLimit int
	// Clock tells the time; nil is the real clock. Tests move it on.
	Clock func() time.Time
}

// DefaultConfig is 15 minutes idle, 12 hours at most (a long shift); in 15
// minutes, 5 failures to one account from one address, 20 to one account
// from new addresses, 50 from one address.
func DefaultConfig() Config {
	return Config{IdleTimeout: 15 * time.Minute, MaxAge: 12 * time.Hour, FailureLimit: 5, FailureWindow: 15 * time.Minute,
		AccountFailureLimit: 20, KnownAddressFor: 30 * 24 * time.Hour, AddressFailureLimit: 50}
}

// Service signs people in and out and checks sessions and tokens.
type Service struct {
	db     *store.DB
	people *org.Store
	cfg    Config
	clock  func() time.Time

	dummyOnce sync.Once
	dummyHash string
	verifier  *verifier
	// tokenOrgs keeps, for a few seconds, the organisations of tokens in
	// use: an integration calls many times a second. (The token itself and
	// its maker's roles are looked up every time: revoking either is at once.)
	tokenOrgs *cache.Recent[string, vigil.Org]
}

// New returns a Service on db that asks people about their accounts.
func New(db *store.DB, people *org.Store, cfg Config) *Service {
	clock := cfg.Clock
	if clock == nil {
		clock = store.Now
	}
	return &Service{db: db, people: people, cfg: cfg, clock: clock, verifier: newVerifier(runtime.NumCPU()),
		tokenOrgs: cache.New[string, vigil.Org](1000, 10*time.Second)}
}

// Config returns the settings in force.
func (s *Service) Config() Config { return s.cfg }

// ErrSignIn is the one answer to a wrong address or password: saying which
// would tell an attacker which addresses have accounts.
var ErrSignIn = vigil.Errorf(vigil.Unauthorized, "The email address or password is not right. Check them and try again.")

// SignIn checks a password and starts a session, returning its secret token.
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (string, vigil.Scope, error) {
	email = org.NormaliseEmail(email)
	keys, err := s.throttleKeys(ctx, email, ip)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	if err := s.reserve(ctx, keys); err != nil {
		return "", vigil.Scope{}, err
	}
	acc, err := s.people.AccountByEmail(ctx, email)
	if err != nil && !vigil.IsNotFound(err) {
		return "", vigil.Scope{}, err
	}
	hash := ""
	if err == nil {
		if hash, err = s.passwordHash(ctx, acc.UserID); err != nil {
			return "", vigil.Scope{}, err
		}
	}
	// Always spend one password check, whether or not the account exists or
	// is disabled, so timing reveals nothing about accounts.
	check := hash
	if check == "" {
		check = s.dummy()
	}
	matches, err := s.verifier.verify(ctx, check, password)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	ok := hash != "" && !acc.Disabled && matches
	if _, err := s.db.Exec(ctx, `INSERT INTO sign_in_attempts (id, email, ip, ok, at) VALUES ($1, $2, $3, $4, $5)`,
		store.NewID(), email, ip, ok, s.clock()); err != nil {
		return "", vigil.Scope{}, fmt.Errorf("record sign-in attempt: %w", err)
	}
	if !ok {
		return "", vigil.Scope{}, ErrSignIn
	}
	if err := s.release(ctx, keys); err != nil {
		return "", vigil.Scope{}, err
	}
	return s.StartSession(ctx, acc.UserID, "password")
}

func (s *Service) dummy() string {
	s.dummyOnce.Do(func() {
		s.dummyHash, _ = HashPassword("no such account, but take the time anyway")
	})
	return s.dummyHash
}

// StartSession creates a session for a person who has proved who they are
// (by password or by OIDC), recording how in the audit trail.
func (s *Service) StartSession(ctx context.Context, userID, method string) (string, vigil.Scope, error) {
	scope, err := s.ScopeOf(ctx, userID)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	token, hash, err := newSecret("")
	if err != nil {
		return "", vigil.Scope{}, err
	}
	now := s.clock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, hash, userID, scope.OrgID, now, now, now.Add(s.cfg.MaxAge)); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "sign-in", EntityType: "user", EntityID: userID, Summary: "Signed in (" + method + ")",
		})
	})
	if err != nil {
		return "", vigil.Scope{}, err
	}
	return token, scope, nil
}

// Session returns the scope of a live session and marks it used. An idle or
// expired session, or one of a person since disabled, answers Unauthorized.
func (s *Service) Session(ctx context.Context, token string) (vigil.Scope, error) {
	if token == "" {
		return vigil.Scope{}, errNoSession
	}
	hash := hashSecret(token)
	now := s.clock()
	var userID string
	var lastSeen time.Time
	err := s.db.QueryRow(ctx, `SELECT user_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3`,
		hash, now, now.Add(-s.cfg.IdleTimeout)).Scan(&userID, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return vigil.Scope{}, errNoSession
	}
	if err != nil {
		return vigil.Scope{}, fmt.Errorf("look up session: %w", err)
	}
	scope, err := s.ScopeOf(ctx, userID)
	if err != nil {
		return vigil.Scope{}, err
	}
	// Touch at most every 30 s: a page load is several requests, and each
	// would otherwise be a write queued behind SQLite's single writer.
	if now.Sub(lastSeen) > 30*time.Second {
		if _, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, hash); err != nil {
			return vigil.Scope{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return scope, nil
}

var errNoSession = vigil.Errorf(vigil.Unauthorized, "You have been signed out. Sign in again to carry on.")

// ScopeOf is the scope a person has when signed in; someone disabled or
// removed answers Unauthorized.
func (s *Service) ScopeOf(ctx context.Context, userID string) (vigil.Scope, error) {
	sc, err := s.people.ScopeOf(ctx, userID)
	if vigil.IsNotFound(err) {
		return vigil.Scope{}, errNoSession
	}
	return sc, err
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashSecret(token))
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// EndSessions signs a person out everywhere, inside the caller's
// transaction. Package org calls it when someone is disabled.
func EndSessions(ctx context.Context, q store.Querier, userID string) error {
	if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	return nil
}

// Sweep deletes ended sessions and old sign-in attempts.
func (s *Service) Sweep(ctx context.Context) error {
	now := s.clock()
	if _, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, now, now.Add(-s.cfg.IdleTimeout)); err != nil {
		return fmt.Errorf("sweep sessions: %w", err)
	}
	// Failures are kept a day, for the record; successes as long as they
	// make an address known.
	if _, err := s.db.Exec(ctx, `DELETE FROM sign_in_attempts WHERE (ok = $1 AND at < $2) OR at < $3`,
		false, now.Add(-24*time.Hour), now.Add(-s.cfg.KnownAddressFor)); err != nil {
		return fmt.Errorf("sweep sign-in attempts: %w", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM sign_in_throttle WHERE window_start < $1`, now.Add(-s.cfg.FailureWindow)); err != nil {
		return fmt.Errorf("sweep sign-in counts: %w", err)
	}
	return nil
}

// newSecret returns a random token (with an optional prefix) and its hash.
func newSecret(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("make secret: %w", err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashSecret(token), nil
}

// hashSecret hashes a high-entropy secret. A fast hash is right here:
// 256 random bits cannot be guessed, so slowing the check adds nothing.
func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
