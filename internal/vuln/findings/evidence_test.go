package findings_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// TestEvidenceAndUrgentFindings: a known exploited finding on the electronic patient
// record is urgent, so the hazard log is offered it once (not once per component), the
// board counts it, and B4.d says how much of the care map has an inventory.
func TestEvidenceAndUrgentFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		urgent, err := f.svc.UrgentFindings(ctx, f.analyst)
		if err != nil || len(urgent) != 0 {
			t.Fatalf("before KEV: %v %+v", err, urgent)
		}
		importDoc(t, f, f.analyst, findings.KEVFeed, "kev.json", []byte(kev))
		urgent, err = f.svc.UrgentFindings(ctx, f.analyst)
		if err != nil || len(urgent) != 1 || urgent[0].Decision != "Out-of-cycle" || urgent[0].Title != "CVE-2099-0001 in Electronic patient record" ||
			len(urgent[0].AssetIDs) != 1 || urgent[0].AssetIDs[0] != "epr" || !strings.HasPrefix(urgent[0].Path, "/vulnerabilities/") {
			t.Fatalf("urgent findings: %v %+v", err, urgent)
		}
		now := time.Now()
		ms, err := f.svc.Measures(ctx, f.analyst, now)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, m := range ms {
			got[m.Key] = m.Value
		}
		if got["vulns.urgent"] != 2 || got["vulns.past_due"] != 0 || got["vulns.inventory_coverage"] <= 0 || got["vulns.inventory_coverage"] >= 100 {
			t.Errorf("measures %v", got)
		}
		// Past the due date, the same finding counts as overdue.
		later, err := f.svc.Measures(ctx, f.analyst, now.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range later {
			if m.Key == "vulns.past_due" && m.Value != 2 {
				t.Errorf("a month later, %v findings past due", m.Value)
			}
		}
		items, err := f.svc.Evidence(ctx, f.analyst, now)
		if err != nil || len(items) != 2 || items[0].Outcome != "B4.d" || !strings.Contains(items[1].Summary, "2 known exploited") {
			t.Errorf("evidence: %v %+v", err, items)
		}
		// Another organisation has none of it.
		if urgent, _ := f.svc.UrgentFindings(ctx, f.practice); len(urgent) != 0 {
			t.Errorf("the practice is offered the trust's findings: %+v", urgent)
		}
	})
}
