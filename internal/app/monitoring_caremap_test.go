package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestAddUnmatchedHostToCareMap: from an alert Vigil could not place, an
// administrator adds its host to a system in the care map; the alert then
// shows what it means for patients. Analysts without care-map rights, other
// organisations and forms without the CSRF token change nothing.
func TestAddUnmatchedHostToCareMap(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		spooler := demoAlert(t, a, "DA-SPOOL-002")
		path := "/monitoring/alerts/" + spooler.ID + "/caremap"
		form := url.Values{"identifier": {"prt-srv-03"}, "place": {"existing"}, "asset": {"printing"}}

		analyst := a.SignIn(t, apptest.Analyst)
		if page := apptest.Text(analyst.Get("/monitoring/alerts/" + spooler.ID).Body); strings.Contains(page, "Add it to the care map") {
			t.Error("an analyst without care-map rights is offered to change the care map")
		}
		if res := analyst.PostForm(path, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("an analyst without care-map rights: %d", res.StatusCode)
		}
		other := a.SignIn(t, apptest.PracticeAdmin)
		if res := other.PostForm(path, form); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's administrator: %d", res.StatusCode)
		}

		admin := a.SignIn(t, apptest.Admin)
		if page := apptest.Text(admin.Get("/monitoring/alerts/" + spooler.ID).Body); !strings.Contains(page, "Add it to the care map") {
			t.Errorf("the administrator is not offered to add the host: %s", page)
		}
		formPage := admin.Get(path)
		if formPage.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(formPage.Body), "prt-srv-03") || !strings.Contains(formPage.Body, `value="printing"`) {
			t.Fatalf("the form: %d %s", formPage.StatusCode, apptest.Text(formPage.Body))
		}
		req, err := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res, err := admin.HTTP.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("a form without the CSRF token: %v %v", res, err)
		} else {
			res.Body.Close()
		}
		if res := admin.PostForm(path, url.Values{"identifier": {"prt-srv-03"}, "place": {"new"}, "kind": {"server"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Enter the name of the new system") {
			t.Errorf("a new system without a name: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		if res := admin.PostForm(path, url.Values{"identifier": {"prt-srv-03"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose a system in the care map or a new one") {
			t.Errorf("no choice of where: %d", res.StatusCode)
		}

		res := follow(t, admin, admin.PostForm(path, form))
		body := apptest.Text(res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "prt-srv-03 is now in the care map as part of") || !strings.Contains(body, "What it could do to patients") {
			t.Errorf("after adding: %d %s", res.StatusCode, body)
		}
		ctx := context.Background()
		o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
		if err != nil {
			t.Fatal(err)
		}
		m, err := a.CareMaps.Map(ctx, o.System("test"))
		if err != nil {
			t.Fatal(err)
		}
		if asset, ok := m.Asset("printing"); !ok || !strings.Contains(strings.Join(asset.Identifiers.Hostnames, " "), "prt-srv-03") {
			t.Errorf("the care map's printing asset: %+v", asset)
		}
		if got := demoAlert(t, a, "DA-SPOOL-002"); got.AssetID != "printing" {
			t.Errorf("the alert is matched to %q", got.AssetID)
		}
		audit := apptest.Text(admin.Get("/admin/audit").Body)
		if !strings.Contains(audit, "Added prt-srv-03 to the identifiers of") {
			t.Errorf("the audit trail lacks the care-map change: %s", audit)
		}
	})
}
