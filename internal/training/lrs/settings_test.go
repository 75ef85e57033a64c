package lrs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/vigil"
)

// One organisation's settings, queue and retries are its own: another's
// admin neither sees nor moves them, and staff cannot see them at all.
func TestTenancyOfSettingsAndQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.connect(t)
		f.submit(t, f.nurse, "")
		f.store.FailNext(1, 500, "")
		f.flush(t)

		mine, err := f.lrs.Settings(ctx, f.admin)
		if err != nil || mine.Endpoint != f.store.Endpoint() || mine.Key != f.store.Key || !mine.HasSecret || !mine.Enabled {
			t.Fatalf("the trust's own settings: %+v, %v", mine, err)
		}
		theirs, err := f.lrs.Settings(ctx, f.practice)
		if err != nil || theirs != (lrs.Settings{}) {
			t.Errorf("the practice sees settings %+v (%v), want none", theirs, err)
		}
		if st := f.status(t, f.practice); st.Queued != 0 || st.Failing != 0 || len(st.Problems) != 0 {
			t.Errorf("the practice sees the trust's queue: %+v", st)
		}
		if n, err := f.lrs.RetryNow(ctx, f.practice); err != nil || n != 0 {
			t.Errorf("the practice's retry moved %d of the trust's statements (%v)", n, err)
		}
		if st := f.status(t, f.admin); st.Failing != 6 || !st.Problems[0].NextTry.After(f.now) {
			t.Errorf("the trust's queue after the practice's retry: %+v", st)
		}
		// The practice's own store, saved, leaves the trust's alone.
		if _, err := f.lrs.Save(ctx, f.practice, lrs.Change{Endpoint: "https://lrs.practice.example/xapi", Key: "gp", Secret: "x", Enabled: true}); err != nil {
			t.Fatal(err)
		}
		if again, _ := f.lrs.Settings(ctx, f.admin); again.Endpoint != f.store.Endpoint() {
			t.Errorf("the trust's endpoint became %q", again.Endpoint)
		}
		for name, call := range map[string]func() error{
			"settings": func() error { _, err := f.lrs.Settings(ctx, f.nurse); return err },
			"save":     func() error { _, err := f.lrs.Save(ctx, f.nurse, lrs.Change{}); return err },
			"status":   func() error { _, err := f.lrs.Status(ctx, f.nurse); return err },
			"retry":    func() error { _, err := f.lrs.RetryNow(ctx, f.nurse); return err },
		} {
			if err := call(); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("a nurse's %s: %v, want forbidden", name, err)
			}
		}
	})
}

// What an admin types is checked field by field, and the secret never
// appears in the audit trail.
func TestSettingsAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, c := range []struct {
			change lrs.Change
			field  string
		}{
			{lrs.Change{Endpoint: "http://lrs.example.nhs.uk/xapi", Key: "k", Secret: "s", Enabled: true}, "endpoint"},
			{lrs.Change{Endpoint: "https://key:secret@lrs.example.nhs.uk/xapi", Key: "k", Secret: "s"}, "endpoint"},
			{lrs.Change{Endpoint: "lrs.example.nhs.uk", Key: "k", Secret: "s"}, "endpoint"},
			{lrs.Change{Key: "k", Secret: "s", Enabled: true}, "endpoint"},
			{lrs.Change{Endpoint: "https://lrs.example.nhs.uk/xapi", Secret: "s", Enabled: true}, "key"},
			{lrs.Change{Endpoint: "https://lrs.example.nhs.uk/xapi", Key: "a:b", Secret: "s"}, "key"},
			{lrs.Change{Endpoint: "https://lrs.example.nhs.uk/xapi", Key: "k", Enabled: true}, "secret"},
			{lrs.Change{Endpoint: "https://lrs.example.nhs.uk/xapi", Key: "k", Secret: "s\r\nX-Evil: 1"}, "secret"},
		} {
			_, err := f.lrs.Save(ctx, f.admin, c.change)
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid || ve.Fields[c.field] == "" {
				t.Errorf("%+v: %v, want a problem with %s", c.change, err, c.field)
			}
		}
		saved, err := f.lrs.Save(ctx, f.admin, lrs.Change{Endpoint: "https://lrs.example.nhs.uk/xapi/", Key: "k", Secret: "never-show-me", Enabled: true})
		if err != nil || saved.Endpoint != "https://lrs.example.nhs.uk/xapi" {
			t.Fatalf("saved %+v, %v", saved, err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'training-lrs'`, f.admin.OrgID).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d audit records of the change (%v), want 1", n, err)
		}
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE before_data LIKE $1 OR after_data LIKE $1 OR summary LIKE $1`, "%never-show-me%").Scan(&n); err != nil || n != 0 {
			t.Errorf("the secret is in %d audit records (%v)", n, err)
		}
	})
}

func TestCheckEndpoint(t *testing.T) {
	for _, c := range []struct {
		in       string
		loopback bool
		want     string // "" for refused
	}{
		{"https://lrs.example.nhs.uk/xapi/", false, "https://lrs.example.nhs.uk/xapi"},
		{"  https://lrs.example.nhs.uk  ", false, "https://lrs.example.nhs.uk"},
		{"http://lrs.example.nhs.uk/xapi", false, ""},
		{"https://127.0.0.1:8443/xapi", false, ""},
		{"https://localhost/xapi", false, ""},
		{"https://127.0.0.1:8443/xapi", true, "https://127.0.0.1:8443/xapi"},
		{"http://[::1]:8080/xapi", true, "http://[::1]:8080/xapi"},
		{"http://lrs.example.nhs.uk/xapi", true, ""},
		{"https://lrs.example.nhs.uk/xapi?x=1", false, ""},
		{"ftp://lrs.example.nhs.uk", false, ""},
		{"https://" + strings.Repeat("a", lrs.MaxEndpointChars) + ".example", false, ""},
	} {
		got, err := lrs.CheckEndpoint(c.in, c.loopback)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("CheckEndpoint(%q, %v) = %q, %v; want %q", c.in, c.loopback, got, err, c.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"120":                           2 * time.Minute,
		"0":                             0,
		"":                              0,
		"soon":                          0,
		"-5":                            0,
		"999999999":                     24 * time.Hour,
		"Mon, 30 Nov 2026 09:05:00 GMT": 5 * time.Minute,
		"Mon, 30 Nov 2026 08:55:00 GMT": 0,
	} {
		if got := lrs.RetryAfter(in, now); got != want {
			t.Errorf("RetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzCheckEndpoint(f *testing.F) {
	for _, s := range []string{"https://lrs.example.nhs.uk/xapi", "http://127.0.0.1:1/x", "https://a:b@c/", "%zz", "https://[::1", ""} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, loopback bool) {
		got, err := lrs.CheckEndpoint(raw, loopback)
		if err != nil {
			return
		}
		if got == "" {
			return // empty is allowed: nothing is sent
		}
		if !strings.HasPrefix(got, "https://") && !(loopback && strings.HasPrefix(got, "http://")) {
			t.Errorf("accepted %q as %q", raw, got)
		}
		if again, err := lrs.CheckEndpoint(got, loopback); err != nil || again != got {
			t.Errorf("%q checked again is %q, %v", got, again, err)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "Mon, 30 Nov 2026 09:05:00 GMT", "", "1e9", "-1"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := lrs.RetryAfter(v, now); d < 0 || d > 24*time.Hour {
			t.Errorf("RetryAfter(%q) = %v", v, d)
		}
	})
}
