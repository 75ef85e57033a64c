package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

func TestScenarioLibraryShowsWhatChanged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		// The demo's saved scenarios; the first was run when the demo was made.
		pageSays(t, analyst, "/caremap/scenarios", http.StatusOK, "Pathology supplier ransomware, 14 days",
			"CityPath Diagnostics Ltd is unavailable for 14 days", "Last run on", "EPR database corrupted, 8 hours", "Not run yet")

		// Save a what-if as a scenario from its result page.
		what := pageSays(t, analyst, "/caremap/what-if?target=pacs&mode=unavailable&duration=3d", http.StatusOK, "Save this as a scenario")
		if !strings.Contains(what, `name="event" value="pacs:unavailable:3d"`) || !strings.Contains(what, `value="PACS image archive and viewer is unavailable for 3 days"`) {
			t.Fatal("the save form does not carry the events and a suggested name")
		}
		res := analyst.PostForm("/caremap/scenarios", url.Values{"name": {"Pathology supplier ransomware, 14 days"}, "event": {"pacs:unavailable:3d"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "There is already a scenario called") ||
			!strings.Contains(res.Body, "Services at risk") {
			t.Errorf("a name used twice: %d", res.StatusCode)
		}
		res = analyst.PostForm("/caremap/scenarios", url.Values{"name": {"PACS down for 3 days"}, "event": {"pacs:unavailable:3d"}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/caremap/scenarios/") {
			t.Fatalf("save: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		page := res.Header.Get("Location")
		pageSays(t, analyst, page, http.StatusOK, "The scenario has been saved", "PACS image archive and viewer is unavailable for 3 days", "has not been run yet")
		res = analyst.PostForm(page+"/run", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(res.Body), "This is the first run") || !strings.Contains(res.Body, `id="impact-paths"`) {
			t.Fatalf("first run: %d", res.StatusCode)
		}

		// The administrator gives radiology a longer downtime procedure.
		admin := a.SignIn(t, apptest.Admin)
		res = admin.PostForm("/caremap/services/radiology/edit", url.Values{"revision": {"1"}, "procedure": {"Portable X-ray on the wards; print reports."},
			"safe_for": {"14d"}, "consequence": {"major"}, "patients_per_day": {"650"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit radiology: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, analyst, "/caremap/scenarios", http.StatusOK, "The care map has changed since")
		pageSays(t, analyst, page, http.StatusOK, "The care map is now version 2. Run the scenario again")
		res = analyst.PostForm(page+"/run", nil)
		changed := section(res.Body, `id="risk-changed"`)
		if res.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(res.Body), "The care map changed from version 1 to 2") ||
			!strings.Contains(changed, "Radiology") {
			t.Errorf("second run: %d, changes %q", res.StatusCode, apptest.Text(changed))
		}

		// A buddy reads the library but cannot save, run or delete.
		buddy := a.SignIn(t, apptest.Buddy)
		if body := pageSays(t, buddy, page, http.StatusOK, "PACS down for 3 days"); strings.Contains(body, "/run") {
			t.Error("the buddy is offered a run button")
		}
		if res := buddy.PostForm(page+"/run", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("the buddy ran a scenario: %d", res.StatusCode)
		}
		if res := analyst.PostForm(page+"/delete", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", res.StatusCode)
		}
		pageSays(t, analyst, page, http.StatusNotFound)
	})
}
