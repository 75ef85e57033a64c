package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
)

// demoAlert finds one of the demo trust's alerts by its rule id.
func demoAlert(t *testing.T, a *apptest.App, ruleID string) monitor.Alert {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	if err != nil {
		t.Fatal(err)
	}
	all, err := a.Alerts.Latest(ctx, o.System("test"), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, al := range all {
		if al.RuleID == ruleID {
			return al
		}
	}
	t.Fatalf("no demo alert of rule %s", ruleID)
	return monitor.Alert{}
}

func demoIncident(t *testing.T, a *apptest.App) incident.Incident {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	if err != nil {
		t.Fatal(err)
	}
	all, err := a.Incidents.List(ctx, o.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range all {
		if i.Title == "Ransomware on the EPR database server" {
			return i
		}
	}
	t.Fatalf("no demo ransomware incident among %d", len(all))
	return incident.Incident{}
}

// TestMonitoringPages walks the analyst's night: the ranked queue, an alert
// with its clinical context, an alert Vigil could not place, dismissing,
// opening an incident and updating it, and the summary for clinical teams.
func TestMonitoringPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		queue := analyst.Get("/monitoring")
		if queue.StatusCode != http.StatusOK {
			t.Fatalf("queue: %d", queue.StatusCode)
		}
		text := apptest.Text(queue.Body)
		dcsync, spooler := strings.Index(text, "Directory replication requested"), strings.Index(text, "Exploit attempt against the print spooler")
		if dcsync < 0 || spooler < 0 || dcsync > spooler {
			t.Errorf("the DCSync alert on a domain controller should rank above the spooler exploit on an unknown host: %q", text)
		}
		if strings.Contains(text, "Ransomware behaviour") {
			t.Error("an alert already in an incident is still in the queue")
		}
		if !strings.Contains(text, "Not in the care map") {
			t.Error("unmatched alerts are not shown as such")
		}

		dc := demoAlert(t, a, "2006")
		page := apptest.Text(analyst.Get("/monitoring/alerts/" + dc.ID).Body)
		for _, want := range []string{"What it could do to patients", "Active Directory", "What to do:", "Open an incident"} {
			if !strings.Contains(page, want) {
				t.Errorf("the DCSync alert page lacks %q: %s", want, page)
			}
		}
		unplaced := demoAlert(t, a, "DA-SPOOL-002")
		if page := apptest.Text(analyst.Get("/monitoring/alerts/" + unplaced.ID).Body); !strings.Contains(page, "Vigil could not tie this alert to any system in the care map") {
			t.Errorf("the unplaced alert page: %s", page)
		}
		res := follow(t, analyst, analyst.PostForm("/monitoring/alerts/"+unplaced.ID+"/status", url.Values{"status": {"dismissed"}}))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Dismissed 1 alerts.") || strings.Contains(apptest.Text(res.Body), "Exploit attempt against the print spooler") {
			t.Errorf("dismissing: %d %s", res.StatusCode, apptest.Text(res.Body))
		}

		res = analyst.PostForm("/monitoring/incidents/new", url.Values{"alert": {dc.ID}, "playbook": {""}, "severity": {"high"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose the kind of incident") {
			t.Errorf("an incident without a playbook: %d", res.StatusCode)
		}
		res = follow(t, analyst, analyst.PostForm("/monitoring/incidents/new", url.Values{"alert": {dc.ID}, "playbook": {"phishing-account"}, "severity": {"high"}, "title": {"Domain admin account misused"}}))
		body := apptest.Text(res.Body)
		if res.StatusCode != http.StatusOK || apptest.Heading(res.Body) != "Domain admin account misused" || !strings.Contains(body, "Keeping patients safe") || !strings.Contains(body, "Reset the person's password") {
			t.Fatalf("the new incident: %d %q %s", res.StatusCode, apptest.Heading(res.Body), body)
		}

		inc := demoIncident(t, a)
		res = follow(t, analyst, analyst.PostForm("/monitoring/incidents/"+inc.ID+"/update", url.Values{"note": {"Restored from the offline copy"}, "status": {"contained"}, "next": {"2"}}))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Restored from the offline copy") {
			t.Errorf("the update: %d", res.StatusCode)
		}
		if got := apptest.Text(analyst.Get("/monitoring/incidents/" + inc.ID).Body); !strings.Contains(got, "Contained") || !strings.Contains(got, "record it in the hazard log") {
			t.Errorf("status after update: %s", got)
		}
		suggestions := apptest.Text(analyst.Get("/hazards/suggestions?all=1").Body)
		if !strings.Contains(suggestions, "Repeat of: "+inc.Code()+" Ransomware on the EPR database server") {
			t.Errorf("the contained incident is not suggested as a hazard: %s", suggestions)
		}
		res = analyst.PostForm("/monitoring/incidents/"+inc.ID+"/update", url.Values{"note": {""}, "status": {"contained"}, "next": {"0"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an empty update: %d", res.StatusCode)
		}

		nurse := a.SignIn(t, apptest.Nurse)
		brief := nurse.Get("/monitoring/incidents/" + inc.ID + "/summary")
		if brief.StatusCode != http.StatusOK || !strings.Contains(apptest.Text(brief.Body), "Down now: use your downtime procedure") {
			t.Errorf("the summary for clinical teams: %d %s", brief.StatusCode, apptest.Text(brief.Body))
		}
		if res := nurse.Get("/monitoring"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse opened the alert queue: %d", res.StatusCode)
		}
		if res := nurse.Get("/monitoring/incidents/" + inc.ID); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse opened the analysts' incident page: %d", res.StatusCode)
		}
	})
}

// TestMonitoringBetweenOrganisations: the practice sees none of the trust's
// alerts or incidents; the national centre sees them all.
func TestMonitoringBetweenOrganisations(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		inc := demoIncident(t, a)
		dc := demoAlert(t, a, "2006")
		gp := a.SignIn(t, apptest.PracticeAdmin)
		for _, path := range []string{"/monitoring/alerts/" + dc.ID, "/monitoring/incidents/" + inc.ID, "/monitoring/incidents/" + inc.ID + "/summary"} {
			if res := gp.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("the practice GET %s: %d", path, res.StatusCode)
			}
		}
		if res := gp.PostForm("/monitoring/alerts/"+dc.ID+"/status", url.Values{"status": {"dismissed"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice dismissed the trust's alert: %d", res.StatusCode)
		}
		if res := gp.Get("/monitoring"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Directory replication") {
			t.Errorf("the practice's queue: %d", res.StatusCode)
		}
		if res := gp.Get("/monitoring/national"); res.StatusCode != http.StatusForbidden {
			t.Errorf("the practice opened the national view: %d", res.StatusCode)
		}
		centre := a.SignIn(t, apptest.CentralAnalyst)
		national := centre.Get("/monitoring/national")
		text := apptest.Text(national.Body)
		if national.StatusCode != http.StatusOK || !strings.Contains(text, "Ransomware on the EPR database server") || !strings.Contains(text, "("+apptest.TrustCode+")") {
			t.Errorf("the national view: %d %s", national.StatusCode, text)
		}
	})
}

// TestSourceHealthPage shows the sources and refuses a bad interval with
// the error next to the source's own box.
func TestSourceHealthPage(t *testing.T) {
	a := apptest.Start(t)
	analyst := a.SignIn(t, apptest.Analyst)
	page := analyst.Get("/monitoring/sources")
	text := apptest.Text(page.Body)
	if !strings.Contains(text, "Perimeter firewall") || !strings.Contains(text, "expected at least every 10 minutes") {
		t.Fatalf("sources page: %s", text)
	}
	ctx := context.Background()
	o, _ := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	sources, err := a.Alerts.Sources(ctx, o.System("test"))
	if err != nil {
		t.Fatal(err)
	}
	id := sources[0].ID
	res := analyst.PostForm("/monitoring/sources/"+id, url.Values{"expected": {"lots"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#expected-`+id+`"`) {
		t.Errorf("a bad interval: %d", res.StatusCode)
	}
	res = follow(t, analyst, analyst.PostForm("/monitoring/sources/"+id, url.Values{"expected": {"30"}}))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "sends nothing for 30 minutes") {
		t.Errorf("a good interval: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
}

// follow takes the redirect after a form, as a browser does.
func follow(t *testing.T, c *apptest.Client, res apptest.Response) apptest.Response {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("want a redirect after the form, got %d: %s", res.StatusCode, apptest.Text(res.Body))
	}
	return c.Get(res.Header.Get("Location"))
}

// TestHomePageTellsStaffAboutAnIncident: a nurse sees the running incident
// on the home page, with the way to what to do; the practice's staff do not.
func TestHomePageTellsStaffAboutAnIncident(t *testing.T) {
	a := apptest.Start(t)
	inc := demoIncident(t, a)
	home := a.SignIn(t, apptest.Nurse).Get("/")
	if !strings.Contains(apptest.Text(home.Body), inc.Code()+" Ransomware on the EPR database server") ||
		!strings.Contains(home.Body, `href="/monitoring/incidents/`+inc.ID+`/summary"`) {
		t.Errorf("the nurse's home page: %s", apptest.Text(home.Body))
	}
	if gp := a.SignIn(t, apptest.PracticeAdmin).Get("/"); strings.Contains(gp.Body, inc.ID) {
		t.Error("the practice's home page shows the trust's incident")
	}
}
