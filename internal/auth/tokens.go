package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TokenPrefix starts every API token, so a leaked one is easy to recognise
// (secret scanners can look for it).
const TokenPrefix = "vigil_"

// Token describes an API token; the secret itself is shown once and never stored.
type Token struct {
	ID         string
	OrgID      string
	Name       string
	Scopes     []vigil.Permission
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// DefaultTokenScopes suit the commonest integration: a mailbox or form that sends in reports.
var DefaultTokenScopes = []vigil.Permission{vigil.ReadOrganisation, vigil.CreateReports}

// CreateToken makes a token for the caller's organisation and returns its secret.
// A person cannot give a token more than they hold themselves.
func (s *Service) CreateToken(ctx context.Context, scope vigil.Scope, name string, scopes []vigil.Permission) (string, Token, error) {
	if err := scope.Require(vigil.ManageTokens); err != nil {
		return "", Token{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", Token{}, vigil.InvalidFields("The token needs a name.", map[string]string{"name": "Enter a name of up to 100 characters, such as \"reporting mailbox\"."})
	}
	if len(scopes) == 0 {
		scopes = DefaultTokenScopes
	}
	for _, p := range scopes {
		if !scope.Can(p) {
			return "", Token{}, vigil.InvalidFields("A token cannot do more than you can.", map[string]string{"scopes": fmt.Sprintf("You cannot %s yourself, so a token you make cannot either.", p.Action())})
		}
	}
	secret, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", Token{}, err
	}
	t := Token{ID: store.NewID(), OrgID: scope.OrgID, Name: name, Scopes: slices.Clone(scopes), CreatedBy: scope.Actor().Label, CreatedAt: s.clock()}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, org_id, name, token_hash, scopes, created_by, created_by_user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, t.OrgID, t.Name, hash, joinScopes(t.Scopes), t.CreatedBy, scope.Person(), t.CreatedAt); err != nil {
			return fmt.Errorf("store token: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: "create", EntityType: "api-token", EntityID: t.ID, Summary: "Created API token " + t.Name,
			After: map[string]any{"name": t.Name, "scopes": t.Scopes},
		})
	})
	if err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// Tokens lists the caller's organisation's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, scope vigil.Scope) ([]Token, error) {
	if err := scope.Require(vigil.ManageTokens); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, org_id, name, scopes, created_by, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE org_id = $1 ORDER BY id DESC`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var scopes string
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.OrgID, &t.Name, &scopes, &t.CreatedBy, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, fmt.Errorf("read token: %w", err)
		}
		t.Scopes = splitScopes(scopes)
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token working. Another organisation's token is NotFound.
func (s *Service) RevokeToken(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.ManageTokens); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL`,
			s.clock(), id, scope.OrgID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vigil.Errorf(vigil.NotFound, "There is no such active token.")
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "revoke", EntityType: "api-token", EntityID: id, Summary: "Revoked API token"})
	})
}

// TokenScope returns the scope of a live API token.
func (s *Service) TokenScope(ctx context.Context, secret string) (vigil.Scope, error) {
	bad := vigil.Errorf(vigil.Unauthorized, "The API token is not valid, or has been revoked.")
	if !strings.HasPrefix(secret, TokenPrefix) {
		return vigil.Scope{}, bad
	}
	var id, orgID, name, scopes, creator string
	var lastUsed sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT id, org_id, name, scopes, created_by_user_id, last_used_at FROM api_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL`, hashSecret(secret)).Scan(&id, &orgID, &name, &scopes, &creator, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return vigil.Scope{}, bad
	}
	if err != nil {
		return vigil.Scope{}, fmt.Errorf("look up token: %w", err)
	}
	now := s.clock()
	o, err := s.tokenOrgs.Load(orgID, now, func() (vigil.Org, error) { return s.people.OrgRef(ctx, orgID) })
	if err != nil {
		return vigil.Scope{}, err
	}
	if !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		if _, err := s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id); err != nil {
			return vigil.Scope{}, fmt.Errorf("note token use: %w", err)
		}
	}
	sc := vigil.TokenScope(o, id, name, creator, splitScopes(scopes))
	if creator != "" {
		// The token acts for its maker, who may since have left or lost the role it needed.
		maker, err := s.people.ScopeOf(ctx, creator)
		if vigil.IsNotFound(err) {
			return vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "The API token no longer works: the person who made it no longer has an account. Ask an administrator for a new one.")
		}
		if err != nil {
			return vigil.Scope{}, err
		}
		sc = sc.Within(maker)
	}
	return sc, nil
}

func joinScopes(ps []vigil.Permission) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, " ")
}

func splitScopes(s string) []vigil.Permission {
	var out []vigil.Permission
	for _, f := range strings.Fields(s) {
		out = append(out, vigil.Permission(f))
	}
	return out
}
