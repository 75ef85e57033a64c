package match

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

const jwtAdvisory = `{"id":"GHSA-test-jwt1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2099-0001"],
 "summary":"jsonwebtoken accepts forged tokens",
 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"}],
 "affected":[{"package":{"ecosystem":"npm","name":"jsonwebtoken"},
   "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.3.0"}]}]}]}`

func TestMatchPURLRanges(t *testing.T) {
	ix := NewIndex()
	ix.Put(osvRecord(t, jwtAdvisory))
	ix.Put(osvRecord(t, `{"id":"GHSA-test-lodash","modified":"2024-01-01T00:00:00Z",
	 "affected":[{"package":{"ecosystem":"npm","name":"lodash"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"4.0.0"},{"last_affected":"4.17.20"}]}],
	  "versions":["2.4.2"]}]}`))
	ix.Put(osvRecord(t, `{"id":"GHSA-test-express","modified":"2024-01-01T00:00:00Z",
	 "affected":[{"package":{"ecosystem":"npm","name":"express"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"4.17.3"}]}]}]}`))
	fs := ix.Match(juiceShop(t), System{})

	jwt := about(fs, "CVE-2099-0001")
	if len(jwt) != 1 || jwt[0].Component.Version != "0.1.0" {
		t.Fatalf("jsonwebtoken findings %+v (juice-shop holds 0.1.0 and 0.4.0; only 0.1.0 is below 0.3.0)", jwt)
	}
	f := jwt[0]
	if f.Match.Method != ByPURL || f.Match.Confidence != High || f.Match.Range != "SEMVER: introduced 0, fixed 0.3.0" ||
		f.Match.Identifier != "pkg:npm/jsonwebtoken@0.1.0" || !slices.Equal(f.Aliases, []string{"GHSA-test-jwt1"}) {
		t.Errorf("finding %+v", f.Match)
	}
	if f.CVSS == nil || f.CVSS.Score != 9.1 || f.Status != advisory.StatusAffected || f.Summary == "" {
		t.Errorf("evidence %+v %v", f.CVSS, f.Status)
	}
	lodash := about(fs, "GHSA-test-lodash")
	if len(lodash) != 1 || lodash[0].Component.Version != "2.4.2" || !strings.Contains(lodash[0].Match.Range, "listed") {
		t.Errorf("lodash: 4.17.21 is after last_affected 4.17.20; 2.4.2 is listed: %+v", lodash)
	}
	if len(about(fs, "GHSA-test-express")) != 0 {
		t.Error("express 4.18.2 matched a range fixed in 4.17.3")
	}
}

// TestPutIsIdempotentAndWithdrawalWithdraws re-imports and withdraws an advisory.
func TestPutIsIdempotentAndWithdrawalWithdraws(t *testing.T) {
	inv := juiceShop(t)
	ix := NewIndex()
	a := osvRecord(t, jwtAdvisory)
	ix.Put(a)
	first := ix.Match(inv, System{})
	ix.Put(a)
	ix.Put(a)
	if again := ix.Match(inv, System{}); !reflect.DeepEqual(first, again) || ix.Len() != 1 {
		t.Errorf("re-importing changed the findings: %d then %d", len(first), len(again))
	}
	older := a
	older.Modified = a.Modified.Add(-time.Hour)
	older.Affected = nil
	ix.Put(older)
	if len(ix.Match(inv, System{})) != 1 {
		t.Error("an older copy replaced the newer one")
	}
	w := a
	w.Modified, w.Withdrawn = a.Modified.Add(time.Hour), a.Modified.Add(time.Hour)
	ix.Put(w)
	if fs := ix.Match(inv, System{}); len(fs) != 0 || ix.Len() != 0 {
		t.Errorf("a withdrawn advisory still gives %d findings", len(fs))
	}
}

// TestAliasesJoinSourcesAndEvidence checks that an OSV record and a CVE record for the same
// CVE make one finding, and that KEV and EPSS keyed by CVE reach an advisory known by its
// GHSA id.
func TestAliasesJoinSourcesAndEvidence(t *testing.T) {
	ix := NewIndex()
	ix.Put(osvRecord(t, jwtAdvisory))
	ix.Put(advisory.Advisory{ID: "CVE-2099-0001", Source: advisory.SourceCVE5, SSVC: &advisory.SSVCHints{Exploitation: "poc", Automatable: "yes", Provider: "CISA-ADP"},
		Affected: []advisory.Affected{{Package: ident.NewPackage("npm", "jsonwebtoken"), Ecosystem: "npm",
			Ranges: []advisory.Range{{Type: advisory.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "0.2.0"}}}}}}})
	// A record that names the vulnerability but no package still lends its evidence.
	ix.Put(advisory.Advisory{ID: "CVE-2099-0001", Source: advisory.SourceCSAF, Exploited: false,
		Severity: []advisory.Severity{advisory.ParseSeverity("", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")}})
	ix.SetEPSS(&advisory.EPSS{Scores: map[string]advisory.EPSSScore{"CVE-2099-0001": {CVE: "CVE-2099-0001", Probability: 0.97, Percentile: 0.999}}})
	fs := ix.Match(juiceShop(t), System{})
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	f := fs[0]
	if !slices.Equal(f.Sources, []string{"cve5:CVE-2099-0001", "osv:GHSA-test-jwt1"}) || f.EPSS == nil || f.CVSS.Score != 10 {
		t.Errorf("sources %v epss %v cvss %v", f.Sources, f.EPSS, f.CVSS)
	}
	in := f.Decision.Inputs
	if in.Exploitation != ssvc.PublicPoC || in.Automatable != ssvc.AutomatableYes || slices.Contains(in.Assumed, "automatable") {
		t.Errorf("inputs from the CVE record's ADP block: %+v", in)
	}

	// EPSS of 97% alone never makes exploitation active; KEV does.
	ix2 := NewIndex()
	ix2.Put(osvRecord(t, jwtAdvisory))
	ix2.SetEPSS(&advisory.EPSS{Scores: map[string]advisory.EPSSScore{"CVE-2099-0001": {Probability: 0.97}}})
	f = ix2.Match(juiceShop(t), System{})[0]
	if f.Decision.Inputs.Exploitation != ssvc.ExploitationNone || !strings.Contains(f.Decision.Inputs.Why.Exploitation, "EPSS") {
		t.Errorf("EPSS set exploitation: %+v", f.Decision.Inputs)
	}
	ix2.SetKEV(&advisory.KEV{Entries: map[string]advisory.KEVEntry{"CVE-2099-0001": {CVE: "CVE-2099-0001", DateAdded: "2099-01-02", Ransomware: "Known"}}})
	f = ix2.Match(juiceShop(t), System{})[0]
	if f.KEV == nil || !f.KEV.Ransomware || f.Decision.Inputs.Exploitation != ssvc.Active || f.Decision.Priority != ssvc.Immediate {
		t.Errorf("KEV: %+v decision %+v", f.KEV, f.Decision)
	}
	// With no care map, exposure, safety and mission are assumed at their most cautious.
	if want := []string{"automatable", "exposure", "safety_impact", "mission_impact"}; !slices.Equal(f.Decision.Inputs.Assumed, want) {
		t.Errorf("assumed %v, want %v", f.Decision.Inputs.Assumed, want)
	}
	// An isolated device that nothing clinical depends on lowers the priority.
	f = ix2.Match(juiceShop(t), System{Asset: &ssvc.AssetImpact{Name: "Test bench", Exposure: ssvc.Small, Safety: ssvc.Negligible, Mission: ssvc.Degraded}})[0]
	if f.Decision.Priority != ssvc.Scheduled || slices.Contains(f.Decision.Inputs.Assumed, "exposure") {
		t.Errorf("isolated, negligible: %+v", f.Decision)
	}
}

// TestMedicalDevice matches a medical-device SBOM by CPE, by the device alias list, and
// lists components without versions as needing review.
func TestMedicalDevice(t *testing.T) {
	ix := NewIndex()
	for _, a := range document(t, "../advisory/testdata/cve5/CVE-2022-42905.json") {
		ix.Put(a)
	}
	ix.Put(advisory.Advisory{ID: "CVE-2099-0002", Source: advisory.SourceCVE5,
		Affected: []advisory.Affected{{Product: "qualcomm:atheros_qca9563", Scheme: "generic",
			Ranges: []advisory.Range{{Type: advisory.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "5.0"}}}}}}})
	ix.Put(advisory.Advisory{ID: "CVE-2099-0003", Source: advisory.SourceCVE5,
		Affected: []advisory.Affected{{Product: "lwip_project:lwip", Scheme: "generic",
			Ranges: []advisory.Range{{Type: advisory.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "2.1.3"}}}}}}})
	inv := inventory(t, "../testdata/medical-device-extended.cdx.json")
	inv.Components = append(inv.Components, sbom.Component{Name: "lwIP", Version: "2.1.2", PURL: "pkg:generic/lwip@2.1.2"})
	fs := ix.Match(inv, System{})

	wolf := about(fs, "CVE-2022-42905")
	if len(wolf) != 1 || wolf[0].Match.Method != ByCPE || wolf[0].Match.Confidence != Medium || wolf[0].Component.Version != "4.8.1" {
		t.Errorf("wolfSSL %+v", wolf)
	}
	chip := about(fs, "CVE-2099-0002")
	if len(chip) != 1 || !chip[0].Match.NeedsReview || !strings.Contains(chip[0].Match.Reason, "no version") {
		t.Errorf("a chip without a version must need review: %+v", chip)
	}
	lwip := about(fs, "CVE-2099-0003")
	if len(lwip) != 1 || lwip[0].Match.Method != ByAlias || lwip[0].Match.Confidence != Low {
		t.Errorf("lwIP through the device alias list: %+v", lwip)
	}
	// Definite findings come before those needing review.
	if fs[len(fs)-1].Advisory != "CVE-2099-0002" {
		t.Errorf("order: %v", fs)
	}
}

func TestUnreadableVersionNeedsReview(t *testing.T) {
	ix := NewIndex()
	ix.Put(osvRecord(t, `{"id":"GHSA-test-x","affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.3.0"}]}]}]}`))
	inv := &sbom.Inventory{Document: "x", Components: []sbom.Component{{Name: "left-pad", Version: "latest", PURL: "pkg:npm/left-pad@latest"}}}
	inv.Components[0].Package.Ecosystem, inv.Components[0].Package.Name = "npm", "left-pad"
	fs := ix.Match(inv, System{})
	if len(fs) != 1 || !fs[0].Match.NeedsReview || !strings.Contains(fs[0].Match.Reason, "latest") {
		t.Errorf("%+v", fs)
	}
}
