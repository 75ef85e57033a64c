package demo

import (
	"context"
	"embed"
	"fmt"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// vulnData holds the demo's advisories and inventories; SOURCES.md there says where each
// came from and under which licence.
//
//go:embed vulndata
var vulnData embed.FS

// demoInventories are the SBOMs and asset lists the demo organisations have uploaded.
var demoInventories = []struct {
	email, asset, file string
}{
	{"analyst@riverside.example", "epr", "epr.cdx.json"},
	{"analyst@riverside.example", "infusion-pumps", "infusion-pumps.cdx.xml"},
	{"analyst@riverside.example", "patient-monitors", "patient-monitors.cdx.json"},
	{"admin@elmtree.example", "", "kiosk-assets.csv"},
}

// demoFeeds are what the national centre imports for everyone.
var demoFeeds = []struct {
	kind findings.FeedKind
	file string
}{
	{findings.KEVFeed, "kev.json"},
	{findings.EPSSFeed, "epss.csv"},
	{findings.Advisories, "CVE-2021-44228.json"},
	{findings.Advisories, "CVE-2022-42905.json"},
}

// SeedVulns gives the demo trust and practice their inventories, and has the national
// centre import the advisories, KEV catalogue and EPSS scores for everyone, so the demo
// security analyst sees findings ranked by clinical risk. Call it after SeedCareMap.
func SeedVulns(ctx context.Context, svc Services) error {
	for _, inv := range demoInventories {
		sc, err := demoScope(ctx, svc, inv.email)
		if err != nil {
			return err
		}
		data, err := vulnData.ReadFile("vulndata/" + inv.file)
		if err != nil {
			return err
		}
		if _, err := svc.Vulns.Attach(ctx, sc, inv.asset, inv.file, data); err != nil {
			return fmt.Errorf("attach the demo inventory %s: %w", inv.file, err)
		}
	}
	central, err := demoScope(ctx, svc, "central@csoc.example")
	if err != nil {
		return err
	}
	for _, f := range demoFeeds {
		data, err := vulnData.ReadFile("vulndata/" + f.file)
		if err != nil {
			return err
		}
		if _, err := svc.Vulns.Import(ctx, central, f.kind, f.file, data); err != nil {
			return fmt.Errorf("import the demo %s: %w", f.file, err)
		}
	}
	return nil
}

// demoScope is a demo person's own scope, found by e-mail in any demo organisation.
func demoScope(ctx context.Context, svc Services, email string) (vigil.Scope, error) {
	for _, code := range []string{Code, "DEMOGP", "CSOC"} {
		o, err := svc.Orgs.OrganisationByCode(ctx, code)
		if err != nil {
			return vigil.Scope{}, err
		}
		if sc, err := demoPerson(ctx, svc, o.System("Vigil demo"), email); err == nil {
			return sc, nil
		}
	}
	return vigil.Scope{}, fmt.Errorf("no demo person %s", email)
}
