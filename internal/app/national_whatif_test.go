package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// elmTreeMap is the GP practice's care map: its blood tests go to the same pathology
// company as the trust's, written under another id.
const elmTreeMap = `organisation: {code: DEMOGP, name: Elm Tree Surgery, type: gp-practice}
suppliers:
  - id: citypath-labs
    name: CityPath Diagnostics Ltd
services:
  - id: bloods
    name: Blood tests for patients of the practice
    consequence: considerable
    patients_per_day: 40
    downtime:
      procedure: Phone the lab for urgent results; hold routine requests.
      safe_for: 2d
    depends_on:
      - {asset: results-link, need: required}
assets:
  - id: results-link
    name: Pathology results link
    kind: cloud-service
    depends_on:
      - {supplier: citypath-labs, need: required}
`

// TestNationalWhatIf: the practice uploads its care map through the API; the national
// centre asks what a 14-day outage of the pathology company does, on the page, as CSV
// and through the API, and sees the trust first (more harm), then the practice; nobody
// in an organisation can ask.
func TestNationalWhatIf(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		gp := tokenFor(t, a, apptest.PracticeCode, vigil.WriteCareMap)
		if res := a.API(t, gp, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(elmTreeMap)); res.StatusCode != http.StatusOK {
			t.Fatalf("practice upload: %d %s", res.StatusCode, res.Body)
		}

		central := a.SignIn(t, apptest.CentralAnalyst)
		if form := central.Get("/national/what-if"); form.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(form.Body), "For how many days?") {
			t.Errorf("form: %d %s", form.StatusCode, apptest.Text(form.Body))
		}
		ask := url.Values{"kind": {"supplier"}, "name": {"cityPath diagnostics ltd"}, "days": {"14"}}.Encode()
		res := central.Get("/national/what-if?" + ask)
		text := apptest.Text(res.Body)
		trust, practice := strings.Index(text, "Riverside"), strings.Index(text, "Elm Tree Surgery (DEMOGP)")
		if res.StatusCode != http.StatusOK || trust < 0 || practice < trust || !strings.Contains(text, "2 of the 2 organisations with a care map rely on it") ||
			!strings.Contains(text, "Phone the lab for urgent results") || !strings.Contains(text, "After 2 days") {
			t.Errorf("answer page: %d %s", res.StatusCode, text)
		}
		none := apptest.Text(central.Get("/national/what-if?kind=product&name=acme/nothing&days=3").Body)
		if !strings.Contains(none, "acme/nothing down for 3 days") || !strings.Contains(none, "None of the 2 care maps names it") {
			t.Errorf("a product nobody runs: %s", none)
		}
		bad := central.Get("/national/what-if?kind=supplier&name=citypath&days=fourteen")
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(bad.Body), "Enter how many days it is down") {
			t.Errorf("days in words: %d %s", bad.StatusCode, apptest.Text(bad.Body))
		}

		rows, err := csv.NewReader(strings.NewReader(central.Get("/national/what-if.csv?" + ask).Body)).ReadAll()
		if err != nil || len(rows) < 3 || rows[0][0] != "organisation_code" {
			t.Fatalf("CSV %v (%v)", rows, err)
		}
		last := rows[len(rows)-1]
		if last[0] != "DEMOGP" || last[2] != "Blood tests for patients of the practice" || last[7] != "560" || last[10] != "2d" {
			t.Errorf("the practice's CSV row: %v", last)
		}

		token := tokenFor(t, a, apptest.NationalCode, vigil.ReadAcrossOrgs)
		api := a.API(t, token, "GET", "/api/v1/national/whatif?supplier=citypath-labs&days=14", "", nil)
		var ans struct {
			Maps          int `json:"maps"`
			Organisations []struct {
				Code     string `json:"code"`
				Patients int64  `json:"patients"`
			} `json:"organisations"`
		}
		if err := json.Unmarshal([]byte(api.Body), &ans); err != nil || api.StatusCode != http.StatusOK || len(ans.Organisations) != 1 ||
			ans.Organisations[0].Code != "DEMOGP" || ans.Organisations[0].Patients != 560 {
			t.Errorf("API by the practice's own id: %d %s", api.StatusCode, api.Body)
		}
		if r := a.API(t, token, "GET", "/api/v1/national/whatif.csv?product=meridian/care_record&days=1", "", nil); r.StatusCode != http.StatusOK ||
			!strings.Contains(r.Body, "Emergency Department") {
			t.Errorf("API CSV by product: %d %s", r.StatusCode, r.Body)
		}
		if r := a.API(t, token, "GET", "/api/v1/national/whatif?supplier=citypath&product=x/y&days=14", "", nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("supplier and product: %d %s", r.StatusCode, r.Body)
		}

		// Organisations' own people and tokens cannot ask across organisations.
		for _, who := range []string{apptest.Analyst, apptest.Admin, apptest.PracticeAdmin} {
			if r := a.SignIn(t, who).Get("/national/what-if?" + ask); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s got %d", who, r.StatusCode)
			}
		}
		trustToken := tokenFor(t, a, apptest.TrustCode, vigil.ReadCareMap, vigil.ReadAlerts)
		for _, path := range []string{"/api/v1/national/whatif?supplier=citypath&days=14", "/api/v1/national/whatif.csv?supplier=citypath&days=14"} {
			if r := a.API(t, trustToken, "GET", path, "", nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("a trust token on %s: %d", path, r.StatusCode)
			}
		}
	})
}

// TestCareMapUploadMatchesWaitingAlerts: the demo trust's print server alert names a host
// the care map does not know; uploading a map that names it, through the API, ties the
// alert to the printing system.
func TestCareMapUploadMatchesWaitingAlerts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
		if err != nil {
			t.Fatal(err)
		}
		reader := o.System("test")
		spooler := func() (assetID string) {
			alerts, err := a.Alerts.Latest(ctx, reader, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range alerts {
				if al.Title == "Exploit attempt against the print spooler" {
					return al.AssetID + "|"
				}
			}
			t.Fatal("no print spooler alert in the demo")
			return ""
		}
		if got := spooler(); got != "|" {
			t.Fatalf("the demo's print spooler alert is already matched: %q", got)
		}
		m, err := demomap.Map()
		if err != nil {
			t.Fatal(err)
		}
		c := m.Contents.Clone()
		i := slices.IndexFunc(c.Assets, func(a caremap.Asset) bool { return a.ID == "printing" })
		c.Assets[i].Identifiers.Hostnames = append(c.Assets[i].Identifiers.Hostnames, "prt-srv-03")
		next, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		y, err := next.YAML()
		if err != nil {
			t.Fatal(err)
		}
		token := tokenFor(t, a, apptest.TrustCode, vigil.WriteCareMap)
		if res := a.API(t, token, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(string(y))); res.StatusCode != http.StatusOK {
			t.Fatalf("upload: %d %s", res.StatusCode, res.Body)
		}
		if got := spooler(); got != "printing|" {
			t.Errorf("after the upload the alert is on %q", got)
		}
	})
}
