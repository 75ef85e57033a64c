package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
	"github.com/vigil-health/vigil/internal/impact"
)

// runImpact answers "what does this event do to patients?" from a care map file or a stored map:
//
//	vigil impact (--map FILE | --org CODE) --event TARGET:MODE[:DURATION] [--event …] [--format table|json]
//	vigil impact critical (--map FILE | --org CODE) [--format table|json]
//	vigil impact generate --nodes N --seed S
//	vigil impact national (--supplier NAME | --product VENDOR/PRODUCT) --days N [--format table|json]
func runImpact(ctx context.Context, s streams, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "critical":
			return runImpactCritical(ctx, s, args[1:])
		case "generate":
			return runImpactGenerate(ctx, s, args[1:])
		case "national":
			return runImpactNational(ctx, s, args[1:])
		}
	}
	fs := newFlags("impact", s)
	var src careMapSource
	src.flags(fs)
	format := impactFormatFlag(fs)
	var events impactEvents
	fs.Var(&events, "event", "what happens: TARGET:MODE[:DURATION], such as citypath-lims:unavailable:14d\n"+
		"(modes: unavailable, degraded, integrity, confidentiality; duration defaults to 24h); repeat for events at the same time")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: vigil impact (--map FILE | --org CODE) --event TARGET:MODE[:DURATION] [--event …] [--format table|json]")
		fmt.Fprintln(s.err, "       vigil impact critical (--map FILE | --org CODE) [--format table|json]")
		fmt.Fprintln(s.err, "       vigil impact generate [--nodes N] [--seed S]")
		fmt.Fprintln(s.err, "       vigil impact national (--supplier NAME | --product VENDOR/PRODUCT) --days N [--format table|json]")
		fmt.Fprintln(s.err)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected %q; events go after --event", fs.Arg(0))
	}
	if err := checkImpactFormat(*format); err != nil {
		return err
	}
	if len(events) == 0 {
		return usageErrorf("give at least one --event, such as --event epr:unavailable:8h")
	}
	m, err := src.load(ctx, s)
	if err != nil {
		return err
	}
	r, err := impact.Analyse(m, events)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeImpactJSON(s.out, r)
	}
	return writeImpactTable(s.out, m, r)
}

func runImpactCritical(ctx context.Context, s streams, args []string) error {
	fs := newFlags("impact critical", s)
	var src careMapSource
	src.flags(fs)
	format := impactFormatFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected %q", fs.Arg(0))
	}
	if err := checkImpactFormat(*format); err != nil {
		return err
	}
	m, err := src.load(ctx, s)
	if err != nil {
		return err
	}
	ranking := impact.Critical(m)
	if *format == "json" {
		return writeImpactJSON(s.out, struct {
			Assets []impact.AssetCriticality `json:"assets"`
		}{ranking})
	}
	return writeCriticalTable(s.out, m, ranking)
}

func runImpactGenerate(_ context.Context, s streams, args []string) error {
	fs := newFlags("impact generate", s)
	nodes := fs.Int("nodes", 1000, fmt.Sprintf("services, assets and suppliers in the map (%d to %d)", synth.MinNodes, synth.MaxNodes))
	seed := fs.Uint64("seed", 1, "the same seed gives the same map")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected %q", fs.Arg(0))
	}
	if *nodes < synth.MinNodes || *nodes > synth.MaxNodes {
		return usageErrorf("--nodes must be between %d and %d", synth.MinNodes, synth.MaxNodes)
	}
	m, err := synth.Generate(synth.Options{Nodes: *nodes, Seed: *seed})
	if err != nil {
		return err
	}
	y, err := m.YAML()
	if err != nil {
		return err
	}
	_, err = s.out.Write(y)
	return err
}

// careMapSource is where a command gets its care map: a file, or an organisation's
// stored map in the database the usual --data or --database-url flags name.
type careMapSource struct {
	file, org *string
	fs        *flag.FlagSet
	cfg       *app.Config
}

func (m *careMapSource) flags(fs *flag.FlagSet) {
	m.file = fs.String("map", "", "care map file, YAML or JSON")
	m.org = fs.String("org", "", "organisation code of a stored care map (instead of --map)")
	m.fs, m.cfg = fs, app.ConfigFlags(fs)
}

// load reads the map, printing every problem in a file with its line and column, and any
// dependency cycles as warnings.
func (m *careMapSource) load(ctx context.Context, s streams) (*caremap.Map, error) {
	switch {
	case *m.org != "" && *m.file != "":
		return nil, usageErrorf("give --map or --org, not both")
	case *m.org != "":
		return m.stored(ctx, s)
	case *m.file == "":
		return nil, usageErrorf("give the care map with --map FILE or --org CODE")
	}
	cm, err := readCareMapFile(s, *m.file)
	if err != nil {
		return nil, err
	}
	warnCycles(s, *m.file, cm)
	return cm, nil
}

func (m *careMapSource) stored(ctx context.Context, s streams) (*caremap.Map, error) {
	if err := m.cfg.Load(m.fs, os.Getenv); err != nil {
		return nil, err
	}
	svc, err := app.Open(ctx, *m.cfg)
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	_, sc, err := operator(ctx, svc, *m.org)
	if err != nil {
		return nil, err
	}
	cm, err := svc.CareMaps.Map(ctx, sc)
	if err != nil {
		return nil, err
	}
	warnCycles(s, "organisation "+sc.OrgCode, cm)
	return cm, nil
}

// readCareMapFile reads a care map file, printing each problem in it as FILE:LINE:COLUMN.
func readCareMapFile(s streams, name string) (*caremap.Map, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open care map: %w", err)
	}
	defer f.Close()
	cm, err := caremap.Read(f)
	if problems := caremap.ProblemsOf(err); problems != nil {
		for _, p := range problems {
			if p.Line > 0 {
				fmt.Fprintf(s.err, "%s:%d:%d: %s\n", name, p.Line, p.Column, p.Message)
			} else {
				fmt.Fprintf(s.err, "%s: %s\n", name, p)
			}
		}
		// Each problem is printed above; the error only sums up.
		return nil, fmt.Errorf("%s: %s", name, impactPlural(len(problems), "problem")+" in the care map")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cm, nil
}

func warnCycles(s streams, where string, cm *caremap.Map) {
	for _, cycle := range cm.Cycles() {
		fmt.Fprintf(s.err, "%s: warning: these depend on each other in a loop: %s\n", where, strings.Join(cycle, ", "))
	}
}

func impactFormatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "table", "output: table (for people) or json")
}

func checkImpactFormat(f string) error {
	if f != "table" && f != "json" {
		return usageErrorf("unknown --format %q; use table or json", f)
	}
	return nil
}

// impactEvents collects repeated --event flags.
type impactEvents []impact.Event

func (l *impactEvents) String() string {
	var parts []string
	for _, e := range *l {
		parts = append(parts, e.String())
	}
	return strings.Join(parts, " ")
}

func (l *impactEvents) Set(v string) error {
	e, err := impact.ParseEvent(v)
	if err != nil {
		return err
	}
	*l = append(*l, e)
	return nil
}

func writeImpactJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
