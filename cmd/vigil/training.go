package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/vigil-health/vigil/internal/training/progress"
)

// runTraining reports training: vigil training coverage --org CODE.
func runTraining(ctx context.Context, s streams, args []string) error {
	const usage = "vigil training coverage --org CODE [--data DIR | --database-url URL]\n" +
		"       vigil training scorm LESSON-ID -o FILE [--org CODE] [--data DIR | --database-url URL]"
	if len(args) > 0 && args[0] == "scorm" {
		return runTrainingSCORM(ctx, s, args[1:])
	}
	if len(args) == 0 || args[0] != "coverage" {
		return usageErrorf("%s", usage)
	}
	var code string
	svc, fs, err := openServices(ctx, s, "training coverage", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 0 {
		return usageErrorf("%s", usage)
	}
	_, sc, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	cov, err := svc.Training.Coverage(ctx, sc)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(s.out, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\tstaff\tup to date\tin %d months\toverdue\t\n", progress.MeasureMonths)
	line := func(name string, t progress.Tally) {
		fmt.Fprintf(w, "%s\t%d\t%d%%\t%d%%\t%d\t\n", name, t.People, t.Percent(), t.MeasurePercent(), t.Overdue)
	}
	line(sc.OrgCode+" (target "+fmt.Sprint(progress.TargetPercent)+"% in "+fmt.Sprint(progress.MeasureMonths)+" months)", cov.Tally)
	for _, g := range cov.ByJobRole {
		line(g.Name, g.Tally)
	}
	return w.Flush()
}
