package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestUnlinkingFromAnIncident: a report linked by mistake is removed with
// the button beside it, which the timeline and the audit trail record; a
// finding is removed through the API; another organisation can remove
// nothing, and removing twice is not found.
func TestUnlinkingFromAnIncident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		if err := demo.SeedReports(ctx, a.Demo()); err != nil {
			t.Fatal(err)
		}
		inc := demoIncident(t, a)
		base := "/monitoring/incidents/" + inc.ID
		rep, fnd := orgRecords(t, a, apptest.TrustCode)
		if _, err := a.Incidents.Link(ctx, scopeOf(t, a, apptest.Analyst), inc.ID, []incident.LinkRef{{Kind: incident.LinkReport, ID: rep.ID}, {Kind: incident.LinkFinding, ID: fnd.ID}}); err != nil {
			t.Fatal(err)
		}
		remove := base + "/links/report/" + rep.ID + "/remove"
		gp := a.SignIn(t, apptest.PracticeAdmin)
		if res := gp.PostForm(remove, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice removing the trust's link: %d", res.StatusCode)
		}
		analyst := a.SignIn(t, apptest.Analyst)
		if !strings.Contains(analyst.Get(base).Body, `action="`+remove+`"`) {
			t.Fatal("the incident page has no button to remove the report's link")
		}
		page := apptest.Text(follow(t, analyst, analyst.PostForm(remove, nil)).Body)
		if !strings.Contains(page, "Removed the link to staff report: "+rep.Title()) || strings.Contains(page, "Staff report: "+rep.Title()) {
			t.Errorf("after removing, the incident page: %s", page)
		}
		if audited(t, a, "incident", "unlink", inc.ID) != 1 {
			t.Error("the removal is not audited once")
		}
		if res := analyst.PostForm(remove, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("removing twice: %d", res.StatusCode)
		}
		if res := a.SignIn(t, apptest.Nurse).PostForm(base+"/links/finding/"+fnd.ID+"/remove", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse removing a link: %d", res.StatusCode)
		}

		path := "/api/v1/incidents/" + inc.ID + "/links/finding/" + fnd.ID
		other := tokenFor(t, a, apptest.PracticeCode, vigil.ReadAlerts, vigil.WriteIncidents)
		if res := a.API(t, other, "DELETE", path, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice's token removing the trust's link: %d", res.StatusCode)
		}
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadAlerts, vigil.WriteIncidents)
		if res := a.API(t, token, "DELETE", path, "", nil); res.StatusCode != http.StatusNoContent {
			t.Errorf("removing the finding through the API: %d %s", res.StatusCode, res.Body)
		}
		if links, err := a.Incidents.Links(ctx, scopeOf(t, a, apptest.Analyst), inc.ID); err != nil || len(links) != 0 {
			t.Errorf("links left: %+v (%v)", links, err)
		}
	})
}
