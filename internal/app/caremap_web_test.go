package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// pageSays fetches a page and checks its status and that it says each of want.
func pageSays(t *testing.T, c *apptest.Client, path string, status int, want ...string) string {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d: %s", path, res.StatusCode, status, apptest.Text(res.Body))
	}
	text := apptest.Text(res.Body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("GET %s does not say %q", path, w)
		}
	}
	return res.Body
}

// careMapRevision reads the demo trust's stored map version straight from the database.
func careMapRevision(t *testing.T, a *apptest.App) int {
	t.Helper()
	var n int
	err := a.DB.QueryRow(context.Background(), `SELECT c.revision FROM care_maps c JOIN organisations o ON o.id = c.org_id WHERE o.code = $1`, apptest.TrustCode).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCareMapPagesShowWhatAPersonNeeds(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		home := pageSays(t, analyst, "/", http.StatusOK, "Care map and clinical impact")
		if !strings.Contains(home, `href="/caremap"`) {
			t.Error("the home page does not link to the care map")
		}
		pageSays(t, analyst, "/caremap", http.StatusOK, "Version 1", "14 services", "38 applications", "Loops in the map", "Active Directory")

		// A service: its downtime procedure, how long it is safe, and what it depends on, with the path.
		ed := pageSays(t, analyst, "/caremap/services/ed", http.StatusOK,
			"Emergency Department", "Open the red downtime box", "This keeps patients safe for 4 hours",
			"Electronic patient record", "Catastrophic: several deaths")
		if !regexp.MustCompile(`EPR database.*stops.*Electronic patient record`).MatchString(apptest.Text(ed)) {
			t.Error("the ED page does not say it stops without the EPR database, through the EPR")
		}
		// An asset: which services depend on it, directly and through others, and how critical it is.
		lims := pageSays(t, analyst, "/caremap/assets/citypath-lims", http.StatusOK,
			"CityPath cloud laboratory information system", "Ranked", "Risk 5: unacceptable", "CityPath Diagnostics Ltd")
		direct := section(lims, `id="direct-services"`)
		indirect := section(lims, `id="indirect-services"`)
		if !strings.Contains(direct, "Pathology") || !strings.Contains(direct, "Blood transfusion laboratory") {
			t.Errorf("direct dependants: %q", apptest.Text(direct))
		}
		if !strings.Contains(indirect, "Emergency Department") || strings.Contains(indirect, "Blood transfusion laboratory") {
			t.Errorf("indirect dependants: %q", apptest.Text(indirect))
		}
		pageSays(t, analyst, "/caremap/suppliers/citypath", http.StatusOK, "CityPath cloud laboratory information system", "0300 555 0142")
		pageSays(t, analyst, "/caremap/services", http.StatusOK, "Renal dialysis", "Patients a day")
		pageSays(t, analyst, "/caremap/assets", http.StatusOK, "Smart infusion pumps", "Medical device")
		pageSays(t, analyst, "/caremap/suppliers", http.StatusOK, "VaultKeep Backup Services Ltd")
		critical := pageSays(t, analyst, "/caremap/critical", http.StatusOK, "Critical assets", "Lost for 24 hours")
		if rows := strings.Count(critical, `<tr class="nhsuk-table__row">`) - 1; rows != 38 {
			t.Errorf("the critical-asset page ranks %d assets, want all 38", rows)
		}
		pageSays(t, analyst, "/caremap/services/nope", http.StatusNotFound)
		pageSays(t, analyst, "/caremap/assets/ed", http.StatusNotFound) // a service is not an asset

		// An analyst reads but does not change the map.
		if strings.Contains(ed, "/edit") {
			t.Error("the analyst is offered an edit link")
		}
		pageSays(t, analyst, "/caremap/services/ed/edit", http.StatusForbidden)
		pageSays(t, analyst, "/caremap/upload", http.StatusForbidden)

		// A nurse has no care map pages.
		nurse := a.SignIn(t, apptest.Nurse)
		if strings.Contains(nurse.Get("/").Body, `href="/caremap"`) {
			t.Error("the nurse is shown the care map")
		}
		pageSays(t, nurse, "/caremap", http.StatusForbidden)
	})
}

// section is the HTML of the element that opens with marker, up to its closing tag.
func section(html, marker string) string {
	i := strings.Index(html, marker)
	if i < 0 {
		return ""
	}
	j := strings.Index(html[i:], "</ul>")
	if j < 0 {
		return html[i:]
	}
	return html[i : i+j]
}

func TestWhatIfRanksServicesAndDrawsThePaths(t *testing.T) {
	a := apptest.Start(t)
	analyst := a.SignIn(t, apptest.Analyst)
	form := pageSays(t, analyst, "/caremap/what-if", http.StatusOK, "What goes wrong?", "CityPath cloud laboratory information system", "Its data cannot be trusted")
	if strings.Contains(form, "Services at risk") {
		t.Error("the empty form shows a result")
	}
	body := pageSays(t, analyst, "/caremap/what-if?target=citypath-lims&mode=unavailable&duration=14d", http.StatusOK,
		"CityPath cloud laboratory information system is unavailable for 14 days",
		"Services at risk, most dangerous first", "1. Blood transfusion laboratory", "Risk 5: unacceptable",
		"After 12 hours", "Downtime procedure to start", "How it spreads", "Save this as a scenario")
	text := apptest.Text(body)
	if strings.Index(text, "1. Blood transfusion laboratory") > strings.Index(text, "2. ") {
		t.Error("the services are not ranked")
	}
	svg := body[strings.Index(body, "<svg"):strings.Index(body, "</svg>")]
	for _, want := range []string{`class="vigil-paths"`, "CityPath cloud laboratory", "Blood transfusion", "vigil-paths__node--target", "vigil-paths__node--lost", `<path class="vigil-paths__edge`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	// The page's CSP allows no inline style: the picture must not use any.
	if strings.Contains(svg, "style=") || strings.Contains(body, "<style") {
		t.Error("the what-if page uses inline styles")
	}

	// Every mistake at once, each next to its field.
	res := analyst.Get("/caremap/what-if?mode=sideways&duration=a%20while")
	text = apptest.Text(res.Body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "Choose at least one") ||
		!strings.Contains(text, "Choose what happens to them") || !strings.Contains(text, "such as 8 hours or 14 days") {
		t.Errorf("bad what-if: %d %s", res.StatusCode, text)
	}
	// People write durations in words.
	if res := analyst.Get("/caremap/what-if?target=citypath-lims&mode=unavailable&duration=14%20days"); res.StatusCode != http.StatusOK {
		t.Errorf("a duration in words: %d", res.StatusCode)
	}
	res = analyst.Get("/caremap/what-if?target=no-such-thing&mode=unavailable&duration=1d")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "not in the care map: no-such-thing") {
		t.Errorf("unknown target: %d", res.StatusCode)
	}
	// Several targets at once, and data that cannot be trusted.
	pageSays(t, analyst, "/caremap/what-if?target=epr-db&target=pacs&mode=integrity&duration=8h", http.StatusOK,
		"EPR database has data that cannot be trusted for 8 hours", "From the start", "Downtime procedures do not catch wrong data")
}

func TestCareMapEditsGoThroughTheChecks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		form := pageSays(t, admin, "/caremap/services/ed/edit", http.StatusOK, "What staff do while the systems are down")
		if !strings.Contains(form, `value="4h"`) || !strings.Contains(form, `name="revision" value="1"`) {
			t.Error("the edit form is not filled in")
		}
		edit := url.Values{"revision": {"1"}, "procedure": {"Paper cards."}, "safe_for": {"4 hours"}, "consequence": {"catastrophic"}, "patients_per_day": {"lots"}}
		res := admin.PostForm("/caremap/services/ed/edit", edit)
		text := apptest.Text(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "such as 4h, 12h or 3d") || !strings.Contains(text, "as a whole number") {
			t.Fatalf("bad edit: %d %s", res.StatusCode, text)
		}
		if careMapRevision(t, a) != 1 {
			t.Fatal("a refused edit changed the map")
		}
		edit.Set("safe_for", "6h")
		edit.Set("patients_per_day", "320")
		res = admin.PostForm("/caremap/services/ed/edit", edit)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/caremap/services/ed" {
			t.Fatalf("edit: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, admin, "/caremap/services/ed", http.StatusOK, "Emergency Department has been saved. The care map is now version 2.", "Paper cards.", "safe for 6 hours", "320")

		// An edit made on a page opened before the change is refused, not silently merged.
		res = admin.PostForm("/caremap/services/ed/edit", url.Values{"revision": {"1"}, "procedure": {"Old page."}, "safe_for": {"4h"}, "consequence": {"major"}})
		if res.StatusCode != http.StatusConflict || careMapRevision(t, a) != 2 {
			t.Errorf("stale edit: %d, revision %d", res.StatusCode, careMapRevision(t, a))
		}

		// An asset: exposure and end of support, with the NHS date input.
		res = admin.PostForm("/caremap/assets/pacs/edit", url.Values{"revision": {"2"}, "exposure": {"internet"},
			"end_of_support-day": {"31"}, "end_of_support-month": {"2"}, "end_of_support-year": {"2027"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "Enter a real date") {
			t.Errorf("31 February: %d", res.StatusCode)
		}
		res = admin.PostForm("/caremap/assets/pacs/edit", url.Values{"revision": {"2"}, "exposure": {"internet"},
			"end_of_support-day": {"1"}, "end_of_support-month": {"3"}, "end_of_support-year": {"2020"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("asset edit: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, admin, "/caremap/assets/pacs", http.StatusOK, "Reachable from the internet", "2020-03-01", "Out of support")

		audit := pageSays(t, admin, "/admin/audit", http.StatusOK, "Changed the downtime procedure, time it is safe for and patients a day of Emergency Department (version 2)",
			"Changed the exposure and end of support of PACS image archive and viewer")
		_ = audit
	})
}

func TestCareMapUploadListsEveryProblem(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	pageSays(t, admin, "/caremap/upload", http.StatusOK, "Upload a care map", "now version 1")
	bad := "organisation: {code: DEMO, name: Riverside}\nservices:\n  - id: ed\n    name: ED\n    consequence: catastrofic\n    depends_on: [{asset: wifi, need: requried}]\n"
	res := upload(t, admin, "/caremap/upload", "file", "bad.yaml", bad)
	text := apptest.Text(res.Body)
	for _, want := range []string{"There is a problem", "Line 5, column 18: unknown consequence", "Line 6, column 26: unknown asset", "Line 6, column 38: unknown need"} {
		if !strings.Contains(text, want) {
			t.Errorf("upload problems lack %q: %s", want, text)
		}
	}
	if res.StatusCode != http.StatusUnprocessableEntity || careMapRevision(t, a) != 1 {
		t.Errorf("a bad file: %d, revision %d", res.StatusCode, careMapRevision(t, a))
	}
	res = upload(t, admin, "/caremap/upload", "file", "gp.yaml", "organisation: {code: DEMOGP, name: Elm Tree}\n")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "another organisation") {
		t.Errorf("another organisation's file: %d", res.StatusCode)
	}
	small := "organisation: {code: DEMO, name: Riverside}\nservices:\n  - {id: ed, name: ED, consequence: major}\n"
	res = upload(t, admin, "/caremap/upload", "file", "small.yaml", small)
	if res.StatusCode != http.StatusSeeOther || careMapRevision(t, a) != 2 {
		t.Fatalf("a good file: %d, revision %d", res.StatusCode, careMapRevision(t, a))
	}
	pageSays(t, admin, "/caremap", http.StatusOK, "It is now version 2: 1 services")
	download := admin.Get("/caremap/download?format=yaml")
	if download.StatusCode != http.StatusOK || !strings.Contains(download.Header.Get("Content-Disposition"), "caremap-DEMO-v2.yaml") || !strings.Contains(download.Body, "id: ed") {
		t.Errorf("download: %d %v", download.StatusCode, download.Header)
	}
}
