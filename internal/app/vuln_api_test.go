package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type apiFinding struct {
	ID       string `json:"id"`
	Advisory string `json:"advisory"`
	AssetID  string `json:"asset_id"`
	Status   string `json:"status"`
	Match    struct {
		Method string `json:"method"`
	} `json:"match"`
	Decision struct {
		Priority string `json:"priority"`
		Inputs   struct {
			Exploitation string `json:"exploitation"`
		} `json:"inputs"`
	} `json:"decision"`
	Analyst *struct {
		Note string `json:"note"`
	} `json:"analyst"`
}

// TestVulnAPI: a scanner's token imports an advisory and uploads an SBOM; findings come
// back ranked, one is marked fixed, another organisation's token cannot see them, and
// only the national centre can ask who is exposed. apptest checks every answer against
// the OpenAPI document.
func TestVulnAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadVulns, vigil.WriteVulns)
		ct, body := multipartBody(t, url.Values{"kind": {"advisories"}}, "file", "GHSA-demo.json", []byte(`{"schema_version": "1.6.0", "id": "GHSA-demo-0001",
			"aliases": ["CVE-2099-1234"], "modified": "2099-01-01T00:00:00Z", "summary": "Demo flaw in left-pad",
			"affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]}`))
		res := a.API(t, token, "POST", "/api/v1/advisories", ct, body)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"new": 1`) {
			t.Fatalf("import: %d %s", res.StatusCode, res.Body)
		}
		ct, body = multipartBody(t, url.Values{"asset": {"pacs"}}, "file", "pacs.cdx.json",
			[]byte(`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "left-pad", "version": "1.1.0", "purl": "pkg:npm/left-pad@1.1.0"}]}`))
		res = a.API(t, token, "POST", "/api/v1/inventories", ct, body)
		if res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"findings_new": 1`) {
			t.Fatalf("upload: %d %s", res.StatusCode, res.Body)
		}
		var got struct{ Items []apiFinding }
		res = a.API(t, token, "GET", "/api/v1/findings?asset=pacs", "", nil)
		if err := json.Unmarshal([]byte(res.Body), &got); err != nil || len(got.Items) != 1 {
			t.Fatalf("findings: %d %s", res.StatusCode, res.Body)
		}
		f := got.Items[0]
		if f.Advisory != "CVE-2099-1234" || f.AssetID != "pacs" || f.Match.Method != "purl" || f.Decision.Inputs.Exploitation != "none" {
			t.Errorf("finding %+v", f)
		}
		res = a.API(t, token, "POST", "/api/v1/findings/"+f.ID+"/decision", "application/json", strings.NewReader(`{"status": "fixed", "note": "Upgraded on ward PCs"}`))
		var decided apiFinding
		if err := json.Unmarshal([]byte(res.Body), &decided); err != nil || decided.Status != "fixed" || decided.Analyst == nil || decided.Analyst.Note != "Upgraded on ward PCs" {
			t.Errorf("decision: %d %s", res.StatusCode, res.Body)
		}
		bad := a.API(t, token, "POST", "/api/v1/findings/"+f.ID+"/decision", "application/json", strings.NewReader(`{"status": "gone"}`))
		if bad.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a bad status answered %d", bad.StatusCode)
		}

		practice := tokenFor(t, a, apptest.PracticeCode, vigil.ReadVulns, vigil.WriteVulns)
		if res := a.API(t, practice, "GET", "/api/v1/findings/"+f.ID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice read the trust's finding: %d", res.StatusCode)
		}
		if res := a.API(t, practice, "GET", "/api/v1/findings?id=CVE-2099-1234", "", nil); strings.Contains(res.Body, f.ID) {
			t.Error("the practice listed the trust's finding")
		}
		if res := a.API(t, token, "GET", "/api/v1/vulnerabilities/CVE-2021-44228/organisations", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("the trust asked across organisations: %d", res.StatusCode)
		}
		central := tokenFor(t, a, apptest.NationalCode, vigil.ReadVulns, vigil.ReadAcrossOrgs)
		res = a.API(t, central, "GET", "/api/v1/vulnerabilities/CVE-2021-44228/organisations", "", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"org_code": "DEMO"`) || !strings.Contains(res.Body, `"org_code": "DEMOGP"`) {
			t.Errorf("exposures: %d %s", res.StatusCode, res.Body)
		}
		broken, body := multipartBody(t, url.Values{"kind": {"advisories"}}, "file", "broken.json", []byte(`{"id": "GHSA-x", "affected": [`))
		if res := a.API(t, token, "POST", "/api/v1/advisories", broken, body); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "broken.json") {
			t.Errorf("a truncated advisory: %d %s", res.StatusCode, res.Body)
		}
	})
}
