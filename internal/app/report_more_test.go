package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// sendReport walks the journey for a kind that needs no e-mail.
func sendReport(t *testing.T, c *apptest.Client, kind string, answers url.Values) {
	t.Helper()
	res := c.PostForm("/report", url.Values{"kind": {kind}})
	id := draftID(t, res.Header.Get("Location"))
	if res := c.PostForm("/report/"+id+"/details", answers); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s details: %d %s", kind, res.StatusCode, apptest.Text(res.Body))
	}
	c.PostForm("/report/"+id+"/name", url.Values{"give_name": {"yes"}})
	if res := c.PostForm("/report/"+id+"/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s send: %d", kind, res.StatusCode)
	}
}

func TestTriagePutsUrgentReportsFirst(t *testing.T) {
	a := apptest.Start(t)
	nurse := a.SignIn(t, apptest.Nurse)
	sendReport(t, nurse, "other", url.Values{"what": {"A stranger was reading the screens at the nurses' station"}})
	sendReport(t, nurse, "lost-device", url.Values{"device": {"smartcard"}, "where": {"Ward 7"}, "when": {"Tonight"}})
	page := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/triage").Body)
	lost, other := strings.Index(page, "Lost or stolen device Act now"), strings.Index(page, "Something else")
	if lost < 0 || other < 0 || lost > other {
		t.Fatalf("the lost smartcard is not first and marked to act on now (lost at %d, other at %d):\n%.3000s", lost, other, page)
	}
}

func TestReportAPastedEmail(t *testing.T) {
	a := apptest.Start(t)
	nurse := a.SignIn(t, apptest.Nurse)
	res := nurse.PostForm("/report", url.Values{"kind": {"email"}})
	id := draftID(t, res.Header.Get("Location"))
	pasted := string(sharedSample(t, "phish-password-expiry.eml"))
	if res := nurse.PostForm("/report/"+id+"/details", url.Values{"pasted": {pasted}, "clicked": {"no"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pasted e-mail: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	nurse.PostForm("/report/"+id+"/name", url.Values{"give_name": {"yes"}})
	mustContain(t, "check your answers", apptest.Text(nurse.Get("/report/"+id+"/check").Body), "Pasted into the form")
}

func TestTriageChecklistIsSavedForTheNextAnalyst(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		sendReport(t, a.SignIn(t, apptest.Nurse), "lost-device", url.Values{"device": {"smartcard"}, "where": {"Ward 7"}, "when": {"Tonight"}})
		analyst := a.SignIn(t, apptest.Analyst)
		id := between(analyst.Get("/triage").Body, `<a href="/triage/reports/`, `"`)
		if id == "" {
			t.Fatal("no report in the queue")
		}
		res := analyst.PostForm("/triage/reports/"+id+"/checklist", url.Values{"step": {"0"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save the checklist: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		// The buddy on the next shift sees the step done, and by whom.
		page := a.SignIn(t, apptest.Buddy).Get("/triage/reports/" + id)
		mustContain(t, "the report after one step", apptest.Text(page.Body), "Done by Aisha Begum")
		if !strings.Contains(page.Body, `id="step-0" name="step" type="checkbox" value="0" checked`) {
			t.Error("the step done is not ticked")
		}
		if res := analyst.PostForm("/triage/reports/"+id+"/checklist", url.Values{"step": {"99"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a step not on the checklist: %d", res.StatusCode)
		}
	})
}
