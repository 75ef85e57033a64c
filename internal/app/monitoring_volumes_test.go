package app_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web/chart/charttest"
)

// volumeTotal reads the total of alerts a volumes CSV counts, and the
// organisations and sources it names.
func volumeTotal(t *testing.T, res apptest.Response) (total int, names string) {
	t.Helper()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "day,organisation,source,band,alerts,matched,unmatched" {
		t.Fatalf("CSV header %q", rows[0])
	}
	for _, r := range rows[1:] {
		n, err := strconv.Atoi(r[4])
		if err != nil {
			t.Fatal(err)
		}
		total += n
		names += r[1] + "|" + r[2] + "\n"
	}
	return total, names
}

// chartTotal adds up the alerts a day of the 30-day chart on a page.
func chartTotal(t *testing.T, page string) int {
	t.Helper()
	d := charttest.Find(t, page, "alert-volume")
	if len(d.Values) != 30 {
		t.Fatalf("the chart has %d days, want 30", len(d.Values))
	}
	total := 0
	for _, v := range d.Values {
		n, err := strconv.Atoi(strings.Fields(v)[0])
		if err != nil {
			t.Fatalf("value %q", v)
		}
		total += n
	}
	return total
}

// TestMonitoringVolumes: the trust's monitoring page charts alerts a day;
// a resent batch adds nothing; the counts stay when retention deletes the
// alerts; the practice sees only its own; the national centre sees every
// organisation's 30 days, on its page, as CSV and through the API.
func TestMonitoringVolumes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		analyst := a.SignIn(t, apptest.Analyst)
		before := chartTotal(t, analyst.Get("/monitoring").Body)
		if before == 0 {
			t.Fatal("the demo trust's alerts are not on the chart")
		}
		token := tokenFor(t, a, apptest.TrustCode, vigil.WriteAlerts)
		body := wazuhLine("vol.1", "10", "epr-app-01") + wazuhLine("vol.2", "3", "lab-pc-9")
		for range 2 {
			if res := a.API(t, token, "POST", "/api/v1/alerts", "application/x-ndjson", strings.NewReader(body)); res.StatusCode != http.StatusOK {
				t.Fatalf("POST alerts: %d %s", res.StatusCode, res.Body)
			}
		}
		page := analyst.Get("/monitoring/volumes")
		if page.StatusCode != http.StatusOK || chartTotal(t, page.Body) != before+2 {
			t.Fatalf("volumes page: %d, chart %d, want %d", page.StatusCode, chartTotal(t, page.Body), before+2)
		}
		if text := apptest.Text(page.Body); !strings.Contains(text, "Wazuh manager") || !strings.Contains(text, "Microsoft Defender for Endpoint") {
			t.Errorf("the volumes page does not list the sources: %s", text)
		}

		// Retention deletes every alert not in an incident; the counts stay.
		if n, err := a.Alerts.DeleteExpired(ctx, 1, time.Now().Add(48*time.Hour)); err != nil || n == 0 {
			t.Fatalf("retention deleted %d (%v)", n, err)
		}
		if got := chartTotal(t, analyst.Get("/monitoring").Body); got != before+2 {
			t.Errorf("after retention the chart shows %d alerts, want still %d", got, before+2)
		}
		trustCSV, names := volumeTotal(t, analyst.Get("/monitoring/volumes.csv"))
		if trustCSV != before+2 || !strings.Contains(names, "Wazuh manager") {
			t.Errorf("the trust's CSV counts %d, want %d:\n%s", trustCSV, before+2, names)
		}
		var api struct {
			Items []struct {
				OrgID  string `json:"org_id"`
				Band   string `json:"band"`
				Alerts int    `json:"alerts"`
			} `json:"items"`
		}
		getJSON(t, analyst, "/api/v1/alert-volumes", &api)
		apiTotal := 0
		for _, v := range api.Items {
			apiTotal += v.Alerts
		}
		if apiTotal != before+2 {
			t.Errorf("the API counts %d, want %d", apiTotal, before+2)
		}
		if res := analyst.Get("/api/v1/alert-volumes?from=2026-13-01"); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("a day that is not a day: %d", res.StatusCode)
		}

		gp := a.SignIn(t, apptest.PracticeAdmin)
		if n, names := volumeTotal(t, gp.Get("/monitoring/volumes.csv")); n != 0 || names != "" {
			t.Errorf("the practice's CSV holds another organisation's volumes: %d\n%s", n, names)
		}
		if text := apptest.Text(gp.Get("/monitoring/volumes").Body); strings.Contains(text, "Wazuh manager") {
			t.Error("the practice sees the trust's sources")
		}
		for _, path := range []string{"/monitoring/national/volumes.csv", "/api/v1/national/alert-volumes"} {
			if res := gp.Get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("the practice GET %s: %d", path, res.StatusCode)
			}
		}

		centre := a.SignIn(t, apptest.CentralAnalyst)
		national := centre.Get("/monitoring/national")
		d := charttest.Find(t, national.Body, "national-volume")
		var trustBar string
		for label, v := range d.Values {
			if strings.Contains(label, "("+apptest.TrustCode+")") {
				trustBar = v
			}
		}
		if trustBar != strconv.Itoa(before+2)+" alerts" {
			t.Errorf("the national chart shows the trust with %q, want %d alerts (%v)", trustBar, before+2, d.Values)
		}
		all, names := volumeTotal(t, centre.Get("/monitoring/national/volumes.csv?days=30"))
		if all != before+2 || !strings.Contains(names, "("+apptest.TrustCode+")|Wazuh manager") {
			t.Errorf("the national CSV counts %d, want %d:\n%s", all, before+2, names)
		}
		if res := centre.Get("/monitoring/national/volumes.csv?days=0"); res.StatusCode == http.StatusOK {
			t.Error("zero days gave a CSV")
		}
		getJSON(t, centre, "/api/v1/national/alert-volumes", &api)
		orgs := map[string]bool{}
		for _, v := range api.Items {
			orgs[v.OrgID] = true
		}
		if len(orgs) == 0 {
			t.Error("the national API lists no organisation")
		}
	})
}
