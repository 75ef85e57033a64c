package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/loadtest"
)

const benchTrainingUsage = "vigil bench training --url URL --account EMAIL:PASSWORD … [--learners 200] [--duration 30s] [--lesson ID] [--think 1s]"

// runBenchTraining puts learners on a running Vigil: each signs in and
// walks a lesson's screens and its quiz until the time is up, and the
// latency of each kind of request is printed.
func runBenchTraining(ctx context.Context, s streams, args []string) error {
	fs := newFlags("bench training", s)
	var l loadtest.Training
	var accounts listFlag
	fs.StringVar(&l.URL, "url", "http://127.0.0.1:8080", "Vigil's address")
	fs.Var(&accounts, "account", "EMAIL:PASSWORD of a person to sign in as (repeatable; learners share them, each with their own session)")
	fs.IntVar(&l.Learners, "learners", 200, "learners at once")
	fs.DurationVar(&l.Duration, "duration", 30*time.Second, "how long the learners go on")
	fs.StringVar(&l.Lesson, "lesson", "when-systems-go-down", "the lesson they walk")
	fs.DurationVar(&l.Think, "think", time.Second, "each learner's pause between requests (0: as fast as answered)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(accounts) == 0 || fs.NArg() > 0 || l.Learners < 1 || l.Learners > 10000 || l.Duration <= 0 {
		return usageErrorf("%s", benchTrainingUsage)
	}
	for _, a := range accounts {
		acc, err := loadtest.ParseAccount(a)
		if err != nil {
			return usageErrorf("%v", err)
		}
		l.Accounts = append(l.Accounts, acc)
	}
	fmt.Fprintf(s.err, "signing in %d learners at %s, then walking %q for %s …\n", l.Learners, l.URL, l.Lesson, l.Duration)
	res, err := l.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, res)
	if n, first := res.Failed(); n > 0 {
		return fmt.Errorf("%d requests failed; the first: %s", n, first)
	}
	return nil
}
