package auth

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Sign-in is open to anyone on the network, so guesses are limited three ways:
//
//   - an account from one address: a few failures lock that pair only, so an
//     attacker elsewhere cannot lock the real person out of their own computer;
//   - an account from addresses it has never signed in from: a slower limit
//     against guesses spread over many addresses — the person's usual
//     addresses (a success in the last KnownAddressFor) are not held by it;
//   - an address, across accounts: against one machine trying many accounts.
//
// Each attempt is counted before its password is checked, in one statement
// per key that both counts and answers the new count, so parallel guesses
// cannot all read "under the limit" and then all be checked. A success gives
// its counts back.

// throttleKey is one counter and its limit.
type throttleKey struct {
	key   string
	limit int
}

func (s *Service) throttleKeys(ctx context.Context, email, ip string) ([]throttleKey, error) {
	keys := []throttleKey{
		{"pair:" + email + " " + ip, s.cfg.FailureLimit},
		{"address:" + ip, s.cfg.AddressFailureLimit},
	}
	known, err := s.knownAddress(ctx, email, ip)
	if err != nil {
		return nil, err
	}
	if !known {
		keys = append(keys, throttleKey{"account:" + email, s.cfg.AccountFailureLimit})
	}
	return keys, nil
}

// knownAddress says whether the account has signed in from ip lately.
func (s *Service) knownAddress(ctx context.Context, email, ip string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM sign_in_attempts WHERE email = $1 AND ip = $2 AND ok = $3 AND at > $4`,
		email, ip, true, s.clock().Add(-s.cfg.KnownAddressFor)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up known addresses: %w", err)
	}
	return n > 0, nil
}

// reserve counts an attempt against each key and refuses it, before any
// password is checked, when one of them is over its limit.
func (s *Service) reserve(ctx context.Context, keys []throttleKey) error {
	now := s.clock()
	over := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, k := range keys {
			var n int
			err := tx.QueryRow(ctx, `INSERT INTO sign_in_throttle (key, window_start, failures) VALUES ($1, $2, 1)
				ON CONFLICT (key) DO UPDATE SET
					failures = CASE WHEN sign_in_throttle.window_start < $3 THEN 1 ELSE sign_in_throttle.failures + 1 END,
					window_start = CASE WHEN sign_in_throttle.window_start < $3 THEN $2 ELSE sign_in_throttle.window_start END
				RETURNING failures`, k.key, now, now.Add(-s.cfg.FailureWindow)).Scan(&n)
			if err != nil {
				return fmt.Errorf("count sign-in attempts: %w", err)
			}
			over = over || n > k.limit
		}
		return nil
	})
	if err != nil {
		return err
	}
	if over {
		return vigil.Busy(s.cfg.FailureWindow, "Too many sign-in attempts. Wait %d minutes, or ask your IT service desk to reset your password.",
			int(s.cfg.FailureWindow.Minutes()))
	}
	return nil
}

// release gives a successful sign-in's counts back: the pair starts again
// from nothing, the wider counters lose the one attempt reserve added.
func (s *Service) release(ctx context.Context, keys []throttleKey) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for i, k := range keys {
			q := `UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0`
			if i == 0 {
				q = `DELETE FROM sign_in_throttle WHERE key = $1`
			}
			if _, err := tx.Exec(ctx, q, k.key); err != nil {
				return fmt.Errorf("release sign-in count: %w", err)
			}
		}
		return nil
	})
}

// verifier runs password checks a few at a time: each takes 19 MiB and tens
// of milliseconds. A few more may wait their turn; beyond that a sign-in is
// refused at once, so a flood cannot queue a real person for many seconds.
type verifier struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
}

func newVerifier(slots int) *verifier {
	return &verifier{slots: make(chan struct{}, slots), queue: int64(4 * slots)}
}

func (v *verifier) verify(ctx context.Context, hash, password string) (bool, error) {
	if v.waiting.Add(1) > v.queue {
		v.waiting.Add(-1)
		return false, vigil.Busy(5*time.Second, "Vigil is busy signing people in. Wait a few seconds and try again.")
	}
	select {
	case v.slots <- struct{}{}:
		v.waiting.Add(-1)
	case <-ctx.Done():
		v.waiting.Add(-1)
		return false, ctx.Err()
	}
	defer func() { <-v.slots }()
	return VerifyPassword(hash, password), nil
}
