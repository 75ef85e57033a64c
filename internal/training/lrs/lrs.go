// Package lrs sends each organisation's quiz results to its own Learning
// Record Store as xAPI 1.0.3 statements. The statements of an attempt are
// queued in the database by the transaction that records the attempt, and
// sent from there in batches by a background worker: a store that is down
// loses nothing, a statement sent twice is the same statement (its id is
// made by Vigil), and a statement the store refuses waits, with the
// store's reason, for an org admin to look at.
package lrs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Service keeps the Learning Record Store settings and the statements
// owed to each store, and sends them.
type Service struct {
	db            *store.DB
	client        *http.Client
	baseURL       string
	allowLoopback bool
	clock         func() time.Time
}

// Options are what the service needs beyond the database.
type Options struct {
	// BaseURL is the address people reach Vigil at: the actor's home page
	// and the root of every activity id.
	BaseURL string
	// Client sends the statements; nil makes one that refuses redirects and
	// gives up on a silent store. A client given is used with redirects
	// refused all the same.
	Client *http.Client
	// AllowLoopback lets a store on this machine be reached, and over plain
	// HTTP: for tests only. Otherwise a store must be reached over HTTPS
	// and never on a loopback or link-local address.
	AllowLoopback bool
	Clock         func() time.Time
}

// New returns the service on db.
func New(db *store.DB, o Options) *Service {
	client := o.Client
	if client == nil {
		client = newClient(o.AllowLoopback)
	} else {
		c := *client
		client = &c
	}
	client.CheckRedirect = refuseRedirects
	if client.Timeout == 0 {
		client.Timeout = requestTimeout
	}
	clock := o.Clock
	if clock == nil {
		clock = store.Now
	}
	return &Service{db: db, client: client, baseURL: o.BaseURL, allowLoopback: o.AllowLoopback, clock: clock}
}

// Settings are where an organisation's statements go. The secret is never
// given back once saved: only whether one is kept.
type Settings struct {
	Endpoint  string // the store's xAPI address; statements go to Endpoint + "/statements"
	Key       string // the Basic authentication key (user name)
	HasSecret bool
	Enabled   bool
	UpdatedAt time.Time // zero when never saved
}

// Change is what an org admin saves. An empty Secret keeps the one saved.
type Change struct {
	Endpoint string
	Key      string
	Secret   string
	Enabled  bool
}

// Settings are the organisation's Learning Record Store settings, empty
// when it has none.
func (s *Service) Settings(ctx context.Context, scope vigil.Scope) (Settings, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Settings{}, err
	}
	c, err := s.settings(ctx, s.db, scope.OrgID)
	if err != nil {
		return Settings{}, err
	}
	return c.public(), nil
}

// credentials are the settings with the secret, for sending only.
type credentials struct {
	endpoint, key, secret string
	enabled               bool
	updatedAt             time.Time
}

func (c credentials) public() Settings {
	return Settings{Endpoint: c.endpoint, Key: c.key, HasSecret: c.secret != "", Enabled: c.enabled, UpdatedAt: c.updatedAt}
}

func (s *Service) settings(ctx context.Context, q store.Querier, orgID string) (credentials, error) {
	var c credentials
	err := q.QueryRow(ctx, `SELECT endpoint, auth_key, auth_secret, enabled, updated_at FROM training_lrs WHERE org_id = $1`, orgID).
		Scan(&c.endpoint, &c.key, &c.secret, &c.enabled, &c.updatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return credentials{}, nil
	}
	if err != nil {
		return credentials{}, fmt.Errorf("read the learning record store settings: %w", err)
	}
	return c, nil
}

// Save checks and keeps the organisation's settings. Turning sending on
// needs an address, a key and a secret; statements are queued from then
// on, and those already queued go once it is on.
func (s *Service) Save(ctx context.Context, scope vigil.Scope, ch Change) (Settings, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Settings{}, err
	}
	endpoint, fields := checkChange(ch, s.allowLoopback)
	var saved Settings
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.settings(ctx, tx, scope.OrgID)
		if err != nil {
			return err
		}
		secret := ch.Secret
		if secret == "" {
			secret = before.secret
		}
		if ch.Enabled && secret == "" && fields["secret"] == "" {
			fields["secret"] = "Enter the secret your learning record store gave you."
		}
		if len(fields) > 0 {
			return vigil.InvalidFields("The settings were not saved.", fields)
		}
		now := s.clock().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO training_lrs (org_id, endpoint, auth_key, auth_secret, enabled, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (org_id) DO UPDATE SET endpoint = $2, auth_key = $3, auth_secret = $4, enabled = $5, updated_by = $6, updated_at = $7`,
			scope.OrgID, endpoint, ch.Key, secret, ch.Enabled, scope.Actor().ID, now); err != nil {
			return fmt.Errorf("save the learning record store settings: %w", err)
		}
		after := credentials{endpoint: endpoint, key: ch.Key, secret: secret, enabled: ch.Enabled, updatedAt: now}
		saved = after.public()
		// The audit trail says the secret changed, never what it is.
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "training-lrs", EntityID: scope.OrgID,
			Summary: "Changed where quiz results are sent (learning record store)",
			Before:  auditView(before, false), After: auditView(after, ch.Secret != "" && ch.Secret != before.secret)})
	})
	if err != nil {
		return Settings{}, err
	}
	return saved, nil
}

func auditView(c credentials, secretChanged bool) map[string]any {
	return map[string]any{"endpoint": c.endpoint, "key": c.key, "enabled": c.enabled, "secret_kept": c.secret != "", "secret_changed": secretChanged}
}
