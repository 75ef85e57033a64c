package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// OIDCConfig configures sign-in through an identity provider such as a
// trust's Microsoft Entra ID tenant or NHSmail.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // e.g. https://vigil.example.nhs.uk/sign-in/oidc/callback
	Label        string // shown on the button, e.g. "NHSmail"
}

// Enabled reports whether enough is configured to offer OIDC sign-in.
func (c OIDCConfig) Enabled() bool { return c.Issuer != "" && c.ClientID != "" && c.RedirectURL != "" }

// OIDC signs people in through an identity provider. It maps the provider's
// e-mail claim to an existing Vigil account: nobody gets an account merely
// by holding one at the provider.
type OIDC struct {
	cfg OIDCConfig
	svc *Service

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use, so start-up does not depend on the provider
}

// NewOIDC returns an OIDC sign-in for svc.
func NewOIDC(cfg OIDCConfig, svc *Service) *OIDC {
	if cfg.Label == "" {
		cfg.Label = "your organisation's account"
	}
	return &OIDC{cfg: cfg, svc: svc}
}

// Label is the provider's name for the sign-in button.
func (o *OIDC) Label() string { return o.cfg.Label }

func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
		if err != nil {
			return nil, oauth2.Config{}, fmt.Errorf("discover OIDC provider %s: %w", o.cfg.Issuer, err)
		}
		o.provider = p
	}
	return o.provider, oauth2.Config{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: o.provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}, nil
}

// Challenge is what the browser must keep between the redirect and the callback.
type Challenge struct {
	State, Nonce, Verifier string
}

// NewChallenge makes fresh random values for one sign-in.
func NewChallenge() Challenge {
	return Challenge{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier()}
}

func randomString() string {
	t, _, _ := newSecret("")
	return t
}

// AuthURL is where to send the browser to sign in.
func (o *OIDC) AuthURL(ctx context.Context, ch Challenge) (string, error) {
	_, oc, err := o.discover(ctx)
	if err != nil {
		return "", err
	}
	return oc.AuthCodeURL(ch.State, oidc.Nonce(ch.Nonce), oauth2.S256ChallengeOption(ch.Verifier)), nil
}

var errOIDCNoAccount = vigil.Errorf(vigil.Forbidden, "You signed in, but there is no Vigil account for your email address. Ask your IT service desk to add you.")

// Finish exchanges the code, checks the ID token and starts a session for
// the account with the token's e-mail address.
func (o *OIDC) Finish(ctx context.Context, ch Challenge, code string) (string, vigil.Scope, error) {
	p, oc, err := o.discover(ctx)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(ch.Verifier))
	if err != nil {
		return "", vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Sign-in with %s did not complete. Try again.", o.cfg.Label)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", vigil.Scope{}, errors.New("OIDC token response has no id_token")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return "", vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Sign-in with %s could not be checked. Try again.", o.cfg.Label)
	}
	if idt.Nonce != ch.Nonce {
		return "", vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Sign-in with %s could not be checked. Try again.", o.cfg.Label)
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return "", vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Sign-in with %s could not be checked. Try again.", o.cfg.Label)
		}
	}
	email, err := emailClaim(idt)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	userID, err := o.bind(ctx, idt.Issuer+" "+idt.Subject, email)
	if err != nil {
		return "", vigil.Scope{}, err
	}
	return o.svc.StartSession(ctx, userID, "oidc")
}

var errOIDCOtherIdentity = vigil.Errorf(vigil.Forbidden, "Your Vigil account is linked to a different account at your identity provider. Ask your IT service desk to check it.")

// bind finds the account for an identity: by the provider's subject once it
// has been seen, otherwise by e-mail address, linking the subject to the
// account at that first sign-in. After that, someone who changes their
// address at the provider to another person's cannot become them.
func (o *OIDC) bind(ctx context.Context, subject, email string) (string, error) {
	var userID string
	err := o.svc.db.QueryRow(ctx, `SELECT user_id FROM oidc_identities WHERE subject = $1`, subject).Scan(&userID)
	if err == nil {
		acc, err := o.svc.people.Account(ctx, userID)
		if err != nil || acc.Disabled {
			return "", errOIDCNoAccount
		}
		return userID, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("look up identity: %w", err)
	}
	acc, err := o.svc.people.AccountByEmail(ctx, email)
	if vigil.IsNotFound(err) || (err == nil && acc.Disabled) {
		return "", errOIDCNoAccount
	}
	if err != nil {
		return "", err
	}
	err = o.svc.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO oidc_identities (subject, user_id, linked_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO NOTHING`, subject, acc.UserID, o.svc.clock())
		if err != nil {
			return fmt.Errorf("link identity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errOIDCOtherIdentity
		}
		return audit.Record(ctx, tx, vigil.Actor{OrgID: acc.OrgID, ID: acc.UserID, Label: email}, audit.Change{
			Action: "link-identity", EntityType: "user", EntityID: acc.UserID, Summary: "Linked to " + o.cfg.Label + " at first sign-in",
		})
	})
	if err != nil {
		return "", err
	}
	return acc.UserID, nil
}

// emailClaim reads the person's address. Entra ID often leaves out "email"
// and puts the address in preferred_username, so that is accepted too; an
// explicit email_verified=false is refused.
func emailClaim(idt *oidc.IDToken) (string, error) {
	var c struct {
		Email             string `json:"email"`
		EmailVerified     *bool  `json:"email_verified"`
		PreferredUsername string `json:"preferred_username"`
	}
	if err := idt.Claims(&c); err != nil {
		return "", fmt.Errorf("read ID token claims: %w", err)
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return "", vigil.Errorf(vigil.Forbidden, "Your email address is not verified with your identity provider.")
	}
	email := c.Email
	if email == "" && strings.Contains(c.PreferredUsername, "@") {
		email = c.PreferredUsername
	}
	if email == "" {
		return "", errOIDCNoAccount
	}
	return org.NormaliseEmail(email), nil
}
