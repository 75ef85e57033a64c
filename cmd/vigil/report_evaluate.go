package main

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/email/evaluate"
	"github.com/vigil-health/vigil/internal/vigil"
)

// runReportEvaluate measures the e-mail analysis on labelled messages: a folder with a labels
// file, or the built-in generated and hand-written sets.
func runReportEvaluate(_ context.Context, s streams, args []string) error {
	fs := newFlags("report evaluate", s)
	labels := fs.String("labels", "", "labels `file`: one line per message, its file name and phishing, genuine or spam")
	builtin := fs.Bool("builtin", false, "evaluate the built-in generated and hand-written sets instead of a folder")
	seed := fs.Uint64("seed", 1, "`seed` of the generated set (with --builtin)")
	failures := fs.Int("failures", 20, "list up to `N` misjudged messages")
	var orgDomains listFlag
	fs.Var(&orgDomains, "org-domain", "one of the organisation's own mail `domain`s (repeat for more; default nhs.net with --builtin)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: vigil report evaluate DIR --labels FILE [flags]")
		fmt.Fprintln(s.err, "       vigil report evaluate --builtin [--seed N]")
		fmt.Fprintln(s.err, "Prints the detection rate, the false-positive rate and the confusion matrix of the e-mail analysis.")
		fs.PrintDefaults()
	}
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	opts := email.Options{OrgDomains: orgDomains}
	if *builtin {
		if len(dirs) > 0 || *labels != "" {
			return usageErrorf("give either --builtin or a folder with --labels, not both")
		}
		if len(opts.OrgDomains) == 0 {
			opts.OrgDomains = []string{"nhs.net"}
		}
		sets := []struct {
			title   string
			samples []evaluate.Sample
		}{
			{fmt.Sprintf("Generated set (seed %d)", *seed), evaluate.Generate(*seed)},
			{"Hand-written set", evaluate.Handwritten()},
		}
		for _, set := range sets {
			fmt.Fprintf(s.out, "%s\n\n", set.title)
			if err := evaluate.Evaluate(set.samples, opts).Write(s.out, *failures); err != nil {
				return err
			}
			fmt.Fprintln(s.out)
		}
		return nil
	}
	if len(dirs) != 1 || *labels == "" {
		return usageErrorf("give one folder of messages and its labels: vigil report evaluate DIR --labels FILE")
	}
	samples, err := evaluate.Load(dirs[0], *labels)
	if err != nil {
		var ve *vigil.Error
		if errors.As(err, &ve) {
			return fmt.Errorf("%s%s", ve.Message, fieldsText(ve.Fields))
		}
		return err
	}
	return evaluate.Evaluate(samples, opts).Write(s.out, *failures)
}

// fieldsText lists where each problem is, one per line, in order.
func fieldsText(fields map[string]string) string {
	places := make([]string, 0, len(fields))
	for p := range fields {
		places = append(places, p)
	}
	sort.Strings(places)
	out := ""
	for _, p := range places {
		out += "\n  " + p + ": " + fields[p]
	}
	return out
}
