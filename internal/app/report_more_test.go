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
