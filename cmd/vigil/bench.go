package main

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/loadtest"
)

// runBench puts load on a running Vigil and prints what it took:
// vigil bench intake --url URL --token TOKEN [--clients 50] [--reports 5000].
func runBench(ctx context.Context, s streams, args []string) error {
	const usage = "vigil bench intake --url URL --token TOKEN [--clients N] [--reports N] [--reporter EMAIL …]\n" + benchTrainingUsage + "\n" + benchAlertsUsage
	if len(args) > 0 && args[0] == "training" {
		return runBenchTraining(ctx, s, args[1:])
	}
	if len(args) > 0 && args[0] == "alerts" {
		return runBenchAlerts(ctx, s, args[1:])
	}
	if len(args) == 0 || args[0] != "intake" {
		return usageErrorf("%s", usage)
	}
	fs := newFlags("bench intake", s)
	var l loadtest.Intake
	var reporters listFlag
	fs.StringVar(&l.URL, "url", "http://127.0.0.1:8080", "Vigil's address")
	fs.StringVar(&l.Token, "token", "", "an API token with reports:create")
	fs.IntVar(&l.Clients, "clients", 50, "clients sending at once")
	fs.IntVar(&l.Reports, "reports", 5000, "reports to send in all")
	fs.Var(&reporters, "reporter", "a member of staff the reports come from (repeatable)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if l.Token == "" || fs.NArg() > 0 {
		return usageErrorf("%s", usage)
	}
	l.Reporters = reporters
	fmt.Fprintf(s.err, "sending %d reported e-mails from %d clients to %s …\n", l.Reports, l.Clients, l.URL)
	res, err := l.Run(ctx)
	fmt.Fprintln(s.out, res)
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d reports failed; the first: %s", res.Failed, res.FirstFail)
	}
	return nil
}
