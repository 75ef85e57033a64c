package findings_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

func importDoc(t *testing.T, f fixture, scope vigil.Scope, kind findings.FeedKind, name string, data []byte) findings.Imported {
	t.Helper()
	res, err := f.svc.Import(context.Background(), scope, kind, name, data)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func attach(t *testing.T, f fixture, scope vigil.Scope, asset, name string, data []byte) findings.Attached {
	t.Helper()
	res, err := f.svc.Attach(context.Background(), scope, asset, name, data)
	if err != nil {
		t.Fatalf("attach %s: %v", name, err)
	}
	return res
}

func list(t *testing.T, f fixture, scope vigil.Scope, filter findings.Filter) []findings.Finding {
	t.Helper()
	fs, err := f.svc.List(context.Background(), scope, filter)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestFindingsFromSBOM attaches an SBOM to the electronic patient record and imports an
// advisory: the finding says how it matched, its SSVC inputs come from the care map, and
// the component with no version needs review rather than being dropped.
func TestFindingsFromSBOM(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		att := attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		if att.Inventory.Components != 2 || len(att.Inventory.Problems) == 0 {
			t.Errorf("inventory %+v: the component with no version should be reported", att.Inventory)
		}
		res := importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if res.New != 1 || res.Evaluated != 1 {
			t.Errorf("import %+v", res)
		}
		fs := list(t, f, f.analyst, findings.Filter{})
		if len(fs) != 2 {
			t.Fatalf("%d findings, want lodash and left-pad", len(fs))
		}
		byName := map[string]findings.Finding{}
		for _, x := range fs {
			byName[x.Component.Name] = x
		}
		lodash, pad := byName["lodash"], byName["left-pad"]
		if lodash.Advisory != "CVE-2099-0001" || lodash.Match.Method != "purl" || lodash.Match.Confidence != "high" || lodash.Match.NeedsReview ||
			lodash.AssetID != "epr" || lodash.Asset == nil || lodash.Asset.Name != "Electronic patient record" {
			t.Errorf("lodash finding %+v", lodash)
		}
		in := lodash.Decision.Inputs
		if in.Exploitation != "none" || in.Exposure != "controlled" || in.Safety != "catastrophic" || !strings.Contains(in.Why.Safety, "Electronic patient record") {
			t.Errorf("SSVC inputs from the care map: %+v", in)
		}
		if !pad.Match.NeedsReview {
			t.Errorf("left-pad with no version should need review: %+v", pad.Match)
		}
		if lodash.DueOn == "" || !lodash.Open {
			t.Errorf("an open finding with a due date: %+v", lodash)
		}
		if len(auditEvents(t, f, f.analyst, "vuln-inventory")) != 1 || len(auditEvents(t, f, f.analyst, "vuln-advisories")) != 1 {
			t.Error("the upload and the import are not audited")
		}
		// The CSO reads; they cannot change.
		if _, err := f.svc.List(context.Background(), f.cso, findings.Filter{Asset: "epr"}); err != nil {
			t.Errorf("the CSO should read findings: %v", err)
		}
		if _, err := f.svc.Import(context.Background(), f.cso, findings.Advisories, "x.json", osv("1", "2099-01-01T00:00:00Z", "")); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("the CSO imported advisories: %v", err)
		}
		// Filters: by service (the ED depends on the EPR), by KEV, by decision.
		if got := list(t, f, f.analyst, findings.Filter{Service: "ed"}); len(got) != 2 {
			t.Errorf("the ED depends on the EPR: %d findings", len(got))
		}
		if got := list(t, f, f.analyst, findings.Filter{KEV: true}); len(got) != 0 {
			t.Errorf("no KEV yet: %d findings", len(got))
		}
	})
}

// TestReimportAndWithdrawal: the same document twice changes nothing; KEV makes the
// finding active; a withdrawn advisory closes its findings, saying why.
func TestReimportAndWithdrawal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		first := list(t, f, f.analyst, findings.Filter{})
		again := importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if again.Unchanged != 1 || again.New != 0 || again.Updated != 0 {
			t.Errorf("re-import %+v", again)
		}
		second := list(t, f, f.analyst, findings.Filter{})
		if len(second) != len(first) || second[0].ID != first[0].ID {
			t.Errorf("re-importing changed the findings: %d then %d", len(first), len(second))
		}
		// An older version of the advisory never replaces the newer one.
		older := importDoc(t, f, f.analyst, findings.Advisories, "lodash-old.json", osv("4.17.0", "2098-01-01T00:00:00Z", ""))
		if older.Unchanged != 1 {
			t.Errorf("older version %+v", older)
		}
		importDoc(t, f, f.analyst, findings.KEVFeed, "kev.json", []byte(kev))
		kevs := list(t, f, f.analyst, findings.Filter{KEV: true})
		// Both components are open to the same exploited vulnerability; the one with a
		// known version comes first.
		if len(kevs) != 2 || kevs[0].Component.Name != "lodash" || kevs[0].Decision.Inputs.Exploitation != "active" || !kevs[0].KEV.Ransomware ||
			kevs[0].Decision.Priority != "out-of-cycle" {
			t.Fatalf("KEV findings %+v", kevs)
		}
		w := importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-02-01T00:00:00Z", "2099-02-01T00:00:00Z"))
		if w.Withdrawn != 1 {
			t.Errorf("withdrawal %+v", w)
		}
		if open := list(t, f, f.analyst, findings.Filter{}); len(open) != 0 {
			t.Errorf("%d findings still open after the advisory was withdrawn", len(open))
		}
		closed := list(t, f, f.analyst, findings.Filter{Closed: true})
		if len(closed) != 2 || !strings.HasPrefix(closed[0].Closed, "withdrawn") {
			t.Errorf("closed findings %+v", closed)
		}
	})
}

// TestDecisionCarriesToLaterVersion: an analyst marks lodash 4.17.20 not affected; the
// next SBOM lists 4.17.19, in the same range, and the decision stands. A version past the
// fix has no finding at all.
func TestDecisionCarriesToLaterVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		lodash := list(t, f, f.analyst, findings.Filter{Advisory: "GHSA-test-lodash"})
		if len(lodash) != 2 {
			t.Fatalf("by alias: %d findings", len(lodash))
		}
		var target findings.Finding
		for _, x := range lodash {
			if x.Component.Name == "lodash" {
				target = x
			}
		}
		if _, err := f.svc.Decide(ctx, f.analyst, target.ID, findings.DecisionInput{Status: advisory.StatusNotAffected}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("not affected without a reason: %v", err)
		}
		got, err := f.svc.Decide(ctx, f.analyst, target.ID, findings.DecisionInput{Status: advisory.StatusNotAffected, Justification: "code_not_reachable", Note: "We never call merge."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != advisory.StatusNotAffected || got.Analyst == nil || got.Analyst.Note != "We never call merge." {
			t.Errorf("decided finding %+v", got)
		}
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.19"))
		for _, x := range list(t, f, f.analyst, findings.Filter{}) {
			if x.Component.Name == "lodash" && (x.Component.Version != "4.17.19" || x.Status != advisory.StatusNotAffected || x.Analyst == nil) {
				t.Errorf("the decision was not carried to 4.17.19: %+v", x)
			}
		}
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.21"))
		for _, x := range list(t, f, f.analyst, findings.Filter{}) {
			if x.Component.Name == "lodash" {
				t.Errorf("the fixed version still has a finding: %+v", x)
			}
		}
		if n := len(auditEvents(t, f, f.analyst, "vuln-finding")); n != 1 {
			t.Errorf("%d decision audit records", n)
		}
	})
}

// TestTenancy: one organisation cannot read, decide on or remove another's findings and
// inventories, and an organisation's own advisories apply only to it; a national centre's
// are shared with all, and it sees who is exposed.
func TestTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		att := attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		theirs := list(t, f, f.analyst, findings.Filter{})[0]
		if _, err := f.svc.Finding(ctx, f.practice, theirs.ID); !vigil.IsNotFound(err) {
			t.Errorf("the practice read the trust's finding: %v", err)
		}
		if _, err := f.svc.Decide(ctx, f.practice, theirs.ID, findings.DecisionInput{Status: advisory.StatusFixed}); !vigil.IsNotFound(err) {
			t.Errorf("the practice decided the trust's finding: %v", err)
		}
		if err := f.svc.RemoveInventory(ctx, f.practice, att.Inventory.ID); !vigil.IsNotFound(err) {
			t.Errorf("the practice removed the trust's inventory: %v", err)
		}
		if invs, _ := f.svc.Inventories(ctx, f.practice); len(invs) != 0 {
			t.Errorf("the practice sees %d inventories", len(invs))
		}
		// The practice runs the same software, but the trust's advisories are the trust's.
		attach(t, f, f.practice, "", "surgery.cdx.json", bom("4.17.20"))
		if got := list(t, f, f.practice, findings.Filter{}); len(got) != 0 {
			t.Errorf("the trust's advisory applied to the practice: %d findings", len(got))
		}
		if _, err := f.svc.Exposures(ctx, f.analyst, "CVE-2099-0001"); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust analyst read across organisations: %v", err)
		}
		// The national centre's import is shared, and it sees both organisations exposed,
		// the trust (its EPR is clinically critical) before the practice (no care map).
		shared := importDoc(t, f, f.central, findings.Advisories, "lodash-national.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if shared.Evaluated != 3 {
			t.Errorf("the national import evaluated %d organisations", shared.Evaluated)
		}
		if got := list(t, f, f.practice, findings.Filter{}); len(got) != 2 {
			t.Errorf("the national advisory gave the practice %d findings", len(got))
		}
		ex, err := f.svc.Exposures(ctx, f.central, "cve-2099-0001")
		if err != nil {
			t.Fatal(err)
		}
		if len(ex) != 2 || ex[0].Org.Code != f.analyst.OrgCode || ex[1].Org.Code != f.practice.OrgCode || len(ex[0].Services) == 0 {
			t.Errorf("exposures %+v", ex)
		}
	})
}

// TestProducts: the product report gathers a package's advisory history across sources,
// with KEV and ransomware use and fixed versions, and where it runs now; a name Vigil
// cannot read is refused saying how to write it.
func TestProducts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		importDoc(t, f, f.analyst, findings.KEVFeed, "kev.json", []byte(kev))
		ps, err := f.svc.Products(ctx, f.analyst, []string{"pkg:npm/lodash@4.17.20", "pkg:npm/left-pad"})
		if err != nil {
			t.Fatal(err)
		}
		lodash, pad := ps[0], ps[1]
		if len(lodash.Advisories) != 1 || lodash.Advisories[0].ID != "CVE-2099-0001" || lodash.KEV != 1 || lodash.Ransomware != 1 || lodash.WithFix != 1 ||
			lodash.Advisories[0].Fixed[0] != "4.17.21" || lodash.Findings != 1 || lodash.Organisations != 1 {
			t.Errorf("lodash %+v", lodash)
		}
		if len(pad.Advisories) != 1 || pad.Findings != 1 {
			t.Errorf("left-pad %+v", pad)
		}
		// The practice holds none of the trust's advisories or findings.
		theirs, err := f.svc.Products(ctx, f.practice, []string{"pkg:npm/lodash"})
		if err != nil || len(theirs[0].Advisories) != 0 || theirs[0].Findings != 0 {
			t.Errorf("the practice sees %+v (%v)", theirs, err)
		}
		if _, err := f.svc.Products(ctx, f.analyst, []string{"lodash"}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a bare name: %v", err)
		}
	})
}

// TestImportSkipsOrganisationsItCannotTouch: once the practice's findings have been worked
// out, a national advisory about a package it does not run leaves it alone, while one
// about a package it runs reaches it.
func TestImportSkipsOrganisationsItCannotTouch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		attach(t, f, f.practice, "", "surgery.cdx.json", []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.5",
			"components": [{"name": "express", "version": "4.0.0", "purl": "pkg:npm/express@4.0.0"}]}`))
		lodash := importDoc(t, f, f.central, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		if lodash.Evaluated != 2 || lodash.Skipped != 1 {
			t.Errorf("lodash import: %d evaluated, %d skipped; want the trust and the centre, not the practice", lodash.Evaluated, lodash.Skipped)
		}
		express := importDoc(t, f, f.central, findings.Advisories, "express.json", []byte(`{"schema_version": "1.6.0", "id": "GHSA-test-express",
			"modified": "2099-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm", "name": "express"},
			"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.1.0"}]}]}]}`))
		if express.Skipped != 2 || len(list(t, f, f.practice, findings.Filter{})) != 1 {
			t.Errorf("express import: %d skipped, practice findings %d", express.Skipped, len(list(t, f, f.practice, findings.Filter{})))
		}
		// A withdrawal reaches everyone.
		w := importDoc(t, f, f.central, findings.Advisories, "lodash.json", osv("4.17.21", "2099-02-01T00:00:00Z", "2099-02-01T00:00:00Z"))
		if w.Skipped != 0 || len(list(t, f, f.analyst, findings.Filter{})) != 0 {
			t.Errorf("withdrawal: %d skipped, trust findings %d", w.Skipped, len(list(t, f, f.analyst, findings.Filter{})))
		}
	})
}

// TestFindingReopensWithItsHistory: a component updated past the fix closes its finding
// as no longer matched; put back, the same finding opens again, keeping its identity
// and when it was first seen.
func TestFindingReopensWithItsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		importDoc(t, f, f.analyst, findings.Advisories, "lodash.json", osv("4.17.21", "2099-01-01T00:00:00Z", ""))
		lodash := func(fs []findings.Finding) (findings.Finding, bool) {
			for _, x := range fs {
				if x.Component.Name == "lodash" {
					return x, true
				}
			}
			return findings.Finding{}, false
		}
		first, ok := lodash(list(t, f, f.analyst, findings.Filter{}))
		if !ok {
			t.Fatal("no lodash finding")
		}
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.21"))
		if _, ok := lodash(list(t, f, f.analyst, findings.Filter{})); ok {
			t.Fatal("lodash 4.17.21 is fixed, yet a finding is open")
		}
		closed, ok := lodash(list(t, f, f.analyst, findings.Filter{Closed: true}))
		if !ok || closed.ID != first.ID || !strings.HasPrefix(closed.Closed, "no longer matched") {
			t.Fatalf("closed finding %+v, want %s closed as no longer matched", closed, first.ID)
		}
		attach(t, f, f.analyst, "epr", "epr.cdx.json", bom("4.17.20"))
		again, ok := lodash(list(t, f, f.analyst, findings.Filter{}))
		if !ok || again.ID != first.ID || !again.FirstSeen.Equal(first.FirstSeen) || again.Closed != "" || again.DueOn != first.DueOn {
			t.Errorf("reopened finding %+v, first %+v", again, first)
		}
		if _, ok := lodash(list(t, f, f.analyst, findings.Filter{Closed: true})); ok {
			t.Error("the reopened finding is still listed as closed")
		}
	})
}
