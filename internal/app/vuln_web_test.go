package app_test

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

var findingLink = regexp.MustCompile(`href="/vulnerabilities/([0-9A-Z]{26})"`)

// findingIDs lists the finding ids a page links to, in page order.
func findingIDs(page string) []string {
	var out []string
	for _, m := range findingLink.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestVulnFindingsRanked: the demo analyst sees findings ranked by decision then clinical
// risk: Log4Shell in the electronic patient record, known exploited, comes first; the
// filters narrow the list.
func TestVulnFindingsRanked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		res := analyst.Get("/vulnerabilities")
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		text := apptest.Text(res.Body)
		first := strings.Index(text, "CVE-2021-44228 Electronic patient record")
		second := strings.Index(text, "CVE-2022-42905")
		if first < 0 || second < first || !strings.Contains(text, "1 known to be exploited") {
			t.Errorf("ranking: %s", text)
		}
		kev := apptest.Text(analyst.Get("/vulnerabilities?kev=yes").Body)
		if !strings.Contains(kev, "CVE-2021-44228") || strings.Contains(kev, "CVE-2022-42905") {
			t.Errorf("KEV filter: %s", kev)
		}
		pumps := apptest.Text(analyst.Get("/vulnerabilities?asset=infusion-pumps").Body)
		if !strings.Contains(pumps, "Smart infusion pumps wolfSSL 4.8.1") || strings.Contains(pumps, "CVE-2021-44228") {
			t.Errorf("asset filter: %s", pumps)
		}
		ed := findingIDs(analyst.Get("/vulnerabilities?service=ed").Body)
		if len(ed) == 0 || len(ed) >= len(findingIDs(res.Body)) {
			t.Errorf("the ED depends on some systems, not all: %d of %d", len(ed), len(findingIDs(res.Body)))
		}
		if res := a.SignIn(t, apptest.Nurse).Get("/vulnerabilities"); res.StatusCode != 403 {
			t.Errorf("a nurse got %d", res.StatusCode)
		}
	})
}

// TestVulnFindingForPatients: one finding's page says what to do, names the services at
// risk with their downtime procedures, and why; the analyst records it as not affected,
// a wrong form is refused with an error summary, and another organisation cannot see it.
func TestVulnFindingForPatients(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		id := findingIDs(analyst.Get("/vulnerabilities?kev=yes").Body)[0]
		page := analyst.Get("/vulnerabilities/" + id)
		text := apptest.Text(page.Body)
		for _, want := range []string{"What to do", "Fix this before the next routine patching window", "What this means for patients",
			"Emergency Department", "Open the red downtime box", "Why Vigil decided this", "Known Exploited Vulnerabilities",
			"by its package URL (pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1)"} {
			if !strings.Contains(text, want) {
				t.Errorf("the finding page lacks %q: %s", want, text)
			}
		}
		bad := analyst.PostForm("/vulnerabilities/"+id+"/decision", url.Values{"status": {"not_affected"}})
		if bad.StatusCode != 422 || !strings.Contains(bad.Body, "nhsuk-error-summary") || !strings.Contains(apptest.Text(bad.Body), "Say why the component is not affected") {
			t.Errorf("refused decision: %d %s", bad.StatusCode, apptest.Text(bad.Body))
		}
		ok := analyst.PostForm("/vulnerabilities/"+id+"/decision", url.Values{"status": {"not_affected"}, "justification": {"requires_configuration"},
			"note": {"JNDI lookups are switched off on every EPR server."}})
		if ok.StatusCode != 303 || ok.Header.Get("Location") != "/vulnerabilities/"+id {
			t.Fatalf("the decision answered %d, to %q", ok.StatusCode, ok.Header.Get("Location"))
		}
		okText := apptest.Text(analyst.Get("/vulnerabilities/" + id).Body)
		if !strings.Contains(okText, "Status: Not affected") || !strings.Contains(okText, "JNDI lookups are switched off") {
			t.Errorf("after the decision: %d %s", ok.StatusCode, okText)
		}
		if res := a.SignIn(t, apptest.PracticeAdmin).Get("/vulnerabilities/" + id); res.StatusCode != 404 {
			t.Errorf("another organisation got %d for the trust's finding", res.StatusCode)
		}
		if res := a.SignIn(t, apptest.PracticeAdmin).PostForm("/vulnerabilities/"+id+"/decision", url.Values{"status": {"fixed"}}); res.StatusCode != 404 {
			t.Errorf("another organisation decided the trust's finding: %d", res.StatusCode)
		}
	})
}

// uploadWith posts a file to an upload form as a browser would, with the CSRF token.
func uploadWith(t *testing.T, c *apptest.Client, path string, fields url.Values, name, content string) apptest.Response {
	t.Helper()
	fields.Set("csrf_token", c.CSRF())
	ct, body := multipartBody(t, fields, "file", name, []byte(content))
	return c.Do("POST", path, ct, body)
}

// TestVulnUploads: a broken SBOM is refused saying where, and changes nothing; a good one
// is matched at once and its identity problems are listed.
func TestVulnUploads(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		before := len(findingIDs(analyst.Get("/vulnerabilities").Body))
		bad := uploadWith(t, analyst, "/vulnerabilities/uploads/inventory", url.Values{"asset": {"pacs"}}, "pacs.cdx.json",
			`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": "dcmtk", "version": "3.6.7"`)
		if bad.StatusCode != 422 || !strings.Contains(bad.Body, "nhsuk-error-summary") || !strings.Contains(apptest.Text(bad.Body), "pacs.cdx.json") {
			t.Errorf("broken SBOM: %d %s", bad.StatusCode, apptest.Text(bad.Body))
		}
		good := uploadWith(t, analyst, "/vulnerabilities/uploads/inventory", url.Values{"asset": {"pacs"}}, "pacs.cdx.json",
			`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
			{"name": "log4j-core", "group": "org.apache.logging.log4j", "version": "2.14.0", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0"},
			{"name": "viewer", "cpe": "cpe:2.3:a:bad"}]}`)
		text := apptest.Text(good.Body)
		if good.StatusCode != 200 || !strings.Contains(text, "pacs.cdx.json uploaded: 2 components") || !strings.Contains(text, "Problems to look at") {
			t.Errorf("good SBOM: %d %s", good.StatusCode, text)
		}
		after := len(findingIDs(analyst.Get("/vulnerabilities").Body))
		if after != before+1 {
			t.Errorf("findings went from %d to %d; want one more (Log4Shell in PACS)", before, after)
		}
		if !strings.Contains(apptest.Text(analyst.Get("/vulnerabilities?asset=pacs").Body), "PACS image archive and viewer") {
			t.Error("the PACS finding is not listed on its asset")
		}
		cso := a.SignIn(t, apptest.SafetyOfficer)
		if res := uploadWith(t, cso, "/vulnerabilities/uploads/inventory", url.Values{"asset": {"pacs"}}, "x.json", "{}"); res.StatusCode != 403 {
			t.Errorf("the CSO uploaded: %d", res.StatusCode)
		}
	})
}

// TestVulnExports: the CSV has a row per finding, with the decision and its inputs; the
// VEX document is CycloneDX with the decision as a rating of method SSVC.
func TestVulnExports(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		n := len(findingIDs(analyst.Get("/vulnerabilities").Body))
		rows, err := csv.NewReader(strings.NewReader(analyst.Get("/vulnerabilities/export.csv").Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != n+1 || rows[0][1] != "vulnerability" || rows[1][1] != "CVE-2021-44228" || rows[1][3] != "Out-of-cycle" || rows[1][12] != "yes" {
			t.Errorf("CSV: %d rows for %d findings, first %v", len(rows), n, rows[1])
		}
		var vex struct {
			BOMFormat       string `json:"bomFormat"`
			SpecVersion     string `json:"specVersion"`
			Vulnerabilities []struct {
				ID      string `json:"id"`
				Ratings []struct {
					Method, Severity, Justification string
				} `json:"ratings"`
				Analysis struct{ State string } `json:"analysis"`
				Affects  []struct{ Ref string } `json:"affects"`
			} `json:"vulnerabilities"`
		}
		res := analyst.Get("/vulnerabilities/export.vex.json?kev=yes")
		if err := json.Unmarshal([]byte(res.Body), &vex); err != nil {
			t.Fatal(err)
		}
		if vex.BOMFormat != "CycloneDX" || vex.SpecVersion != "1.6" || len(vex.Vulnerabilities) != 1 {
			t.Fatalf("VEX %+v", vex)
		}
		v := vex.Vulnerabilities[0]
		if v.ID != "CVE-2021-44228" || v.Ratings[0].Method != "SSVC" || v.Ratings[0].Severity != "high" || v.Analysis.State != "exploitable" ||
			!strings.Contains(v.Ratings[0].Justification, "exploitation active") || len(v.Affects) != 1 {
			t.Errorf("VEX vulnerability %+v", v)
		}
	})
}

// TestVulnNationalAndDebt: the national centre sees who runs Log4Shell: the practice,
// whose kiosk is in no care map so its decision assumes the worst, and the trust, whose
// EPR carries emergency care; a trust analyst cannot look across organisations. The debt page lists the drug library server out of support.
func TestVulnNationalAndDebt(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		central := a.SignIn(t, apptest.CentralAnalyst)
		list := apptest.Text(central.Get("/national/vulnerabilities").Body)
		if !strings.Contains(list, "CVE-2021-44228") {
			t.Errorf("national list: %s", list)
		}
		ex := apptest.Text(central.Get("/national/vulnerabilities/CVE-2021-44228").Body)
		trust, practice := strings.Index(ex, "Riverside University Hospitals"), strings.Index(ex, "Elm Tree Surgery")
		if trust < 0 || practice < 0 || !strings.Contains(ex, "Emergency Department") || !strings.Contains(ex, "Self check-in kiosk") ||
			!strings.Contains(ex, "assumes the worst") {
			t.Errorf("exposure: %s", ex)
		}
		if res := a.SignIn(t, apptest.Analyst).Get("/national/vulnerabilities/CVE-2021-44228"); res.StatusCode != 403 {
			t.Errorf("a trust analyst got %d", res.StatusCode)
		}
		debt := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/vulnerabilities/debt").Body)
		if !strings.Contains(debt, "Infusion pump drug library server : support ended 31 December 2025") || !strings.Contains(debt, "cJSON in infusion-pumps.cdx.xml") {
			t.Errorf("debt: %s", debt)
		}
	})
}

// TestVulnSuggestsHazards: the hazard log is offered the exploited vulnerability in the
// electronic patient record as a hazard, drafted from what losing the EPR does.
func TestVulnSuggestsHazards(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		text := apptest.Text(a.SignIn(t, apptest.SafetyOfficer).Get("/hazards/suggestions?all=1").Body)
		if !strings.Contains(text, "CVE-2021-44228 in Electronic patient record needs action before the next routine patching window") {
			t.Errorf("suggestions: %s", text)
		}
	})
}

// TestVulnCompareProducts: the national centre compares Log4j with wolfSSL before a
// procurement decision: Log4j is known exploited and runs in two organisations; the CSV
// carries the advisories behind each figure; a product Vigil cannot read is refused.
func TestVulnCompareProducts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		central := a.SignIn(t, apptest.CentralAnalyst)
		q := "?product=" + url.QueryEscape("pkg:maven/org.apache.logging.log4j/log4j-core") + "&product=wolfssl:wolfssl"
		res := central.Get("/vulnerabilities/products" + q)
		text := apptest.Text(res.Body)
		if res.StatusCode != 200 || !strings.Contains(text, "Known exploited (KEV) 1 0") || !strings.Contains(text, "2 in 2 organisations") ||
			!strings.Contains(text, "CVE-2022-42905") {
			t.Errorf("comparison: %d %s", res.StatusCode, text)
		}
		rows, err := csv.NewReader(strings.NewReader(central.Get("/vulnerabilities/products.csv" + q).Body)).ReadAll()
		if err != nil || len(rows) != 3 || rows[1][8] != "CVE-2021-44228" || rows[1][13] != "yes" || rows[2][8] != "CVE-2022-42905" {
			t.Errorf("CSV %v (%v)", rows, err)
		}
		bad := central.Get("/vulnerabilities/products?product=log4j")
		if bad.StatusCode != 422 || !strings.Contains(apptest.Text(bad.Body), "write a CPE vendor:product") {
			t.Errorf("a bare name: %d %s", bad.StatusCode, apptest.Text(bad.Body))
		}
	})
}

// TestVulnHomeNotice: the practice's kiosk runs Log4j outside any care map, so its
// decision is Immediate and the practice's administrator sees it on the home page; the
// trust, whose findings are all out of cycle or later, sees no such notice.
func TestVulnHomeNotice(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		home := apptest.Text(a.SignIn(t, apptest.PracticeAdmin).Get("/").Body)
		if !strings.Contains(home, "1 vulnerability finding needs action now") {
			t.Errorf("practice home: %s", home)
		}
		if home := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/").Body); strings.Contains(home, "need action now") || strings.Contains(home, "needs action now") {
			t.Errorf("trust home shows a notice: %s", home)
		}
	})
}
