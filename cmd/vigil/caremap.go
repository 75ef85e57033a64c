package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
)

// operatorScope is how a command line acts for an organisation: whoever runs it holds the
// database itself, so it acts as the organisation's administrator.
func operatorScope(ctx context.Context, db *store.DB, code string) (auth.Scope, error) {
	if code == "" {
		return auth.Scope{}, usageErrorf("give the organisation with --org CODE")
	}
	o, err := org.NewStore(db).OrganisationByCode(ctx, code)
	if err != nil {
		return auth.Scope{}, err
	}
	return auth.NewScope(o.ID, o.Code, string(o.Type), "", "command line", []auth.Role{auth.OrgAdmin}), nil
}

// runImport reads files into the database: vigil import caremap FILE --org CODE.
func runImport(ctx context.Context, s streams, args []string) error {
	const usage = "vigil import caremap FILE.yaml --org CODE [--data DIR | --database-url URL]"
	if len(args) == 0 || args[0] != "caremap" {
		return usageErrorf("%s", usage)
	}
	var code string
	db, fs, err := openStore(ctx, s, "import caremap", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code the map is for")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if fs.NArg() != 1 {
		return usageErrorf("%s", usage)
	}
	sc, err := operatorScope(ctx, db, code)
	if err != nil {
		return err
	}
	m, err := readCareMapFile(s, fs.Arg(0))
	if err != nil {
		return err
	}
	warnCycles(s, fs.Arg(0), m)
	res, err := mapstore.New(db).Replace(ctx, sc, m, mapstore.Change{})
	if err != nil {
		return err
	}
	a := res.After
	if !res.Changed {
		fmt.Fprintf(s.out, "the care map of %s is already this file (version %d); nothing changed\n", sc.OrgCode, a.Revision)
		return nil
	}
	fmt.Fprintf(s.out, "imported the care map of %s as version %d: %d services, %d assets, %d suppliers\n", sc.OrgCode, a.Revision, a.Services, a.Assets, a.Suppliers)
	return nil
}

// runExport writes stored data out: vigil export caremap --org CODE [--format yaml|json].
func runExport(ctx context.Context, s streams, args []string) error {
	const usage = "vigil export caremap --org CODE [--format yaml|json] [--data DIR | --database-url URL]"
	if len(args) == 0 || args[0] != "caremap" {
		return usageErrorf("%s", usage)
	}
	var code, format string
	db, fs, err := openStore(ctx, s, "export caremap", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
		fs.StringVar(&format, "format", "yaml", "yaml or json")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if fs.NArg() != 0 {
		return usageErrorf("%s", usage)
	}
	if format != "yaml" && format != "json" {
		return usageErrorf("unknown --format %q; use yaml or json", format)
	}
	sc, err := operatorScope(ctx, db, code)
	if err != nil {
		return err
	}
	m, err := mapstore.New(db).Map(ctx, sc)
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
