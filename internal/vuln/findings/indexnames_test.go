package findings_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// TestAdvisoryNoLongerNamingAPackage: an advisory about lodash and left-pad is replaced
// by a version about left-pad alone. Evaluations read only advisories naming what the
// organisation runs, so the old version must not linger in the index: lodash's finding
// closes, left-pad's stays.
func TestAdvisoryNoLongerNamingAPackage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if open := list(t, f, f.analyst, findings.Filter{}); len(open) != 2 {
			t.Fatalf("%d findings, want lodash and left-pad", len(open))
		}
		padOnly := `{"schema_version": "1.6.0", "id": "GHSA-test-lodash", "aliases": ["CVE-2099-0001"], "modified": "2099-03-01T00:00:00Z",
			"affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "9.0.0"}]}]}]}`
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", []byte(padOnly))
		open := list(t, f, f.analyst, findings.Filter{})
		if len(open) != 1 || open[0].Component.Name != "left-pad" {
			t.Errorf("open findings %+v, want left-pad's alone", open)
		}
	})
}

// TestAdvisoriesStoredBeforeNames: rows stored before Vigil kept advisories' names (as
// an upgrade finds them) are named on the first evaluation after a start, and match.
func TestAdvisoriesStoredBeforeNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if _, err := db.Exec(ctx, `DELETE FROM vuln_advisory_names`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE vuln_advisories SET names_kept = $1`, false); err != nil {
			t.Fatal(err)
		}
		restarted := findings.New(db, f.orgs, mapstore.New(db), store.Now)
		res, err := restarted.Evaluate(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		if res.Open != 2 || res.Closed != 0 {
			t.Errorf("after a start %+v, want both findings still open", res)
		}
		var names int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM vuln_advisory_names WHERE advisory_id = $1`, "GHSA-test-lodash").Scan(&names); err != nil {
			t.Fatal(err)
		}
		if names != 2 {
			t.Errorf("%d names kept for the older advisory, want lodash and left-pad", names)
		}
		// Importing the same record again is still no change.
		again := importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if again.Unchanged != 1 {
			t.Errorf("import again %+v", again)
		}
	})
}
