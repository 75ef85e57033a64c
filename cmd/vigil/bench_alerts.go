package main

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/loadtest"
)

const benchAlertsUsage = "vigil bench alerts --url URL --token TOKEN [--senders 4] [--batch 1000] [--alerts 200000] [--format wazuh|ecs|ocsf|generic] [--duration D] [--repeat 0.1]\n" +
	"  Vigil answers a batch of alerts only once it is stored, so the POST-to-answer times it prints are the time from receiving an alert to it being visible."

// runBenchAlerts sends detection-tool alerts to a running Vigil in NDJSON
// batches from a few senders, as a SIEM forwards them, and prints what was
// stored, how fast, and how long each batch took to become visible.
func runBenchAlerts(ctx context.Context, s streams, args []string) error {
	fs := newFlags("bench alerts", s)
	var l loadtest.Alerts
	var name string
	fs.StringVar(&l.URL, "url", "http://127.0.0.1:8080", "Vigil's address")
	fs.StringVar(&l.Token, "token", "", "an API token with alerts:write")
	fs.IntVar(&l.Senders, "senders", 4, "batches in flight at once")
	fs.IntVar(&l.Batch, "batch", 1000, "alerts in one POST (at most 10,000)")
	fs.IntVar(&l.Alerts, "alerts", 200000, "alerts to send in all, each with its own id")
	fs.StringVar(&name, "format", "wazuh", "the alerts' format: wazuh, ecs, ocsf or generic")
	fs.DurationVar(&l.Duration, "duration", 0, "stop sending new batches after this long (0: when all the alerts are sent)")
	fs.Float64Var(&l.Repeat, "repeat", 0, "fraction of POSTs (0 to below 1) that resend a batch already stored, to exercise dedup")
	fs.Usage = func() { fmt.Fprintln(s.err, benchAlertsUsage); fs.PrintDefaults() }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := format.Parse(name)
	if err != nil {
		return usageErrorf("--format %q: want wazuh, ecs, ocsf or generic", name)
	}
	l.Format = f
	if l.Token == "" || fs.NArg() > 0 || l.Senders < 1 || l.Senders > 1000 || l.Batch < 1 || l.Batch > format.MaxRecords ||
		l.Alerts < 1 || l.Duration < 0 || l.Repeat < 0 || l.Repeat >= 1 {
		return usageErrorf("%s", benchAlertsUsage)
	}
	fmt.Fprintf(s.err, "sending %d %s alerts in batches of %d from %d senders to %s …\n", l.Alerts, l.Format, l.Batch, l.Senders, l.URL)
	res, err := l.Run(ctx)
	fmt.Fprintln(s.out, res)
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d batches failed; the first: %s", res.Failed, res.FirstFail)
	}
	return nil
}
