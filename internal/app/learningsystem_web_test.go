package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/training/lrs/lrstest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// An org admin connects the learning record store; a nurse's quiz reaches
// it; the admin sees what went and what the store refused, with its
// reason, and sends it again. The secret is never shown, other
// organisations see none of it, and staff cannot reach the pages.
func TestLearningRecordStorePages(t *testing.T) {
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			a := apptest.StartWith(t, e, func(c *app.Config) { c.LRSAllowLoopback = true })
			store := lrstest.NewPlain(t, "vigil-demo", "the-store-secret-0042")
			admin := a.SignIn(t, apptest.Admin)
			nurse := a.SignIn(t, apptest.Nurse)
			const home = "/training/learning-system"

			pageSays(t, admin, "/", http.StatusOK, "Your learning system")
			pageSays(t, admin, home, http.StatusOK, "Send quiz results", "Quiz results are not being sent")
			for _, path := range []string{home, home + "/deliveries", home + "/packages", home + "/packages/spotting-phishing.zip"} {
				if res := nurse.Get(path); res.StatusCode != http.StatusForbidden {
					t.Errorf("a nurse opened %s: %d", path, res.StatusCode)
				}
			}
			res := admin.PostForm(home, url.Values{"endpoint": {"http://lrs.example.nhs.uk/xapi"}, "key": {store.Key}, "secret": {store.Secret}, "enabled": {"yes"}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "must start with https://") {
				t.Errorf("a plain HTTP store elsewhere: %d %s", res.StatusCode, apptest.Text(res.Body))
			}
			if strings.Contains(res.Body, store.Secret) {
				t.Error("the refused form shows the secret typed")
			}
			res = admin.PostForm(home, url.Values{"endpoint": {store.Server.URL + "/xapi"}, "key": {store.Key}, "secret": {store.Secret}, "enabled": {"yes"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d %s", res.StatusCode, apptest.Text(res.Body))
			}
			page := pageSays(t, admin, home, http.StatusOK, "Quiz results are being sent to "+store.Server.URL+"/xapi", "A secret is saved")
			if strings.Contains(page, store.Secret) {
				t.Error("the settings page shows the secret")
			}

			l, _ := a.Content.Lessons.Lesson("spotting-phishing")
			if loc := passedPath(t, nurse, l); !strings.HasPrefix(loc, "/training/results/") {
				t.Fatalf("the quiz went to %q", loc)
			}
			if n, err := a.LRS.Flush(context.Background()); err != nil || n != 2+len(l.Quiz) {
				t.Errorf("sent %d (%v), want %d", n, err, 2+len(l.Quiz))
			}
			if got := len(store.Statements()); got != 2+len(l.Quiz) {
				t.Errorf("the store has %d statements", got)
			}
			deliveries := apptest.Text(pageSays(t, admin, home+"/deliveries", http.StatusOK, "Nothing has failed"))
			if !strings.Contains(deliveries, "Sent in the last 30 days "+itoa(2+len(l.Quiz))) {
				t.Errorf("the deliveries page does not count what was sent: %s", deliveries)
			}

			store.Refuse(func(string) string { return "unknown activity type" })
			passedPath(t, nurse, l)
			a.LRS.Flush(context.Background())
			pageSays(t, admin, home+"/deliveries", http.StatusOK, "Refused", "unknown activity type", "Send them again now")
			token := tokenFor(t, a, apptest.TrustCode, vigil.ManageTraining)
			type delivery struct {
				Endpoint string `json:"endpoint"`
				Parked   int    `json:"parked"`
				Problems []struct {
					Verb, Status, Reason string
				} `json:"problems"`
			}
			api := decodeJSON[delivery](t, a.API(t, token, "GET", "/api/v1/training/lrs", "", nil))
			if api.Endpoint != store.Server.URL+"/xapi" || api.Parked != 2+len(l.Quiz) || len(api.Problems) != api.Parked ||
				api.Problems[0].Status != "parked" || api.Problems[0].Reason == "" {
				t.Errorf("the API says %+v", api)
			}
			if res := a.API(t, tokenFor(t, a, apptest.TrustCode, vigil.ReadTraining), "GET", "/api/v1/training/lrs", "", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("a token without training:write read the delivery status: %d", res.StatusCode)
			}
			if theirs := decodeJSON[delivery](t, a.API(t, tokenFor(t, a, apptest.PracticeCode, vigil.ManageTraining), "GET", "/api/v1/training/lrs", "", nil)); theirs.Endpoint != "" || theirs.Parked != 0 {
				t.Errorf("the practice's API shows the trust's delivery: %+v", theirs)
			}
			store.Refuse(nil)
			res = admin.PostForm(home+"/retry", nil)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("retry: %d", res.StatusCode)
			}
			pageSays(t, admin, home+"/deliveries", http.StatusOK, "Sending "+itoa(2+len(l.Quiz))+" quiz results again")
			if n, _ := a.LRS.Flush(context.Background()); n != 2+len(l.Quiz) {
				t.Errorf("after retry sent %d", n)
			}

			practice := a.SignIn(t, apptest.PracticeAdmin)
			other := pageSays(t, practice, home+"/deliveries", http.StatusOK, "Sending is turned off", "Nothing has failed")
			if strings.Contains(other, store.Server.URL) {
				t.Error("the practice sees the trust's store")
			}
			if p := pageSays(t, practice, home, http.StatusOK); strings.Contains(p, store.Server.URL) || strings.Contains(p, store.Key) {
				t.Error("the practice's settings show the trust's")
			}
			for _, p := range store.Problems() {
				t.Errorf("the test store found: %s", p)
			}
		})
	}
}

// Every lesson can be downloaded as a SCORM package from the packages page.
func TestSCORMDownload(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	page := pageSays(t, admin, "/training/learning-system/packages", http.StatusOK, "Spotting phishing")
	if !strings.Contains(page, `href="/training/learning-system/packages/spotting-phishing.zip"`) {
		t.Fatal("no download link for the phishing lesson")
	}
	res := admin.Get("/training/learning-system/packages/spotting-phishing.zip")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	z, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
	if err != nil {
		t.Fatalf("the download is not a zip: %v", err)
	}
	f, err := z.Open("index.html")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if res := admin.Get("/training/learning-system/packages/no-such-lesson.zip"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown lesson: %d", res.StatusCode)
	}
}
