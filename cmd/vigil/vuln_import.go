package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// runVulnImport keeps advisories, a KEV catalogue or EPSS scores in the database for an
// organisation, and works out its findings again (every organisation's, when the
// organisation is a national centre):
//
//	vigil vuln import --org CODE [--kind advisories|kev|epss] PATH …
//
// A PATH of advisories is a file of any supported format, a zip of OSV records or a
// folder of them. Documents that cannot be read are listed and the rest kept.
func runVulnImport(ctx context.Context, s streams, args []string) error {
	const usage = "vigil vuln import --org CODE [--kind advisories|kev|epss] PATH … [--data DIR | --database-url URL]"
	var code, kind string
	svc, fs, err := openServices(ctx, s, "vuln import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code the advisories are for (a national centre's apply to every organisation)")
		fs.StringVar(&kind, "kind", string(findings.Advisories), "what the files hold: advisories, kev or epss")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() == 0 {
		return usageErrorf("%s", usage)
	}
	_, sc, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	for _, path := range fs.Args() {
		var res findings.Imported
		if st, statErr := os.Stat(path); statErr == nil && st.IsDir() && kind == string(findings.Advisories) {
			var as []advisory.Advisory
			problems, err := advisory.ReadOSVDir(ctx, path, advisory.ReadOptions{}, func(a advisory.Advisory) error { as = append(as, a); return nil })
			if err != nil {
				return err
			}
			words := make([]string, len(problems))
			for i, p := range problems {
				words[i] = p.String()
			}
			res, err = svc.Vulns.ImportAdvisories(ctx, sc, filepath.Base(path), as, words)
			if err != nil {
				return err
			}
		} else {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if res, err = svc.Vulns.Import(ctx, sc, findings.FeedKind(kind), path, data); err != nil {
				return err
			}
		}
		for _, p := range res.Problems {
			fmt.Fprintf(s.err, "warning: %s\n", p)
		}
		fmt.Fprintf(s.out, "%s: %d read, %d new, %d updated, %d unchanged, %d withdrawn; findings worked out again for %d organisations\n",
			res.Document, res.Read, res.New, res.Updated, res.Unchanged, res.Withdrawn, res.Evaluated)
	}
	return nil
}
