package app

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/training/reminder"
)

// buildReminders makes the weekly training reminders, sent through the
// same mail relay as the speak-up feedback.
func (a *App) buildReminders() {
	a.Reminders = reminder.New(a.DB, a.Orgs, a.Training, reminder.Options{Programme: a.Content.Programme, Warnings: a.Journey, Tactics: a.Bulletins,
		Sender: a.mailer, BaseURL: a.Config.BaseURL, Clock: a.Clock})
}

// runTrainingReminders works out each week's reminders once (from Monday
// morning, or at start when that is later in the week) and sends what is
// owed, every few minutes, until ctx ends. Without a mail relay it does
// nothing.
func (a *App) runTrainingReminders(ctx context.Context) {
	if !a.Reminders.Sends() {
		return
	}
	repeat(ctx, 5*time.Minute, true, func() {
		if n, err := a.Reminders.Queue(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Warn("work out training reminders", "err", err)
		} else if n > 0 {
			a.Logger.Info("training reminders to send", "emails", n)
		}
		if _, err := a.Reminders.Flush(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Warn("send training reminders", "err", err)
		}
	})
}
