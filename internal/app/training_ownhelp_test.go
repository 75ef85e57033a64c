package app_test

import (
	"archive/zip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// TestOwnQuickAnswers: an org admin adds an answer, with mistakes shown
// next to their fields, says a built-in answer the trust's own way and
// retires it again; staff find the answers in Cyber help with the trust's
// local contacts filled in, and another organisation sees none of it.
func TestOwnQuickAnswers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin, nurse, practice := a.SignIn(t, apptest.Admin), a.SignIn(t, apptest.Nurse), a.SignIn(t, apptest.PracticeAdmin)

		// The demo trust's own answer, with its contacts.
		demo := apptest.Text(nurse.Get("/help/who-decides-sharing").Body)
		mustContain(t, "the demo answer", demo, "Who decides whether I can share", "the Information Governance team on 0300 555 0177",
			"the Caldicott Guardian at caldicott@riverside.example", "switchboard on 0300 555 0100")
		mustContain(t, "a search", apptest.Text(nurse.Get("/help?q=caldicott").Body), "Who decides whether I can share")
		if res := practice.Get("/help/who-decides-sharing"); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation reads the trust's answer: %d", res.StatusCode)
		}
		if strings.Contains(practice.Get("/help?q=caldicott").Body, "who-decides-sharing") {
			t.Error("another organisation's search finds the trust's answer")
		}
		if res := nurse.Get("/help/manage"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse opens the own answers page: %d", res.StatusCode)
		}

		res := admin.PostForm("/help/manage/new", url.Values{"id": {"Parking Fine"}, "question": {"A text about a {{switchboard_phone}} fine"},
			"lesson": {"no-such-lesson"}, "report_kind": {"carrier-pigeon"}, "body": {"Call {{helpdesk}} now."}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an answer with mistakes: %d", res.StatusCode)
		}
		for _, field := range []string{"id", "question", "lesson", "report_kind", "body"} {
			if !strings.Contains(res.Body, `id="`+field+`-error"`) {
				t.Errorf("no error next to %s:\n%s", field, apptest.Text(res.Body))
			}
		}
		mustContain(t, "the mistakes", apptest.Text(res.Body), "must be lower-case letters", "placeholders", `There is no lesson "no-such-lesson"`,
			"Line 1: Unknown placeholder {{helpdesk}}")

		// The trust says "I clicked a link" its own way; HTML is refused, as in the built-in answer files.
		clicked := url.Values{"id": {"clicked-a-link"}, "question": {"I think I clicked a link"},
			"keywords": {"clicked, link"}, "lesson": {"spotting-phishing"}, "report_kind": {"clicked"},
			"body": {"Unplug the network cable and call {{security_on_call_phone}}. <script>alert(1)</script>"}}
		res = admin.PostForm("/help/manage/new", clicked)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="body-error"`) || strings.Contains(res.Body, "<script>") {
			t.Fatalf("an answer with HTML: %d", res.StatusCode)
		}
		clicked.Set("body", "Unplug the network cable and call {{security_on_call_phone}}. **Do not** switch it off.")
		if res = admin.PostForm("/help/manage/new", clicked); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		page := nurse.Get("/help/clicked-a-link").Body
		mustContain(t, "the trust's answer", apptest.Text(page), "Unplug the network cable", "the on-call cyber security team on 07700 900123")
		mustContain(t, "the trust's answer", page, "<strong>Do not</strong>", `<a href="tel:07700900123">07700 900123</a>`)
		if strings.Contains(practice.Get("/help/clicked-a-link").Body, "Unplug the network cable") {
			t.Error("another organisation sees the trust's replacement answer")
		}
		if n := auditCount(t, a, "help-answer", "clicked-a-link"); n != 1 {
			t.Errorf("%d audit events for the new answer, want 1", n)
		}

		if res := admin.PostForm("/help/manage/clicked-a-link/retire", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("retire: %d", res.StatusCode)
		}
		if strings.Contains(nurse.Get("/help/clicked-a-link").Body, "Unplug the network cable") {
			t.Error("a retired answer still shows")
		}
		if res := practice.PostForm("/help/manage/who-decides-sharing/retire", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation retires the trust's answer: %d", res.StatusCode)
		}
		if n := auditCount(t, a, "help-answer", "clicked-a-link"); n != 2 {
			t.Errorf("%d audit events after retiring, want 2", n)
		}
	})
}

// TestLocalContacts: an org admin sets the local contacts, with a mistake
// shown next to its field; answers use them, in that organisation only.
func TestLocalContacts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin, practice := a.SignIn(t, apptest.Admin), a.SignIn(t, apptest.PracticeAdmin)
		form := url.Values{"switchboard_phone": {"0300 555 0999"}, "caldicott_email": {"not an address"}, "ig_phone": {"0300 555 0177"}, "on_call_phone": {"0300 555 0144"}}
		res := admin.PostForm("/help/contacts", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="caldicott_email-error"`) {
			t.Fatalf("a wrong address: %d", res.StatusCode)
		}
		mustContain(t, "the form again", res.Body, `value="0300 555 0999"`)
		form.Set("caldicott_email", "cg@riverside.example")
		if res := admin.PostForm("/help/contacts", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		answer := apptest.Text(admin.Get("/help/who-decides-sharing").Body)
		mustContain(t, "the answer", answer, "switchboard on 0300 555 0999", "the Caldicott Guardian at cg@riverside.example")
		// A lesson downloaded for the learning system names them too.
		mustContain(t, "the downloaded lesson", packageText(t, admin, "ransomware"), `the IT on-call team on <a href="tel:03005550144">0300 555 0144</a>`)

		// The practice's own answer names a contact it has not set: it says who to ask instead.
		if res := practice.PostForm("/help/manage/new", url.Values{"id": {"who-decides-sharing"}, "question": {"Who decides on sharing?"},
			"lesson": {"sending-patient-data"}, "body": {"Ask {{caldicott_email}}."}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the practice's answer: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		theirs := apptest.Text(practice.Get("/help/who-decides-sharing").Body)
		mustContain(t, "the practice's answer", theirs, "the Caldicott Guardian (switchboard can put you through)")
		if strings.Contains(theirs, "riverside") {
			t.Error("the practice's answer shows the trust's contacts")
		}
		if n := auditCount(t, a, "help-contacts", scopeOf(t, a, apptest.Admin).OrgID); n != 2 {
			t.Errorf("%d audit events for the contacts (demo and this change), want 2", n)
		}
	})
}

// packageText is every file of a lesson's SCORM package, as downloaded.
func packageText(t *testing.T, c *apptest.Client, lessonID string) string {
	t.Helper()
	res := c.Get("/training/learning-system/packages/" + lessonID + ".zip")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download %s: %d", lessonID, res.StatusCode)
	}
	z, err := zip.NewReader(strings.NewReader(res.Body), int64(len(res.Body)))
	if err != nil {
		t.Fatalf("the download is not a zip: %v", err)
	}
	var all strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}
