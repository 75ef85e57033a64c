package app

import (
	"context"
	"time"
)

// lrsEvery is how often quiz results go to the learning record stores:
// soon enough that an admin who asks to send again sees it happen.
const lrsEvery = time.Minute

// runLRSDelivery sends the quiz results owed to each organisation's
// learning record store until ctx ends. Organisations without one owe
// nothing, so this costs one small query a minute.
func (a *App) runLRSDelivery(ctx context.Context) {
	repeat(ctx, lrsEvery, true, func() {
		if n, err := a.LRS.Flush(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Warn("send quiz results to learning record stores", "err", err)
		} else if n > 0 {
			a.Logger.Info("quiz results sent to learning record stores", "statements", n)
		}
	})
}
