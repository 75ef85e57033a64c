package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestOneOrganisationCannotSeeOrChangeAnothers: the GP practice's analyst
// asks for and acts on the trust's rules, webhooks, rota, pages and
// deliveries by id, and gets nothing.
func TestOneOrganisationCannotSeeOrChangeAnothers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		hook, _, err := f.svc.CreateWebhook(ctx, f.analyst, "Trust channel", "https://hooks.example.com/trust", notify.Generic)
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := f.svc.Rules(ctx, f.analyst)
		inc := f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		trustDeliveries, _ := f.svc.Deliveries(ctx, f.analyst, "")
		pages, _ := f.svc.Pages(ctx, f.analyst, notify.PageFilter{})
		if len(rules) != 1 || len(trustDeliveries) == 0 || len(pages) != 1 {
			t.Fatalf("the trust's own: %d rules, %d deliveries, %d pages", len(rules), len(trustDeliveries), len(pages))
		}

		gp := f.gp
		if rs, err := f.svc.Rules(ctx, gp); err != nil || len(rs) != 0 {
			t.Errorf("practice sees %d rules (%v)", len(rs), err)
		}
		if ws, err := f.svc.Webhooks(ctx, gp); err != nil || len(ws) != 0 {
			t.Errorf("practice sees %d webhooks (%v)", len(ws), err)
		}
		if r, err := f.svc.Rota(ctx, gp); err != nil || r.Set() {
			t.Errorf("practice sees a rota %+v (%v)", r, err)
		}
		if ds, err := f.svc.Deliveries(ctx, gp, ""); err != nil || len(ds) != 0 {
			t.Errorf("practice sees %d deliveries (%v)", len(ds), err)
		}
		if ds, err := f.svc.Deliveries(ctx, gp, hook.ID); err != nil || len(ds) != 0 {
			t.Errorf("practice sees %d deliveries of the trust's webhook (%v)", len(ds), err)
		}
		if ps, err := f.svc.Pages(ctx, gp, notify.PageFilter{}); err != nil || len(ps) != 0 {
			t.Errorf("practice sees %d pages (%v)", len(ps), err)
		}
		notFound := func(what string, err error) {
			t.Helper()
			if vigil.CodeOf(err) != vigil.NotFound {
				t.Errorf("%s: %v, want not found", what, err)
			}
		}
		_, err = f.svc.Webhook(ctx, gp, hook.ID)
		notFound("read webhook", err)
		_, err = f.svc.TestWebhook(ctx, gp, hook.ID)
		notFound("test webhook", err)
		notFound("delete webhook", f.svc.DeleteWebhook(ctx, gp, hook.ID))
		notFound("delete rule", f.svc.DeleteRule(ctx, gp, rules[0].ID))
		_, _, err = f.svc.Delivery(ctx, gp, trustDeliveries[0].ID)
		notFound("read delivery", err)
		_, err = f.svc.Acknowledge(ctx, gp, pages[0].ID)
		notFound("acknowledge page", err)
		_, err = f.svc.AcknowledgeIncident(ctx, gp, inc.ID)
		notFound("acknowledge incident", err)
		_, err = f.svc.CreateRule(ctx, gp, notify.RuleDraft{Name: "Steal", Subject: notify.Both, MinPriority: 1, WebhookID: hook.ID})
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a rule posting to another organisation's webhook: %v", err)
		}
		_, err = f.svc.SetRota(ctx, gp, notify.RotaDraft{ShiftHours: 24, StartsAt: time.Now(), UserIDs: []string{f.aishaID}})
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("another organisation's person on the rota: %v", err)
		}

		// Nothing of the trust's changed.
		if w, err := f.svc.Webhook(ctx, f.analyst, hook.ID); err != nil || w.Name != "Trust channel" {
			t.Errorf("trust webhook after: %+v %v", w, err)
		}
		if rs, _ := f.svc.Rules(ctx, f.analyst); len(rs) != 1 {
			t.Errorf("trust rules after: %d", len(rs))
		}
		if ps, _ := f.svc.Pages(ctx, f.analyst, notify.PageFilter{Waiting: true}); len(ps) != 1 {
			t.Errorf("trust pages waiting after: %d", len(ps))
		}
	})
}

func TestReadersCannotChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		cso := vigil.PersonScope(f.trust.Ref(), "u-cso", "Martin Ellis", "", []vigil.Role{vigil.Staff, vigil.ClinicalSafetyOfficer})
		if _, err := f.svc.Rules(ctx, cso); err != nil {
			t.Errorf("a Clinical Safety Officer reading the rules: %v", err)
		}
		_, _, err := f.svc.CreateWebhook(ctx, cso, "x", "https://hooks.example.com/x", notify.Generic)
		if vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a Clinical Safety Officer adding a webhook: %v", err)
		}
	})
}
