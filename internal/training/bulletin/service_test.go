package bulletin_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/vigil"
)

func titles(bs []bulletin.Bulletin) map[string]bool {
	out := map[string]bool{}
	for _, b := range bs {
		out[b.Title] = true
	}
	return out
}

// TestBulletinsStayInTheirOrganisation: one organisation's bulletins are
// invisible to another and cannot be changed by it; a national one shows
// in both and only the centre changes it; expiry takes a bulletin down.
func TestBulletinsStayInTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := org.NewStore(db, auth.EndSessions)
		now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
		bs := bulletin.New(db, orgs, func() time.Time { return now })
		newOrg := func(code string, typ org.Type) vigil.Scope {
			o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: code, Name: code, Type: typ})
			if err != nil {
				t.Fatal(err)
			}
			return o.System("test")
		}
		a, b, centre := newOrg("AAA", org.AcuteTrust), newOrg("BBB", org.GPPractice), newOrg("CSOC", org.NationalCentre)
		publish := func(sc vigil.Scope, d bulletin.Details) bulletin.Bulletin {
			t.Helper()
			x, err := bs.Create(ctx, sc, d)
			if err == nil {
				x, err = bs.Publish(ctx, sc, x.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		ownA := publish(a, bulletin.Details{Title: "A's", LooksLike: "x", WhatToDo: "y", ExpiresAt: "2026-12-10"})
		national := publish(centre, bulletin.Details{Title: "National", LooksLike: "x", WhatToDo: "y", National: true})
		if _, err := bs.Create(ctx, a, bulletin.Details{Title: "Not allowed", LooksLike: "x", WhatToDo: "y", National: true}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust writes a national bulletin: %v", err)
		}
		for sc, want := range map[*vigil.Scope][]string{&a: {"A's", "National"}, &b: {"National"}} {
			got, err := bs.CurrentIn(ctx, *sc)
			if err != nil {
				t.Fatal(err)
			}
			if g := titles(got); len(g) != len(want) || !g[want[0]] || !g[want[len(want)-1]] {
				t.Errorf("%s sees %v, want %v", sc.OrgCode, g, want)
			}
		}
		for _, try := range []func() error{
			func() error { _, err := bs.Bulletin(ctx, b, ownA.ID); return err },
			func() error { _, err := bs.Withdraw(ctx, b, ownA.ID); return err },
			func() error {
				_, err := bs.Update(ctx, b, ownA.ID, bulletin.Details{Title: "B's now", LooksLike: "x", WhatToDo: "y"})
				return err
			},
			func() error { _, err := bs.Withdraw(ctx, a, national.ID); return err },
			func() error {
				_, err := bs.Update(ctx, a, national.ID, bulletin.Details{Title: "A's now", LooksLike: "x", WhatToDo: "y"})
				return err
			},
		} {
			if err := try(); vigil.CodeOf(err) != vigil.NotFound {
				t.Errorf("reaching another organisation's bulletin: %v, want NotFound", err)
			}
		}
		if written, _ := bs.Written(ctx, b); len(written) != 0 {
			t.Errorf("B lists %d bulletins it did not write", len(written))
		}
		now = now.AddDate(0, 0, 11) // past A's expiry
		if got, _ := bs.CurrentIn(ctx, a); titles(got)["A's"] || !titles(got)["National"] {
			t.Errorf("after A's bulletin expired: %v", titles(got))
		}
		if _, err := bs.Withdraw(ctx, centre, national.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := bs.CurrentIn(ctx, b); len(got) != 0 {
			t.Errorf("a withdrawn national bulletin still shows: %v", titles(got))
		}
	})
}
