package app

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/notify"
)

// notifyEvery is how often notifications are worked when not configured:
// often enough that a 5-minute acknowledgement escalates on time.
const notifyEvery = 15 * time.Second

// buildNotify makes the notification service; its e-mails go through the
// same mail relay as the speak-up feedback.
func (a *App) buildNotify() {
	a.Notify = notify.New(a.DB, a.Orgs, a.CareMaps, a.Alerts, a.Incidents, notify.Options{Sender: a.mailer, BaseURL: a.Config.BaseURL, Clock: a.Clock})
}

// Demo is what seeding the demo organisations uses: the services' own, and
// this app's one notification service, so the demo's rules and rota are made
// by the same service that later pages and sends them.
func (a *App) Demo() demo.Services {
	d := a.Services.Demo()
	d.Notify = a.Notify
	return d
}

// runNotify pages, escalates and sends until ctx ends. Every step is safe
// with several nodes doing the same.
func (a *App) runNotify(ctx context.Context) {
	every := a.Config.NotifyEvery
	if every < 0 {
		return
	}
	if every == 0 {
		every = notifyEvery
	}
	repeat(ctx, every, false, func() {
		if res, err := a.Notify.Tick(ctx, a.Clock()); err != nil && ctx.Err() == nil {
			a.Logger.Warn("notifications", "err", err, "paged", res.Paged, "escalated", res.Escalated, "sent", res.Sent)
		}
	})
}
