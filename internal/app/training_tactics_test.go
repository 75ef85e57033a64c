package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/mailtest"
)

// demoTactic is the demo trust's published bulletin.
const demoTactic = "Fake car parking fine texts"

// bulletinID is the bulletin's id in a redirect to /bulletins/{id}.
func bulletinID(t *testing.T, res apptest.Response) string {
	t.Helper()
	loc := res.Header.Get("Location")
	id, ok := strings.CutPrefix(loc, "/bulletins/")
	if res.StatusCode != http.StatusSeeOther || !ok || id == "" {
		t.Fatalf("saving a bulletin: %d %q %s", res.StatusCode, loc, apptest.Text(res.Body))
	}
	return id
}

// draftedID is the id of the bulletin drafted from a campaign in the
// analysts' list: the link in the table row that says so.
func draftedID(t *testing.T, list string) string {
	t.Helper()
	for _, row := range strings.Split(list, "<tr") {
		if strings.Contains(row, "Drafted from a campaign") {
			if id := between(row, `<a href="/bulletins/`, `"`); id != "" {
				return id
			}
		}
	}
	t.Fatalf("no bulletin drafted from a campaign:\n%s", apptest.Text(list))
	return ""
}

func auditCount(t *testing.T, a *apptest.App, entity, id string) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE entity_type = $1 AND entity_id = $2`,
		entity, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLatestTactics: an analyst writes a bulletin, with mistakes shown
// next to their fields, publishes it to staff and withdraws it; staff see
// it on the home page, My training and the list while it is published, and
// only in their own organisation.
func TestLatestTactics(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse, analyst, practice := a.SignIn(t, apptest.Nurse), a.SignIn(t, apptest.Analyst), a.SignIn(t, apptest.PracticeAdmin)
		for _, page := range []string{"/", "/training", "/bulletins"} {
			mustContain(t, "the nurse's "+page, apptest.Text(nurse.Get(page).Body), demoTactic)
			if strings.Contains(practice.Get(page).Body, demoTactic) {
				t.Errorf("another organisation's %s shows the demo trust's bulletin", page)
			}
		}
		if res := nurse.Get("/bulletins/manage"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse opens the analysts' bulletins: %d", res.StatusCode)
		}

		res := analyst.PostForm("/bulletins/new", url.Values{"title": {""}, "looks_like": {"A link to https://evil.example/pay"},
			"what_to_do": {"Delete it."}, "expires_at": {"31/12/2026"}, "link": {"https://evil.example"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bulletin with mistakes: %d", res.StatusCode)
		}
		for _, field := range []string{"title", "looks_like", "expires_at", "link"} {
			if !strings.Contains(res.Body, `id="`+field+`-error"`) || !strings.Contains(res.Body, `href="#`+field+`"`) {
				t.Errorf("no error next to %s", field)
			}
		}
		mustContain(t, "the mistakes", apptest.Text(res.Body), "Give the bulletin a short title", "Take out the web address",
			"Enter the date as year-month-day")

		form := url.Values{"title": {"Fake pension statements"}, "looks_like": {"An e-mail from nhs-pensions-update[.]com asks you to sign in to see your pension."},
			"what_to_do": {"Do not sign in. Report it in Vigil."}, "link": {"/help/suspicious-email"}}
		id := bulletinID(t, analyst.PostForm("/bulletins/new", form))
		if strings.Contains(nurse.Get("/bulletins").Body, "Fake pension statements") {
			t.Error("staff see a draft")
		}
		if res := nurse.Get("/bulletins/" + id); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse opens a draft: %d", res.StatusCode)
		}
		if res := analyst.PostForm("/bulletins/"+id+"/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		mustContain(t, "the nurse's home page", apptest.Text(nurse.Get("/").Body), "Latest tactics: Fake pension statements", "Do not sign in.")
		mustContain(t, "the list", apptest.Text(nurse.Get("/bulletins").Body), "nhs-pensions-update[.]com", "Find out more")
		if body := practice.Get("/bulletins").Body; strings.Contains(body, "Fake pension statements") {
			t.Error("another organisation sees the trust's bulletin")
		}
		if res := practice.Get("/bulletins/" + id); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's analyst opens the bulletin: %d", res.StatusCode)
		}
		if res := practice.PostForm("/bulletins/"+id+"/withdraw", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's analyst withdraws the bulletin: %d", res.StatusCode)
		}

		// Only the job roles it is for see it.
		form.Set("title", "Fake locum agency calls")
		form["audience"] = []string{"doctor"}
		doctorsOnly := bulletinID(t, analyst.PostForm("/bulletins/new", form))
		analyst.PostForm("/bulletins/"+doctorsOnly+"/publish", nil)
		if strings.Contains(nurse.Get("/bulletins").Body, "Fake locum agency calls") {
			t.Error("a nurse sees a bulletin for doctors")
		}
		mustContain(t, "the analysts' list", apptest.Text(analyst.Get("/bulletins/manage").Body), "Fake locum agency calls", "Doctor", "Published")

		if res := analyst.PostForm("/bulletins/"+id+"/withdraw", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", res.StatusCode)
		}
		if strings.Contains(nurse.Get("/").Body, "Fake pension statements") {
			t.Error("staff still see a withdrawn bulletin")
		}
		if n := auditCount(t, a, "bulletin", id); n != 3 {
			t.Errorf("%d audit events for drafting, publishing and withdrawing, want 3", n)
		}
	})
}

// TestNationalBulletin: the national centre publishes to every
// organisation; each sees it and none can change it.
func TestNationalBulletin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		central, analyst, practice := a.SignIn(t, apptest.CentralAnalyst), a.SignIn(t, apptest.Analyst), a.SignIn(t, apptest.PracticeAdmin)
		form := url.Values{"title": {"Fake NHS app update texts"}, "looks_like": {"A text asks you to update the NHS App at nhs-app-verify[.]net."},
			"what_to_do": {"Do not tap the link. Update apps only from the app store."}}
		if res := analyst.PostForm("/bulletins/new", url.Values{"national": {"yes"}, "title": form["title"], "looks_like": form["looks_like"],
			"what_to_do": form["what_to_do"]}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a trust analyst sends a bulletin to every organisation: %d", res.StatusCode)
		}
		form.Set("national", "yes")
		id := bulletinID(t, central.PostForm("/bulletins/new", form))
		if res := central.PostForm("/bulletins/"+id+"/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		for who, c := range map[string]*apptest.Client{"the trust": a.SignIn(t, apptest.Nurse), "the practice": practice} {
			mustContain(t, who+"'s list", apptest.Text(c.Get("/bulletins").Body), "Fake NHS app update texts", "National")
		}
		for who, c := range map[string]*apptest.Client{"a trust analyst": analyst, "a practice admin": practice} {
			if res := c.Get("/bulletins/" + id); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s opens the national bulletin to change it: %d", who, res.StatusCode)
			}
			form.Set("title", "Changed by "+who)
			if res := c.PostForm("/bulletins/"+id, form); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s changes the national bulletin: %d", who, res.StatusCode)
			}
			if res := c.PostForm("/bulletins/"+id+"/withdraw", nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s withdraws the national bulletin: %d", who, res.StatusCode)
			}
		}
		if body := practice.Get("/bulletins").Body; !strings.Contains(body, "Fake NHS app update texts") || strings.Contains(body, "Changed by") {
			t.Error("the national bulletin was changed, or is gone")
		}
	})
}

// TestMaliciousCampaignDraftsABulletin: judging a campaign malicious in
// triage drafts a bulletin that describes the lure in plain words, with
// no live link, and that staff do not see until it is published.
func TestMaliciousCampaignDraftsABulletin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		r, err := a.Journey.Receive(ctx, scopeOf(t, a, apptest.Nurse), report.Incoming{Source: report.FromAPI,
			Email: mailtest.Sample(t, "phish-password-expiry.eml")})
		if err != nil || r.CampaignID == "" {
			t.Fatalf("report: %v, campaign %q", err, r.CampaignID)
		}
		analyst, nurse := a.SignIn(t, apptest.Analyst), a.SignIn(t, apptest.Nurse)
		if res := analyst.PostForm("/triage/campaigns/"+r.CampaignID+"/verdict", url.Values{"verdict": {"malicious"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("verdict: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		id := draftedID(t, analyst.Get("/bulletins/manage").Body)
		draft := analyst.Get("/bulletins/" + id)
		mustContain(t, "the draft", draft.Body, "Draft", "nhsmail-secure-login[.]top", "action required your nhsmail password expires today",
			"Do not click its links")
		if strings.Contains(draft.Body, "nhsmail-secure-login.top") || strings.Contains(draft.Body, "://nhsmail") {
			t.Error("the drafted bulletin carries a live link")
		}
		if strings.Contains(nurse.Get("/").Body, "nhsmail-secure-login") {
			t.Error("staff see the draft before an analyst publishes it")
		}
		var n int
		if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM training_bulletins WHERE campaign_id = $1 AND status = 'draft'`, r.CampaignID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d drafts for the campaign (%v), want 1", n, err)
		}
		// Deciding again, or another verdict, drafts nothing more.
		analyst.PostForm("/triage/campaigns/"+r.CampaignID+"/verdict", url.Values{"verdict": {"malicious"}, "note": {"Blocked."}})
		if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM training_bulletins WHERE campaign_id = $1`, r.CampaignID).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d bulletins after deciding again (%v), want 1", n, err)
		}
		if res := analyst.PostForm("/bulletins/"+id+"/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		mustContain(t, "the nurse's home page", apptest.Text(nurse.Get("/").Body), "Latest tactics: Scam e-mails from nhsmail-secure-login[.]top")
		if n := auditCount(t, a, "bulletin", id); n != 2 {
			t.Errorf("%d audit events for the draft and its publishing, want 2", n)
		}
	})
}

// TestBulletinsOverTheAPI: the API answers the bulletins a caller's
// organisation shows, as the pages do.
func TestBulletinsOverTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		type item struct{ Title, Link string }
		read := func(who string) []item {
			t.Helper()
			res := a.SignIn(t, who).Get("/api/v1/bulletins")
			var got struct{ Items []item }
			if err := json.Unmarshal([]byte(res.Body), &got); res.StatusCode != http.StatusOK || err != nil {
				t.Fatalf("%s's bulletins: %d %v %s", who, res.StatusCode, err, res.Body)
			}
			return got.Items
		}
		if got := read(apptest.Nurse); len(got) != 1 || got[0].Title != demoTactic || got[0].Link != "/help/text-from-nhs" {
			t.Errorf("the nurse's bulletins: %+v", got)
		}
		if got := read(apptest.PracticeAdmin); len(got) != 0 {
			t.Errorf("another organisation's bulletins: %+v", got)
		}
	})
}

// TestANationalVerdictDraftsANationalBulletin: when the centre judges a
// lure reported in several organisations malicious, Vigil drafts a
// national bulletin for the centre's analysts to publish to everyone.
func TestANationalVerdictDraftsANationalBulletin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		phish := sharedSample(t, "phish-password-expiry.eml")
		nurse, practice, central := a.SignIn(t, apptest.Nurse), a.SignIn(t, apptest.PracticeAdmin), a.SignIn(t, apptest.CentralAnalyst)
		reportThroughTheJourney(t, nurse, phish)
		reportThroughTheJourney(t, practice, phish)
		m := nationalLink.FindStringSubmatch(central.Get("/national/campaigns").Body)
		if m == nil {
			t.Fatal("no national campaign")
		}
		if res := central.PostForm("/national/campaigns/"+m[1]+"/verdict", url.Values{"verdict": {"malicious"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("centre verdict: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		list := central.Get("/bulletins/manage").Body
		mustContain(t, "the centre's bulletins", apptest.Text(list), "Scam e-mails from nhsmail-secure-login[.]top", "Draft", "Every organisation")
		id := draftedID(t, list)
		mustContain(t, "the draft", apptest.Text(central.Get("/bulletins/"+id).Body), "Staff in 2 organisations have reported 2 copies")
		if strings.Contains(nurse.Get("/bulletins").Body, "nhsmail-secure-login") {
			t.Error("staff see the centre's draft")
		}
		if res := central.PostForm("/bulletins/"+id+"/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		for who, c := range map[string]*apptest.Client{"trust nurse": nurse, "practice manager": practice} {
			mustContain(t, who+"'s list", apptest.Text(c.Get("/bulletins").Body), "Scam e-mails from nhsmail-secure-login[.]top", "National")
		}
	})
}
