package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
)

// runReport handles the speak-up commands: vigil report analyse FILE.eml.
func runReport(ctx context.Context, s streams, args []string) error {
	if len(args) == 0 {
		return usageErrorf("say what to do: vigil report analyse FILE.eml")
	}
	switch args[0] {
	case "analyse", "analyze":
		return runReportAnalyse(ctx, s, args[1:])
	case "evaluate":
		return runReportEvaluate(ctx, s, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(s.err, "Usage: vigil report analyse FILE.eml [--format text|json] [--org-domain DOMAIN ...]")
		return flag.ErrHelp
	}
	return usageErrorf("unknown report command %q; try: vigil report analyse FILE.eml", args[0])
}

// runReportAnalyse analyses one reported e-mail offline and prints what it found. It never
// follows a link or opens an attachment from the message.
func runReportAnalyse(_ context.Context, s streams, args []string) error {
	fs := newFlags("report analyse", s)
	format := fs.String("format", "text", "output `format`: text (for people) or json")
	var orgDomains, simValues listFlag
	fs.Var(&orgDomains, "org-domain", "one of the organisation's own mail `domain`s, e.g. nhs.net (repeat for more)")
	simHeader := fs.String("simulation-header", email.DefaultSimulationHeader, "`header` that marks the organisation's own phishing simulations")
	fs.Var(&simValues, "simulation-value", "a `value` of the simulation header to accept (repeat for more; default: any value)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: vigil report analyse FILE.eml [flags]")
		fmt.Fprintln(s.err, "Analyses a reported e-mail without opening its links or attachments. FILE may be - for standard input.")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageErrorf("give one e-mail file to analyse (or - for standard input)")
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	opts := email.Options{OrgDomains: orgDomains}
	if *simHeader != "" {
		opts.SimulationMarkers = []email.SimulationMarker{{Header: *simHeader, Values: simValues}}
	} else {
		opts.SimulationMarkers = []email.SimulationMarker{}
	}

	raw, err := readReported(files[0], s.in, email.DefaultMaxSize)
	if err != nil {
		return err
	}
	a, err := email.Analyse(raw, opts)
	if err != nil {
		var ve *vigil.Error
		if errors.As(err, &ve) {
			return fmt.Errorf("%s: %s", files[0], ve.Message)
		}
		return fmt.Errorf("analyse %s: %w", files[0], err)
	}
	if *format == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	return a.WriteText(s.out)
}

// parseInterspersed lets flags come after the file name, as people type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readReported reads the file, or standard input for "-", reading one byte past the limit so
// that Analyse can say the message is too large without holding any more of it.
func readReported(name string, stdin io.Reader, limit int) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input to read")
		}
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read the e-mail: %w", err)
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return raw, nil
}
