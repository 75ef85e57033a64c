package main

import "context"

// runReport is owned by the speak-up work (issue 4).
func runReport(ctx context.Context, s streams, args []string) error {
	return usageErrorf("report: not built yet")
}
