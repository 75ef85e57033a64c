package app_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// A buddy logs a contact from their phone; the org admin sees it in the
// totals and the CSV; nobody else, and no other organisation, sees it.
func TestBuddiesLogContactsAndAdminsSeeTotals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		tom := a.SignIn(t, apptest.Buddy)
		page := pageSays(t, tom, "/training/buddies/log", http.StatusOK, "My buddy log", "Do not write any patient's name",
			"Helped the ward switch to paper when the EPR was down")
		if !strings.Contains(page, `<option value=`) || strings.Contains(page, "Main Theatres") {
			t.Error("the form does not offer exactly Tom's own teams")
		}
		ward := teamID(t, a, "Ward 7 (Acute Medicine)")
		res := tom.PostForm("/training/buddies/log", url.Values{"team": {teamID(t, a, "Main Theatres")}, "kind": {"visit"}, "day": {"yesterday"}, "minutes": {"lots"}})
		text := apptest.Text(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "Choose one of the teams you are the buddy of") ||
			!strings.Contains(text, "Enter the date as year-month-day") || !strings.Contains(text, "Enter how long it took in minutes") {
			t.Errorf("a wrong contact: %d %s", res.StatusCode, text)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		res = tom.PostForm("/training/buddies/log", url.Values{"team": {ward}, "kind": {"training-session"}, "day": {today}, "minutes": {"25"},
			"note": {"=HYPERLINK(\"http://x\") phishing drill"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log a contact: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, tom, "/training/buddies/log", http.StatusOK, "Logged. Thank you", "phishing drill")
		var audited int
		if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE entity_type = 'buddy_contact' AND summary = $1`,
			"Logged a training session with Ward 7 (Acute Medicine)").Scan(&audited); err != nil || audited != 1 {
			t.Errorf("%d audit records of the contact, %v", audited, err)
		}

		// Staff and the buddy cannot see everyone's contacts.
		nurse := a.SignIn(t, apptest.Nurse)
		pageSays(t, nurse, "/training/buddies/log", http.StatusForbidden)
		pageSays(t, tom, "/training/buddies/contacts", http.StatusForbidden)
		if res := nurse.PostForm("/training/buddies/log", url.Values{"team": {ward}, "kind": {"visit"}, "day": {today}, "minutes": {"5"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse logged a contact: %d", res.StatusCode)
		}

		// The admin sees the demo's five contacts and this one: 150 + 25 minutes.
		admin := a.SignIn(t, apptest.Admin)
		pageSays(t, admin, "/training/buddies/contacts", http.StatusOK, "6 contacts, 170 minutes in all", "Tom Hughes 6 170",
			"Ward 7 (Acute Medicine) 3 105", "phishing drill")
		csvRes := admin.Get("/training/buddies/contacts.csv?from=" + today + "&to=" + today)
		rows, err := csv.NewReader(strings.NewReader(csvRes.Body)).ReadAll()
		if err != nil || csvRes.StatusCode != http.StatusOK || len(rows) != 2 || strings.Join(rows[0], ",") != "date,buddy,team,kind,minutes,note" ||
			rows[1][1] != "Tom Hughes" || rows[1][3] != "training-session" || rows[1][4] != "25" || !strings.HasPrefix(rows[1][5], "'=HYPERLINK") {
			t.Errorf("the CSV of today: %d %q %v", csvRes.StatusCode, rows, err)
		}
		if res := admin.Get("/training/buddies/contacts?from=2026-05-01&to=2026-04-01"); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(apptest.Text(res.Body), "The end date must be on or after the start date") {
			t.Errorf("a period backwards: %d", res.StatusCode)
		}

		// Another organisation's admin sees none of it.
		practice := a.SignIn(t, apptest.PracticeAdmin)
		if body := pageSays(t, practice, "/training/buddies/contacts", http.StatusOK, "0 contacts, 0 minutes in all"); strings.Contains(body, "Tom Hughes") {
			t.Error("the practice sees the trust's buddy log")
		}
		if rows := practice.Get("/training/buddies/contacts.csv").Body; strings.Count(rows, "\n") != 1 {
			t.Errorf("the practice's CSV: %q", rows)
		}
	})
}

// The buddies page suggests a buddy with room for each team without one,
// assigns them in one click, and follows the organisation's own limit.
func TestBuddySuggestionsAndOneClickAssign(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		pageSays(t, admin, "/training/buddies", http.StatusOK, "Suggested buddies for teams without one", "Tom Hughes: 3 teams",
			"Make Tom Hughes the buddy of Outpatients")
		outpatients := teamID(t, a, "Outpatients")
		// The one-click button posts the buddy's number they already gave.
		res := admin.PostForm("/training/buddies", url.Values{"team": {outpatients}, "buddy": {userID(t, a, apptest.Buddy)}, "phone": {"0300 555 0150"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("one-click assign: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		// Tom is now at the limit of 4: nobody has room.
		body := pageSays(t, admin, "/training/buddies", http.StatusOK, "No buddy has room: each already has 4 teams or more")
		if strings.Contains(body, "Make Tom Hughes the buddy") {
			t.Error("Tom is still suggested at the limit")
		}
		if res := admin.PostForm("/training/buddies/max-teams", url.Values{"max_teams": {"many"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(apptest.Text(res.Body), "Enter a number of teams from 1 to 20") {
			t.Errorf("a limit in words: %d", res.StatusCode)
		}
		if res := admin.PostForm("/training/buddies/max-teams", url.Values{"max_teams": {"6"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a limit of 6: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		body = pageSays(t, admin, "/training/buddies", http.StatusOK, "Make Tom Hughes the buddy of Rehabilitation Ward", "Make Marcus Reid the buddy of Rehabilitation Ward")
		if strings.Contains(apptest.Text(body), "More than 6 teams") {
			t.Error("a buddy shows as overloaded under the new limit")
		}
		// The practice's admin gets no suggestion of the trust's buddies, and cannot set the trust's limit.
		if strings.Contains(a.SignIn(t, apptest.PracticeAdmin).Get("/training/buddies").Body, "Tom Hughes") {
			t.Error("the practice is offered the trust's buddy")
		}
		if res := a.SignIn(t, apptest.Buddy).PostForm("/training/buddies/max-teams", url.Values{"max_teams": {"9"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a buddy changed the limit: %d", res.StatusCode)
		}
	})
}

func teamID(t *testing.T, a *apptest.App, name string) string {
	t.Helper()
	teams, err := a.Orgs.Teams(context.Background(), mustSystem(t, a, apptest.TrustCode))
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.Name == name {
			return tm.ID
		}
	}
	t.Fatalf("no team %q", name)
	return ""
}

// The same contacts and totals over the API, for the caller's organisation only.
func TestBuddyContactsOverTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		type report struct {
			Contacts int `json:"contacts"`
			Minutes  int `json:"minutes"`
			ByBuddy  []struct {
				Name     string `json:"name"`
				Contacts int    `json:"contacts"`
			} `json:"by_buddy"`
			Items []struct {
				Kind, Note string
			} `json:"items"`
		}
		token := tokenFor(t, a, apptest.TrustCode, vigil.WritePeople, vigil.ReadPeople)
		got := decodeJSON[report](t, a.API(t, token, "GET", "/api/v1/buddies/contacts", "", nil))
		if got.Contacts != 5 || got.Minutes != 145 || len(got.ByBuddy) != 1 || got.ByBuddy[0].Name != "Tom Hughes" || len(got.Items) != 5 {
			t.Errorf("the trust's contacts: %+v", got)
		}
		if res := a.API(t, token, "GET", "/api/v1/buddies/contacts?from=yesterday", "", nil); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a period in words: %d", res.StatusCode)
		}
		practice := tokenFor(t, a, apptest.PracticeCode, vigil.WritePeople, vigil.ReadPeople)
		if other := decodeJSON[report](t, a.API(t, practice, "GET", "/api/v1/buddies/contacts", "", nil)); other.Contacts != 0 || len(other.Items) != 0 {
			t.Errorf("the practice reads the trust's contacts: %+v", other)
		}
		reader := tokenFor(t, a, apptest.TrustCode, vigil.ReadPeople)
		if res := a.API(t, reader, "GET", "/api/v1/buddies/contacts", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a token without people:write read the contacts: %d", res.StatusCode)
		}
	})
}
