package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
)

// DemoWebhookURL is where the demo trust's webhook points: a name under
// .example, which is reserved for examples and never reaches anyone, so
// Vigil records what it would have posted and sends nothing.
const DemoWebhookURL = "https://teams.riverside.example/webhooks/cyber-security-channel"

// SeedNotify gives the demo trust a daily on-call rota of its analyst and
// its administrator, a webhook for its security channel, and the rules a
// trust would start with: patients at risk pages whoever is on call and
// escalates after 15 minutes; every new incident goes to the channel; high
// alerts on pathology, which blood results depend on, are e-mailed. It does
// nothing when the trust has rules already, or svc has no notifications.
func SeedNotify(ctx context.Context, svc Services) error {
	if svc.Notify == nil {
		return nil
	}
	analyst, err := trustPerson(ctx, svc, "analyst@riverside.example")
	if err != nil {
		return err
	}
	if have, err := svc.Notify.Rules(ctx, analyst); err != nil || len(have) > 0 {
		return err
	}
	var people []string
	for _, email := range []string{"analyst@riverside.example", "admin@riverside.example"} {
		who, err := demoPerson(ctx, svc, analyst, email)
		if err != nil {
			return err
		}
		people = append(people, who.UserID)
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	if _, err := svc.Notify.SetRota(ctx, analyst, notify.RotaDraft{ShiftHours: 24, StartsAt: today.AddDate(0, 0, -7).Add(8 * time.Hour), UserIDs: people}); err != nil {
		return fmt.Errorf("set the demo rota: %w", err)
	}
	hook, _, err := svc.Notify.CreateWebhook(ctx, analyst, "Cyber security channel (demo: never posts)", DemoWebhookURL, notify.Teams)
	if err != nil {
		return fmt.Errorf("add the demo webhook: %w", err)
	}
	for _, r := range []notify.RuleDraft{
		{Name: "Patients at risk: page the analyst on call", Subject: notify.Both, MinPriority: 15, EmailOnCall: true, AckMinutes: 15},
		{Name: "Every new incident to the security channel", Subject: notify.Incidents, MinPriority: 1, WebhookID: hook.ID},
		{Name: "High alerts on pathology", Subject: notify.Alerts, MinPriority: 8, ServiceID: "pathology", EmailOnCall: true},
	} {
		if _, err := svc.Notify.CreateRule(ctx, analyst, r); err != nil {
			return fmt.Errorf("add the demo rule %q: %w", r.Name, err)
		}
	}
	return nil
}
