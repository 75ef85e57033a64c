package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

var hrefPattern = regexp.MustCompile(`href="(/[^"]*)"`)

// TestCyberHelp: a nurse finds Cyber help from the home page and the
// report journey, searches it in her own words, and reads an answer with
// her trust's service desk number, the way to report and the lesson; every
// link on the answer leads to a page.
func TestCyberHelp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse := a.SignIn(t, apptest.Nurse)
		if home := nurse.Get("/"); !strings.Contains(home.Body, `href="/help"`) {
			t.Error("the home page does not link to Cyber help")
		}
		if start := nurse.Get("/report"); !strings.Contains(start.Body, `href="/help"`) {
			t.Error("the report journey does not link to Cyber help")
		}
		all := nurse.Get("/help")
		if all.StatusCode != http.StatusOK || strings.Count(all.Body, `href="/help/`) < 30 {
			t.Fatalf("Cyber help answers %d with %d questions, want at least 30", all.StatusCode, strings.Count(all.Body, `href="/help/`))
		}
		found := nurse.Get("/help?q=" + url.QueryEscape("whatsapp photo"))
		_, results, _ := strings.Cut(found.Body, "Answers for")
		first, _, _ := strings.Cut(results, "</li>")
		if !strings.Contains(first, `href="/help/whatsapp-patient-photo"`) {
			t.Errorf("searching for a WhatsApp photo does not find the answer:\n%s", apptest.Text(found.Body))
		}
		if none := nurse.Get("/help?q=zzqx"); !strings.Contains(apptest.Text(none.Body), `No answers for "zzqx"`) {
			t.Error("a search that finds nothing does not say so")
		}

		answer := nurse.Get("/help/clicked-a-link")
		text := apptest.Text(answer.Body)
		for _, want := range []string{"I think I clicked a link", "0300 555 0142", "Report it", "Learn more"} {
			if !strings.Contains(text, want) {
				t.Errorf("the answer lacks %q:\n%s", want, text)
			}
		}
		_, content, _ := strings.Cut(answer.Body, "<main")
		for _, m := range hrefPattern.FindAllStringSubmatch(content, -1) {
			if r := nurse.Get(m[1]); r.StatusCode != http.StatusOK {
				t.Errorf("the answer links to %s, which answers %d", m[1], r.StatusCode)
			}
		}
		if r := nurse.Get("/help/no-such-answer"); r.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown answer: %d", r.StatusCode)
		}
		if r := a.Anonymous(t).Get("/help"); r.StatusCode == http.StatusOK && strings.Contains(r.Body, "clicked-a-link") {
			t.Error("Cyber help shows the organisation's answers to someone not signed in")
		}
	})
}
