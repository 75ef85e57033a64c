package main

import "context"

// runImpact is owned by the care-map work (issue 3).
func runImpact(ctx context.Context, s streams, args []string) error {
	return usageErrorf("impact: not built yet")
}
