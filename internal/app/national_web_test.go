package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// reportThroughTheJourney sends an e-mail report as a person would.
func reportThroughTheJourney(t *testing.T, c *apptest.Client, eml []byte) {
	t.Helper()
	id := draftID(t, c.PostForm("/report", url.Values{"kind": {"email"}}).Header.Get("Location"))
	postFile(t, c, "/report/"+id+"/details", url.Values{"clicked": {"no"}}, "file", "reported.eml", eml)
	if res := c.PostForm("/report/"+id+"/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
}

var nationalLink = regexp.MustCompile(`href="/national/campaigns/([0-9A-Z]+)"`)

// TestTheCentreWarnsEveryOrganisationWhoseStaffReportedALure: a lure
// reported at the trust and at the practice is one national campaign for
// the centre, and the centre's warning reaches both organisations' staff.
func TestTheCentreWarnsEveryOrganisationWhoseStaffReportedALure(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		phish := sharedSample(t, "phish-password-expiry.eml")
		nurse, practice := a.SignIn(t, apptest.Nurse), a.SignIn(t, apptest.PracticeAdmin)
		reportThroughTheJourney(t, nurse, phish)
		reportThroughTheJourney(t, practice, phish)

		if res := a.SignIn(t, apptest.Analyst).Get("/national/campaigns"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a trust analyst opened the national campaigns: %d", res.StatusCode)
		}
		central := a.SignIn(t, apptest.CentralAnalyst)
		list := central.Get("/national/campaigns")
		m := nationalLink.FindStringSubmatch(list.Body)
		if list.StatusCode != http.StatusOK || m == nil || !strings.Contains(list.Body, "your NHSmail password expires today") {
			t.Fatalf("national campaigns: %d %s", list.StatusCode, apptest.Text(list.Body))
		}
		page := central.Get("/national/campaigns/" + m[1])
		for _, want := range []string{"Riverside University Hospitals", "Elm Tree Surgery", "sender domain"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the national campaign page does not show %q", want)
			}
		}

		res := central.PostForm("/national/campaigns/"+m[1]+"/verdict", url.Values{"warn": {"yes"}, "warning_text": {"Fake password expiry e-mails."}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#verdict"`) {
			t.Errorf("a verdict without a choice: %d, want 422 with the error linked to the choice", res.StatusCode)
		}
		warning := "Fake NHSmail password expiry e-mails are going round. Do not type your password into them."
		res = central.PostForm("/national/campaigns/"+m[1]+"/verdict", url.Values{"verdict": {"malicious"}, "warn": {"yes"}, "warning_text": {warning}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("centre verdict: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		for who, c := range map[string]*apptest.Client{"trust nurse": nurse, "practice manager": practice} {
			home := c.Get("/")
			if !strings.Contains(home.Body, warning) || !strings.Contains(home.Body, "Seen across the NHS") {
				t.Errorf("the %s's home page does not carry the centre's warning", who)
			}
		}
	})
}
