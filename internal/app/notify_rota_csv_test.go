package app_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// postRotaFile sends the rota form with a file, as a browser does.
func postRotaFile(t *testing.T, c *apptest.Client, file string) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	london, _ := time.LoadLocation("Europe/London")
	for k, v := range map[string]string{"csrf_token": c.CSRF(), "shift_hours": "24", "date": time.Now().In(london).Format("2006-01-02"), "time": "08:00"} {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("people_csv", "rota.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(file))
	mw.Close()
	return c.Do("POST", "/monitoring/notifications/rota", mw.FormDataContentType(), &body)
}

// TestNotifyRotaFromAFile: the rota's order comes from a CSV file of
// e-mail addresses; each wrong line is named with what is wrong; someone
// of another organisation is not found; a good file sets the rota in its
// order, audited.
func TestNotifyRotaFromAFile(t *testing.T) {
	eachQuiet(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		bad := postRotaFile(t, analyst, "email\nadmin@riverside.example\nnot-an-address\n\nadmin@riverside.example\n\"broken\n")
		text := apptest.Text(bad.Body)
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "Line 3, email is not an e-mail address") ||
			!strings.Contains(text, "Line 5, email is on line 2 already") || !strings.Contains(text, "Line 6 has a stray or unclosed quote mark") {
			t.Errorf("a bad file: %d %s", bad.StatusCode, text)
		}
		other := postRotaFile(t, analyst, "analyst@riverside.example\n"+apptest.PracticeAdmin+"\n")
		if text := apptest.Text(other.Body); other.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "Line 2, email nobody in your organisation") {
			t.Errorf("someone of another organisation: %d %s", other.StatusCode, text)
		}
		if res := postRotaFile(t, a.SignIn(t, apptest.Nurse), "analyst@riverside.example\n"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse setting the rota: %d", res.StatusCode)
		}
		good := postRotaFile(t, analyst, "email\r\nadmin@riverside.example\r\n analyst@riverside.example \r\n")
		if good.StatusCode != http.StatusSeeOther {
			t.Fatalf("a good file: %d %s", good.StatusCode, apptest.Text(good.Body))
		}
		rota := apptest.Text(analyst.Get("/monitoring/notifications/rota").Body)
		if !strings.Contains(rota, "then round again: Priya Raman Aisha Begum") {
			t.Errorf("the rota is not in the file's order: %s", rota)
		}
		if audited(t, a, "on-call-rota", "update", mustSystem(t, a, apptest.TrustCode).OrgID) != 1 {
			t.Error("setting the rota from a file is not audited once")
		}
	})
}
