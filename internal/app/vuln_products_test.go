package app_test

import (
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// TestVulnProductAdvice: comparing the electronic patient record's product with Log4j, the
// analyst sees the record's end-of-support date from the care map, the NTIA minimum
// elements of the SBOM its maker supplied (figures worked out here from the demo SBOM),
// and how long Log4j's fix took to appear; the CSV carries the same figures.
func TestVulnProductAdvice(t *testing.T) {
	f, err := os.Open("../demo/vulndata/epr.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := sbom.Read("epr.cdx.json", f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	q := inv.Quality()
	pc := func(n int) string { return fmt.Sprintf("%.0f%%", q.Share(n)*100) }
	yes := func(b bool) string { return map[bool]string{true: "yes", false: "no"}[b] }
	sbomRow := fmt.Sprintf("epr.cdx.json Riverside University Hospitals NHS Foundation Trust, Electronic patient record %d (%d with no version) %s %s %s %s %s %s",
		q.Components, q.UnknownVersions(), pc(q.WithSupplier), pc(q.WithVersion), pc(q.WithUniqueID), pc(q.InDependencies), yes(q.HasAuthor), yes(q.HasTimestamp))
	summary := fmt.Sprintf("1 SBOM, %d components: %s with a supplier, %s with a version, %s with a purl or CPE",
		q.Components, pc(q.WithSupplier), pc(q.WithVersion), pc(q.WithUniqueID))

	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		query := "?product=meridian:care_record&product=" + url.QueryEscape("pkg:maven/org.apache.logging.log4j/log4j-core")
		res := analyst.Get("/vulnerabilities/products" + query)
		text := apptest.Text(res.Body)
		for _, want := range []string{
			"End of support Soonest: support ends 31 March 2029 (Electronic patient record) No date in the care map",
			"SBOMs from the maker " + summary + " None uploaded",
			"What the maker's SBOMs contain (NTIA minimum elements)",
			sbomRow,
			"Riverside University Hospitals NHS Foundation Trust, Electronic patient record: support ends 31 March 2029",
			// The demo's one Log4j advisory names its fixed versions from the day it was published.
			"Time for a fix to appear (middle value) No vulnerabilities on record 0 days after the first advisory (over 1; 1 fixed when first published; longest 0 days)",
			"A fixed version was named 0 days after it was first published.",
			"From CVE-2021-44228 (cve5, published 2021-12-10, names a fixed version).",
		} {
			if res.StatusCode != 200 || !strings.Contains(text, want) {
				t.Errorf("the comparison does not say %q:\n%s", want, text)
			}
		}
		rows, err := csv.NewReader(strings.NewReader(analyst.Get("/vulnerabilities/products.csv" + query).Body)).ReadAll()
		if err != nil || len(rows) < 3 || rows[0][17] != "end_of_support_soonest" || rows[1][17] != "2029-03-31" || rows[1][18] != "1" || rows[2][18] != "0" {
			t.Errorf("CSV %v (%v)", rows, err)
		}
	})
}
