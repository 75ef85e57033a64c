package app

import (
	"context"
	"time"
)

// runBoardSnapshots keeps every organisation's board figures once a day,
// so each measure on the board has a trend: at start, then at the first
// check after each midnight (UTC). Several nodes may all take it; a later
// snapshot of the same day replaces the earlier one.
func (a *App) runBoardSnapshots(ctx context.Context) {
	var last time.Time
	take := func() {
		now := a.Clock()
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if today.Equal(last) {
			return
		}
		n, err := a.Board.SnapshotAll(ctx, now)
		if err != nil && ctx.Err() == nil {
			a.Logger.Warn("keep board figures", "err", err)
		}
		if ctx.Err() == nil {
			last = today
			a.Logger.Info("kept the day's board figures", "figures", n)
		}
	}
	repeat(ctx, time.Hour, true, take)
}
