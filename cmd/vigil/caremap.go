package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
)

// runImport reads files into the database: vigil import caremap FILE --org CODE.
func runImport(ctx context.Context, s streams, args []string) error {
	const usage = "vigil import caremap FILE.yaml --org CODE [--data DIR | --database-url URL]"
	if len(args) == 0 || args[0] != "caremap" {
		return usageErrorf("%s", usage)
	}
	var code string
	svc, fs, err := openServices(ctx, s, "import caremap", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code the map is for")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 1 {
		return usageErrorf("%s", usage)
	}
	_, sc, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	m, err := readCareMapFile(s, fs.Arg(0))
	if err != nil {
		return err
	}
	warnCycles(s, fs.Arg(0), m)
	res, err := svc.CareMaps.Replace(ctx, sc, m, mapstore.Change{})
	if err != nil {
		return err
	}
	a := res.After
	if !res.Changed {
		fmt.Fprintf(s.out, "the care map of %s is already this file (version %d); nothing changed\n", sc.OrgCode, a.Revision)
		return nil
	}
	fmt.Fprintf(s.out, "imported the care map of %s as version %d: %d services, %d assets, %d suppliers\n", sc.OrgCode, a.Revision, a.Services, a.Assets, a.Suppliers)
	if res.Followup != nil {
		fmt.Fprintf(s.err, "warning: the care map is saved, but %s\n", oneLine(res.Followup))
	}
	return nil
}

// runExport writes stored data out: vigil export caremap --org CODE [--format yaml|json].
func runExport(ctx context.Context, s streams, args []string) error {
	const usage = "vigil export caremap --org CODE [--format yaml|json] [--data DIR | --database-url URL]"
	if len(args) == 0 || args[0] != "caremap" {
		return usageErrorf("%s", usage)
	}
	var code, format string
	svc, fs, err := openServices(ctx, s, "export caremap", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
		fs.StringVar(&format, "format", "yaml", "yaml or json")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 0 {
		return usageErrorf("%s", usage)
	}
	if format != "yaml" && format != "json" {
		return usageErrorf("unknown --format %q; use yaml or json", format)
	}
	_, sc, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	m, err := svc.CareMaps.Map(ctx, sc)
	if err != nil {
		return err
	}
	out, err := m.YAML()
	if format == "json" {
		out, err = m.IndentedJSON()
	}
	if err != nil {
		return err
	}
	_, err = s.out.Write(out)
	return err
}
