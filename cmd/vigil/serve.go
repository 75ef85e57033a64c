package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/demo"
)

func runServe(ctx context.Context, s streams, args []string) error {
	fs := newFlags("serve", s)
	cfg := app.ConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Load(fs, os.Getenv); err != nil {
		return err
	}
	logger := newLogger(s.err, *cfg)
	a, err := app.New(ctx, *cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	// Listen first, so the address printed with the demo sign-ins is the real one.
	if err := a.Listen(); err != nil {
		return err
	}
	if cfg.Demo {
		seeded, err := demo.Seed(ctx, a.Demo())
		if err != nil {
			return fmt.Errorf("seed the demo: %w", err)
		}
		if seeded.Created {
			if err := demo.SeedReports(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo reports: %w", err)
			}
			if err := demo.SeedCareMap(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo care map: %w", err)
			}
			if err := demo.SeedSafety(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo hazard log: %w", err)
			}
			if err := demo.SeedAssurance(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo self-assessment: %w", err)
			}
			if err := demo.SeedMonitoring(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo alerts and incident: %w", err)
			}
			if err := demo.SeedVulns(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo vulnerabilities: %w", err)
			}
			if err := demo.SeedNotify(ctx, a.Demo()); err != nil {
				return fmt.Errorf("seed the demo notification rules: %w", err)
			}
			signInAt := cfg.BaseURL
			if signInAt == app.DefaultConfig().BaseURL {
				signInAt = a.URL() // no --base-url given: say where this process listens
			}
			printAccounts(s.out, seeded.Accounts, signInAt)
		} else {
			logger.Info("the demo organisations are already there; their passwords were printed when they were made")
		}
	}
	return a.Serve(ctx)
}

// printAccounts shows the demo sign-ins once: they are stored only as hashes.
func printAccounts(w io.Writer, accounts []demo.Account, baseURL string) {
	fmt.Fprintf(w, "\nDemo organisations created. Sign in at %s with one of these accounts.\n", baseURL)
	fmt.Fprintln(w, "The passwords are shown only now: copy them somewhere safe.")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tEMAIL\tPASSWORD\tNAME\tORGANISATION")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Role, a.Email, a.Password, a.Name, a.Organisation)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func newLogger(w io.Writer, cfg app.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
