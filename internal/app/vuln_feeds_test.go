package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestVulnFeedsScheduled: with feeds configured, the running app fetches them in the
// background for the national centre, and the uploads page shows an analyst in a trust
// which feeds work and which fail, and why.
func TestVulnFeedsScheduled(t *testing.T) {
	const kev = `{"title": "test", "catalogVersion": "2026.11.02", "dateReleased": "2026-11-02T00:00:00.000Z", "count": 1,
		"vulnerabilities": [{"cveID": "CVE-2021-44228", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Log4Shell",
		"dateAdded": "2021-12-10", "shortDescription": "test", "requiredAction": "Update.", "dueDate": "2021-12-24",
		"knownRansomwareCampaignUse": "Known", "notes": ""}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/kev.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"kev-1"`)
		w.Write([]byte(kev))
	}))
	defer srv.Close()
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			a := apptest.StartWith(t, e, func(c *app.Config) {
				c.VulnFeeds.Org, c.VulnFeeds.KEV, c.VulnFeeds.OSV = "CSOC", srv.URL+"/kev.json every 1h", srv.URL+"/npm/all.zip"
			})
			central, _, err := a.Operator(context.Background(), "CSOC")
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				srcs, err := a.Vulns.FeedSources(context.Background(), central.System("test"))
				if err != nil {
					t.Fatal(err)
				}
				if len(srcs) == 2 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the background refresh recorded %d feeds, want 2", len(srcs))
				}
				time.Sleep(20 * time.Millisecond)
			}
			page := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/vulnerabilities/uploads").Body)
			for _, want := range []string{"Feeds fetched on a schedule",
				"Advisories (for every organisation) " + srv.URL + "/npm/all.zip Failing",
				"the server answered 404 Not Found",
				"It has never been fetched",
				"Known exploited vulnerabilities (CISA KEV) (for every organisation) " + srv.URL + "/kev.json Working",
				"kev.json: 1 read",
				"Vigil asks for a newer document every hour; next",
				"Vigil asks for a newer document every 6 hours; next"} {
				if !strings.Contains(page, want) {
					t.Errorf("the uploads page does not say %q:\n%s", want, page)
				}
			}
		})
	}
}
