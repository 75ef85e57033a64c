package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// runVuln is vulnerability intelligence that works offline, on files:
//
//	vigil vuln ssvc --exploitation E --exposure X --automatable A --safety S --mission M [--format table|json]
//	vigil vuln match [--sbom FILE] [--advisories PATH …] [--kev FILE] [--epss FILE] [--map FILE --asset ID] [--format table|json]
//	vigil vuln generate --records N [--seed S] [--sbom FILE] > all.zip
//
// and vigil vuln import keeps advisories in the database (vuln_import.go).
func runVuln(ctx context.Context, s streams, args []string) error {
	if len(args) == 0 {
		return usageErrorf("give a subcommand: ssvc, match, generate or import")
	}
	switch args[0] {
	case "ssvc":
		return runVulnSSVC(s, args[1:])
	case "match":
		return runVulnMatch(ctx, s, args[1:])
	case "generate":
		return runVulnGenerate(s, args[1:])
	case "import":
		return runVulnImport(ctx, s, args[1:])
	}
	return usageErrorf("unknown subcommand %q; use ssvc, match, generate or import", args[0])
}

func runVulnSSVC(s streams, args []string) error {
	fs := newFlags("vuln ssvc", s)
	e := fs.String("exploitation", "", "none, public-poc or active")
	x := fs.String("exposure", "", "small, controlled or open")
	a := fs.String("automatable", "", "no or yes")
	sf := fs.String("safety", "", "negligible, marginal, critical or catastrophic")
	m := fs.String("mission", "", "degraded, mef-support-crippled, mef-failure or mission-failure")
	format := impactFormatFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkImpactFormat(*format); err != nil {
		return err
	}
	var errs []string
	parse := func(what string, dst *string, values []string) {
		v, err := ssvc.Parse(what, values, *dst)
		if *dst == "" {
			err = fmt.Errorf("give --%s (%s)", what, strings.Join(values, ", "))
		}
		if err != nil {
			errs = append(errs, err.Error())
		}
		*dst = v
	}
	parse("exploitation", e, names(ssvc.Exploitations))
	parse("exposure", x, names(ssvc.Exposures))
	parse("automatable", a, names(ssvc.Automatables))
	parse("safety", sf, names(ssvc.SafetyImpacts))
	parse("mission", m, names(ssvc.MissionImpacts))
	if len(errs) > 0 {
		return usageErrorf("%s", strings.Join(errs, "; "))
	}
	in := ssvc.Inputs{Exploitation: ssvc.Exploitation(*e), Exposure: ssvc.Exposure(*x), Automatable: ssvc.Automatable(*a),
		Safety: ssvc.SafetyImpact(*sf), Mission: ssvc.MissionImpact(*m)}
	d, err := ssvc.Decide(in)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeImpactJSON(s.out, d)
	}
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Decision\t%s\nHuman impact\t%s\n", d.Priority.Label(), strings.ReplaceAll(string(d.HumanImpact), "-", " "))
	fmt.Fprintf(tw, "Exploitation\t%s\nSystem exposure\t%s\nAutomatable\t%s\nSafety impact\t%s\nMission impact\t%s\n",
		in.Exploitation, in.Exposure, in.Automatable, in.Safety, in.Mission)
	return tw.Flush()
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func runVulnMatch(ctx context.Context, s streams, args []string) error {
	fs := newFlags("vuln match", s)
	sbomFile := fs.String("sbom", "", "SBOM (CycloneDX JSON or XML, SPDX JSON) or CSV asset list")
	var advisories listFlag
	fs.Var(&advisories, "advisories", "advisories: an OSV zip or folder, or an OSV, CSAF, CVE 5 or CycloneDX VEX file; repeat for more")
	kevFile := fs.String("kev", "", "CISA KEV catalogue, JSON or CSV")
	epssFile := fs.String("epss", "", "FIRST EPSS scores, CSV or .csv.gz")
	mapFile := fs.String("map", "", "care map file, for the clinical side of the decision")
	assetID := fs.String("asset", "", "the care-map asset the SBOM belongs to")
	format := impactFormatFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageErrorf("unexpected %q", fs.Arg(0))
	case (*mapFile == "") != (*assetID == ""):
		return usageErrorf("give --map and --asset together")
	case *sbomFile == "" && *assetID == "":
		return usageErrorf("give the inventory with --sbom FILE, or a care-map asset with --map FILE --asset ID")
	}
	if err := checkImpactFormat(*format); err != nil {
		return err
	}
	var sys match.System
	inv := &sbom.Inventory{}
	if *assetID != "" {
		cm, err := readCareMapFile(s, *mapFile)
		if err != nil {
			return err
		}
		a, ok := cm.Asset(*assetID)
		if !ok {
			return fmt.Errorf("the care map has no asset with the id %q", *assetID)
		}
		impact, err := ssvc.NewCareMap(cm).Asset(*assetID)
		if err != nil {
			return err
		}
		sys.Asset = &impact
		if *sbomFile == "" && a.SBOM != "" && !strings.Contains(a.SBOM, "://") {
			*sbomFile = filepath.Join(filepath.Dir(*mapFile), a.SBOM)
		}
		inv = sbom.FromAsset(*a)
	}
	if *sbomFile != "" {
		read, err := readInventory(*sbomFile)
		if err != nil {
			return err
		}
		read.Components = append(read.Components, inv.Components...)
		inv = read
	}
	for _, p := range inv.Problems {
		fmt.Fprintf(s.err, "%s: warning: %s\n", inv.Document, p)
	}
	ix, err := buildIndex(ctx, s, inv, advisories, *kevFile, *epssFile)
	if err != nil {
		return err
	}
	findings := ix.Match(inv, sys)
	if *format == "json" {
		return writeImpactJSON(s.out, struct {
			Inventory string            `json:"inventory"`
			Quality   sbom.Quality      `json:"quality"`
			Problems  []sbom.Problem    `json:"problems"`
			Asset     *ssvc.AssetImpact `json:"asset,omitempty"`
			Findings  []match.Finding   `json:"findings"`
		}{inv.Document, inv.Quality(), inv.Problems, sys.Asset, findings})
	}
	return writeFindings(s.out, inv, sys, findings)
}

func readInventory(name string) (*sbom.Inventory, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open SBOM: %w", err)
	}
	defer f.Close()
	return sbom.Read(name, f)
}

// buildIndex reads the advisories, decoding only OSV records that name a package the
// inventory holds, and the KEV and EPSS evidence.
func buildIndex(ctx context.Context, s streams, inv *sbom.Inventory, paths []string, kevFile, epssFile string) (*match.Index, error) {
	ix := match.NewIndex()
	want := map[string]bool{}
	for _, c := range inv.Components {
		if !c.Package.IsZero() {
			want[ident.LooseName(c.Package.Name)] = true
		}
	}
	opt := advisory.ReadOptions{Want: func(n string) bool { return want[n] }}
	for _, p := range paths {
		problems, err := advisory.ReadPath(ctx, p, opt, func(a advisory.Advisory) error { ix.Put(a); return nil })
		if err != nil {
			return nil, err
		}
		for _, pr := range problems {
			fmt.Fprintf(s.err, "warning: %s\n", pr)
		}
	}
	if kevFile != "" {
		err := readEvidence(s, kevFile, func(name string, r io.Reader) ([]advisory.Problem, error) {
			k, problems, err := advisory.ReadKEV(name, r)
			ix.SetKEV(k)
			return problems, err
		})
		if err != nil {
			return nil, err
		}
	}
	if epssFile != "" {
		err := readEvidence(s, epssFile, func(name string, r io.Reader) ([]advisory.Problem, error) {
			e, problems, err := advisory.ReadEPSS(name, r)
			ix.SetEPSS(e)
			return problems, err
		})
		if err != nil {
			return nil, err
		}
	}
	return ix, nil
}

func readEvidence(s streams, name string, read func(string, io.Reader) ([]advisory.Problem, error)) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	problems, err := read(name, f)
	for _, p := range problems {
		fmt.Fprintf(s.err, "warning: %s\n", p)
	}
	return err
}

// writeFindings prints the findings for a person, most urgent first.
func writeFindings(w io.Writer, inv *sbom.Inventory, sys match.System, fs []match.Finding) error {
	fmt.Fprintf(w, "%s: %s, %s\n", inv.Document, impactPlural(len(inv.Components), "component"), impactPlural(len(fs), "finding"))
	if sys.Asset != nil {
		a := sys.Asset
		fmt.Fprintf(w, "Asset %s: exposure %s, safety impact %s, mission impact %s\n", a.Name, a.Exposure, a.Safety, a.Mission)
	} else if len(fs) > 0 {
		fmt.Fprintln(w, "Give --map and --asset to rank these by clinical risk. Until then, exposure, safety and mission impact are assumed at their worst.")
	}
	if len(fs) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PRIORITY\tADVISORY\tCOMPONENT\tMATCHED BY\tKEV\tEPSS\tCVSS\tSTATUS")
	// The same package is often listed at several places in a dependency tree; one row
	// stands for all of them (the JSON output lists each).
	for i := 0; i < len(fs); {
		f, n := fs[i], 1
		for i+n < len(fs) && sameRow(f, fs[i+n]) {
			n++
		}
		i += n
		name := strings.TrimSpace(f.Component.Name + " " + f.Component.Version)
		if n > 1 {
			name += fmt.Sprintf(" (%d places)", n)
		}
		kev, epss, cvss := "-", "-", "-"
		if f.KEV != nil {
			kev = "yes"
		}
		if f.EPSS != nil {
			epss = fmt.Sprintf("%.1f%%", f.EPSS.Probability*100)
		}
		if f.CVSS != nil && f.CVSS.Score > 0 {
			cvss = fmt.Sprintf("%.1f", f.CVSS.Score)
		}
		how := fmt.Sprintf("%s (%s)", f.Match.Method, f.Match.Confidence)
		status := strings.ReplaceAll(string(f.Status), "_", " ")
		priority := f.Decision.Priority.Label()
		if f.Status == advisory.StatusNotAffected || f.Status == advisory.StatusFixed {
			priority = "-" // a VEX statement clears it; the decision stays in the JSON
		}
		if f.Match.NeedsReview {
			how, status = string(f.Match.Method)+" (needs review)", "needs review"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", priority, f.Advisory, name, how, kev, epss, cvss, status)
	}
	return tw.Flush()
}

func sameRow(a, b match.Finding) bool {
	return a.Advisory == b.Advisory && a.Component.Name == b.Component.Name && a.Component.Version == b.Component.Version && a.Status == b.Status &&
		a.Decision.Priority == b.Decision.Priority && a.Match.Method == b.Match.Method && a.Match.NeedsReview == b.Match.NeedsReview
}

func runVulnGenerate(s streams, args []string) error {
	fs := newFlags("vuln generate", s)
	records := fs.Int("records", 250_000, "how many OSV records")
	seed := fs.Uint64("seed", 1, "the same seed gives the same zip")
	sbomFile := fs.String("sbom", "", "an SBOM whose npm packages the records should cover, at its versions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected %q; the zip is written to standard output", fs.Arg(0))
	}
	if *records < 1 || *records > synth.MaxRecords {
		return usageErrorf("--records must be between 1 and %d", synth.MaxRecords)
	}
	opt := synth.Options{Records: *records, Seed: *seed}
	if *sbomFile != "" {
		inv, err := readInventory(*sbomFile)
		if err != nil {
			return err
		}
		opt.Real = synth.NPMPackages(inv)
	}
	_, err := synth.WriteOSVZip(s.out, opt)
	return err
}
