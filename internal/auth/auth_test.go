package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// fixture is a trust with an admin and a nurse who can sign in, and a practice.
type fixture struct {
	svc                 *auth.Service
	orgs                *org.Store
	clock               *clock
	trust, practice     org.Organisation
	admin, nurse        org.User
	adminSc, practiceSc vigil.Scope
}

const password = "correct horse battery staple"

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{clock: &clock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}, orgs: org.NewStore(db, auth.EndSessions)}
	cfg := auth.DefaultConfig()
	cfg.Clock = f.clock.Now
	f.svc = auth.New(db, f.orgs, cfg)
	var err error
	if f.trust, err = f.orgs.CreateOrganisation(ctx, org.Organisation{Code: "RXX", Name: "Northgate", Type: org.AcuteTrust}); err != nil {
		t.Fatal(err)
	}
	if f.practice, err = f.orgs.CreateOrganisation(ctx, org.Organisation{Code: "Y01", Name: "Oak Lane", Type: org.GPPractice}); err != nil {
		t.Fatal(err)
	}
	f.admin = f.add(t, f.trust, "admin@northgate.example", "org-admin")
	f.nurse = f.add(t, f.trust, "nurse@northgate.example")
	if f.adminSc, err = f.svc.ScopeOf(ctx, f.admin.ID); err != nil {
		t.Fatal(err)
	}
	f.practiceSc = f.practice.System("test")
	return f
}

func (f *fixture) add(t *testing.T, o org.Organisation, email string, roles ...string) org.User {
	t.Helper()
	u, err := f.svc.AddPerson(context.Background(), o.System("test"), org.PersonDetails{Email: email, Name: "Test " + email, JobRole: "nurse-midwife", Roles: roles}, password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSignInStartsASessionThatEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		token, sc, err := f.svc.SignIn(ctx, " Nurse@Northgate.example ", password, "192.0.2.1")
		if err != nil || sc.UserID != f.nurse.ID || sc.OrgCode != "RXX" || !sc.Can(vigil.CreateReports) || sc.Can(vigil.WritePeople) {
			t.Fatalf("sign in: %+v, %v", sc, err)
		}
		if got, err := f.svc.Session(ctx, token); err != nil || got.UserID != f.nurse.ID {
			t.Fatalf("session: %+v, %v", got, err)
		}
		// Idle on a shared computer past the timeout: signed out.
		f.clock.Advance(auth.DefaultConfig().IdleTimeout + time.Minute)
		if _, err := f.svc.Session(ctx, token); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("an idle session still works: %v", err)
		}
		// Signing out ends a session at once.
		token, _, err = f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Session(ctx, token); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("a signed-out session still works: %v", err)
		}
	})
}

func TestWrongPasswordsSayTheSameAndLockTheAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, _, unknown := f.svc.SignIn(ctx, "nobody@northgate.example", password, "192.0.2.1")
		_, _, wrong := f.svc.SignIn(ctx, f.nurse.Email, "not the password at all", "192.0.2.1")
		if !errors.Is(unknown, auth.ErrSignIn) || !errors.Is(wrong, auth.ErrSignIn) {
			t.Fatalf("unknown address: %v; wrong password: %v; want the same answer", unknown, wrong)
		}
		for range auth.DefaultConfig().FailureLimit {
			f.svc.SignIn(ctx, f.nurse.Email, "not the password at all", "192.0.2.1")
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.1"); vigil.CodeOf(err) != vigil.TooMany {
			t.Errorf("after repeated failures the right password got in: %v", err)
		}
		f.clock.Advance(auth.DefaultConfig().FailureWindow + time.Minute)
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.1"); err != nil {
			t.Errorf("after the window passed: %v", err)
		}
	})
}

func TestDisabledPeopleAreSignedOutAndStayOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		token, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		d := org.PersonDetails{Email: f.nurse.Email, Name: f.nurse.Name, JobRole: string(f.nurse.JobRole), Disabled: true}
		if _, err := f.orgs.UpdateUser(ctx, f.adminSc, f.nurse.ID, d); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Session(ctx, token); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("a disabled person's session still works: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.2"); !errors.Is(err, auth.ErrSignIn) {
			t.Errorf("a disabled person signed in: %v", err)
		}
	})
}

func TestPasswordResetIsScopedAndSignsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		token, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ResetPassword(ctx, f.practiceSc, f.nurse.ID, "another long password here"); !vigil.IsNotFound(err) {
			t.Errorf("another organisation reset the nurse's password: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, f.adminSc, f.nurse.ID, "short"); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a weak password was accepted: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, f.adminSc, f.nurse.ID, "another long password here"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Session(ctx, token); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("the old session outlived the reset: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, "another long password here", "192.0.2.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
	})
}

func TestTokensActForTheirOrganisationWithTheirScopesOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		secret, tok, err := f.svc.CreateToken(ctx, f.adminSc, "reporting mailbox", []vigil.Permission{vigil.CreateReports})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := f.svc.TokenScope(ctx, secret)
		if err != nil || sc.OrgID != f.trust.ID || !sc.Can(vigil.CreateReports) || sc.Can(vigil.ReadPeople) || sc.TokenID != tok.ID {
			t.Fatalf("token scope: %+v, %v", sc, err)
		}
		if _, _, err := f.svc.CreateToken(ctx, f.adminSc, "too much", []vigil.Permission{vigil.ReadAcrossOrgs}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a token got more than its creator holds: %v", err)
		}
		if err := f.svc.RevokeToken(ctx, f.practiceSc, tok.ID); !vigil.IsNotFound(err) {
			t.Errorf("another organisation revoked the token: %v", err)
		}
		if err := f.svc.RevokeToken(ctx, f.adminSc, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TokenScope(ctx, secret); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("a revoked token still works: %v", err)
		}
		if _, err := f.svc.TokenScope(ctx, "vigil_not-a-real-token"); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("a made-up token: %v", err)
		}
	})
}
