package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// runImpactNational asks the national what-if over every stored care map:
//
//	vigil impact national (--supplier NAME | --product VENDOR/PRODUCT) --days N [--org CODE] [--format table|json]
//
// It acts as the national centre (--org, or the only one there is).
func runImpactNational(ctx context.Context, s streams, args []string) error {
	fs := newFlags("impact national", s)
	supplier := fs.String("supplier", "", "a supplier's id or name as care maps write it")
	product := fs.String("product", "", "a product as vendor/product (as in a CPE), a CPE or a package URL")
	days := fs.String("days", "14", fmt.Sprintf("how many days it is down (1 to %d)", whatif.MaxOutageDays))
	centre := fs.String("org", "", "the national centre's organisation code (needed only when there are several)")
	format := impactFormatFlag(fs)
	cfg := app.ConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected %q", fs.Arg(0))
	}
	if err := checkImpactFormat(*format); err != nil {
		return err
	}
	q, err := whatif.NewOutage(*supplier, *product, *days)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if err := cfg.Load(fs, os.Getenv); err != nil {
		return err
	}
	svc, err := app.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer svc.Close()
	code := *centre
	if code == "" {
		if code, err = onlyNationalCentre(ctx, svc); err != nil {
			return err
		}
	}
	_, sc, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	ans, err := svc.WhatIf.National(ctx, sc, q)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeImpactJSON(s.out, ans)
	}
	return writeNationalTable(s.out, ans)
}

// onlyNationalCentre is the code of the one national centre in the database.
func onlyNationalCentre(ctx context.Context, svc *app.Services) (string, error) {
	ids, err := svc.Orgs.NationalCentres(ctx)
	if err != nil {
		return "", err
	}
	if len(ids) != 1 {
		return "", usageErrorf("there are %d national centres; say which with --org CODE", len(ids))
	}
	o, err := svc.Orgs.Organisation(ctx, vigil.SystemScope(vigil.Org{ID: ids[0]}, "command line", nil), ids[0])
	if err != nil {
		return "", err
	}
	return o.Code, nil
}

func writeNationalTable(w io.Writer, ans whatif.NationalAnswer) error {
	b := &impactWriter{w: w}
	b.printf("%s\n", ans.Outage.Words())
	b.printf("%d of %d organisations with a care map affected; %d services; %d patients while it lasts; %d services run out of safe downtime before it ends.\n\n",
		len(ans.Organisations), ans.Maps, ans.Services, ans.Patients, ans.HarmBeforeEnd)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tORGANISATION\tSERVICE\tSTATE\tRISK\tPATIENTS\tSAFE FOR\tAT RISK AFTER")
	for i, o := range ans.Organisations {
		for _, sv := range o.Services {
			harm := "-"
			if after, ok := whatif.HarmAfter(sv); ok {
				harm = after.String()
				if after == 0 {
					harm = "start"
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", i+1, o.Code, sv.ID, sv.Words(), impactRiskText(sv.Risk),
				sv.PatientsAffected, impactSafeFor(sv.SafeFor), harm)
		}
	}
	tw.Flush()
	return b.err
}
