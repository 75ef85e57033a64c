package app

import (
	"context"
	"time"
)

// silenceCheckEvery is how often sources are checked for silence: well
// inside the shortest interval a source can be given (a minute).
const silenceCheckEvery = 30 * time.Second

// runAlertWorkers runs the alert batch writer and the watch on silent
// sources until ctx ends. Several nodes may each run both: the writers
// share the database, and a silence alert's dedup key is the source and
// the time it was last heard, so two nodes raising it store it once.
func (a *App) runAlertWorkers(ctx context.Context) {
	go func() {
		if err := a.Alerts.Run(ctx); err != nil {
			a.Logger.Error("alert writer stopped", "err", err)
		}
	}()
	t := time.NewTicker(silenceCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := a.Alerts.CheckSilence(ctx, a.Clock())
			if err != nil && ctx.Err() == nil {
				a.Logger.Warn("check alert sources for silence", "err", err)
			}
			if n > 0 {
				a.Logger.Info("alert sources gone silent", "sources", n)
			}
		}
	}
}
