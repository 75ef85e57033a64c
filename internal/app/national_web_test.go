package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
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

// TestTheCentresToolsReachNationalCampaignsThroughTheAPI: the centre's own
// tools list national campaigns and give verdicts with a token; a trust's
// token cannot.
func TestTheCentresToolsReachNationalCampaignsThroughTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		phish := sharedSample(t, "phish-password-expiry.eml")
		reportThroughTheJourney(t, a.SignIn(t, apptest.Nurse), phish)
		reportThroughTheJourney(t, a.SignIn(t, apptest.PracticeAdmin), phish)

		trust := tokenFor(t, a, apptest.TrustCode, vigil.TriageReports, vigil.ReadOrganisation)
		if res := a.API(t, trust, "GET", "/api/v1/national/campaigns", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a trust token listing national campaigns: %d", res.StatusCode)
		}
		centre := tokenFor(t, a, apptest.NationalCode, vigil.ReadAcrossOrgs, vigil.WarnAcrossOrgs)
		res := a.API(t, centre, "GET", "/api/v1/national/campaigns", "", nil)
		var listed struct {
			Items []struct {
				ID            string `json:"id"`
				Organisations []struct {
					OrgCode string `json:"org_code"`
				} `json:"organisations"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(res.Body), &listed); err != nil || len(listed.Items) != 1 || len(listed.Items[0].Organisations) != 2 {
			t.Fatalf("national campaigns: %d %s", res.StatusCode, res.Body)
		}
		id := listed.Items[0].ID
		res = a.API(t, centre, "POST", "/api/v1/national/campaigns/"+id+"/verdict", "application/json",
			strings.NewReader(`{"verdict":"spam","warning_text":"Do not open it."}`))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a warning with a spam verdict: %d %s", res.StatusCode, res.Body)
		}
		res = a.API(t, centre, "POST", "/api/v1/national/campaigns/"+id+"/verdict", "application/json",
			strings.NewReader(`{"verdict":"malicious","warning_text":"Fake password expiry e-mails are going round."}`))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("centre verdict: %d %s", res.StatusCode, res.Body)
		}
		staff := tokenFor(t, a, apptest.PracticeCode, vigil.ReadOrganisation)
		if res := a.API(t, staff, "GET", "/api/v1/warnings", "", nil); !strings.Contains(res.Body, `"national": true`) {
			t.Errorf("the practice's warnings do not carry the centre's: %s", res.Body)
		}
	})
}
