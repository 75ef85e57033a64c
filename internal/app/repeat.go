package app

import (
	"context"
	"time"
)

// repeat calls do every interval until ctx ends, and once at the start
// first when atStart is set: the loop of every background worker here.
func repeat(ctx context.Context, interval time.Duration, atStart bool, do func()) {
	if atStart {
		do()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			do()
		}
	}
}
