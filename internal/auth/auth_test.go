package auth_test

import (
	"context"
	"errors"
	"fmt"
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

// TestParallelGuessesAreCountedBeforeTheyAreChecked: a burst of guesses at
// one account from one address gets no more password checks than the limit,
// whatever order they arrive in.
func TestParallelGuessesAreCountedBeforeTheyAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const guesses = 60
		results := make(chan error, guesses)
		var start sync.WaitGroup
		start.Add(1)
		for i := range guesses {
			go func() {
				start.Wait()
				_, _, err := f.svc.SignIn(ctx, f.nurse.Email, fmt.Sprintf("wrong guess number %d", i), "198.51.100.7")
				results <- err
			}()
		}
		start.Done()
		checked, refused := 0, 0
		for range guesses {
			switch err := <-results; {
			case errors.Is(err, auth.ErrSignIn):
				checked++
			case vigil.CodeOf(err) == vigil.TooMany:
				refused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if limit := auth.DefaultConfig().FailureLimit; checked > limit || refused < guesses-limit {
			t.Errorf("%d guesses checked, %d refused unchecked; want at most %d checked", checked, refused, limit)
		}
		// The burst has used the pair's chances: the right password is not even checked.
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "198.51.100.7"); vigil.CodeOf(err) != vigil.TooMany {
			t.Errorf("after the burst the right password got in: %v", err)
		}
	})
}

// TestAnAttackerCannotLockThePersonOutOfTheirOwnComputer: guesses from
// elsewhere lock the attacker's address and new addresses, not the one the
// person signs in from every day.
func TestAnAttackerCannotLockThePersonOutOfTheirOwnComputer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const ward = "10.20.30.40"
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, ward); err != nil {
			t.Fatal(err)
		}
		cfg := auth.DefaultConfig()
		for i := range cfg.AccountFailureLimit + 5 {
			f.svc.SignIn(ctx, f.nurse.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", i%3))
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "203.0.113.1"); vigil.CodeOf(err) != vigil.TooMany {
			t.Errorf("the attacker's address got the right password checked: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, "192.0.2.99"); vigil.CodeOf(err) != vigil.TooMany {
			t.Errorf("a new address got in while the account is under attack: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, f.nurse.Email, password, ward); err != nil {
			t.Errorf("the nurse on her own ward computer was locked out: %v", err)
		}
	})
}

// TestNobodyGivesWhatTheyDoNotHold: a token allowed to manage people cannot
// make an administrator, nor take one over by resetting their password.
func TestNobodyGivesWhatTheyDoNotHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		secret, _, err := f.svc.CreateToken(ctx, f.adminSc, "HR feed", []vigil.Permission{vigil.ReadPeople, vigil.WritePeople})
		if err != nil {
			t.Fatal(err)
		}
		hr, err := f.svc.TokenScope(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		newAdmin := org.PersonDetails{Email: "mallory@northgate.example", Name: "Mallory", JobRole: "admin-clerical", Roles: []string{"org-admin"}}
		if _, err := f.svc.AddPerson(ctx, hr, newAdmin, "a long enough password"); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("the HR token made an administrator: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, hr, f.admin.ID, "a long enough password"); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("the HR token reset an administrator's password: %v", err)
		}
		d := org.PersonDetails{Email: "mallory@evil.example", Name: f.admin.Name, JobRole: "it-digital", Roles: []string{"org-admin"}}
		if _, err := f.orgs.UpdateUser(ctx, hr, f.admin.ID, d); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("the HR token changed an administrator's address: %v", err)
		}
		// What it holds, it may do: staff come and go, and reset their passwords.
		if _, err := f.svc.AddPerson(ctx, hr, org.PersonDetails{Email: "new.starter@northgate.example", Name: "New Starter", JobRole: "nurse-midwife"}, ""); err != nil {
			t.Errorf("the HR token could not add a member of staff: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, hr, f.nurse.ID, "a long enough password"); err != nil {
			t.Errorf("the HR token could not reset a nurse's password: %v", err)
		}
	})
}

// TestATokenIsNoMoreThanItsMakerIsNow: a token stops working when the person
// who made it leaves, and loses what they lose.
func TestATokenIsNoMoreThanItsMakerIsNow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		analyst := f.add(t, f.trust, "analyst@northgate.example", "security-analyst")
		// An analyst who may manage tokens only through a role they will lose.
		d := org.PersonDetails{Email: analyst.Email, Name: analyst.Name, JobRole: "it-digital", Roles: []string{"security-analyst", "org-admin"}}
		if _, err := f.orgs.UpdateUser(ctx, f.adminSc, analyst.ID, d); err != nil {
			t.Fatal(err)
		}
		analystSc, err := f.svc.ScopeOf(ctx, analyst.ID)
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := f.svc.CreateToken(ctx, analystSc, "triage bot", []vigil.Permission{vigil.TriageReports, vigil.ReadPeople})
		if err != nil {
			t.Fatal(err)
		}
		d.Roles = []string{"staff"}
		if _, err := f.orgs.UpdateUser(ctx, f.adminSc, analyst.ID, d); err != nil {
			t.Fatal(err)
		}
		sc, err := f.svc.TokenScope(ctx, secret)
		if err != nil || sc.Can(vigil.TriageReports) || sc.Can(vigil.ReadPeople) {
			t.Errorf("after its maker lost the roles the token still can: %v, %v", sc.Permissions(), err)
		}
		d.Disabled = true
		if _, err := f.orgs.UpdateUser(ctx, f.adminSc, analyst.ID, d); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TokenScope(ctx, secret); vigil.CodeOf(err) != vigil.Unauthorized {
			t.Errorf("the token of a person who left still works: %v", err)
		}
	})
}
