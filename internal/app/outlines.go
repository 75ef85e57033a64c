package app

import (
	"context"
	"time"
)

// fillCareMapOutlines makes, once after start-up, the outline of every stored care map
// that lacks one: maps stored before outlines existed, or by a version of Vigil with
// another outline format. Until it reaches a map, the national what-if reads that map
// from its document, which is slower but gives the same answer. A failed run is tried
// again an hour later; after one succeeds, it stops.
func (a *App) fillCareMapOutlines(ctx context.Context) {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	repeat(ctx, time.Hour, true, func() {
		n, err := a.CareMaps.FillOutlines(ctx)
		if err != nil {
			if ctx.Err() == nil {
				a.Logger.Warn("fill care map outlines", "err", err, "filled", n)
			}
			return
		}
		stop()
		if n > 0 {
			a.Logger.Info("filled care map outlines for the national what-if", "maps", n)
		}
	})
}
