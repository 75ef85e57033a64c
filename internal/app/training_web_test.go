package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// quizPath walks a lesson's quiz as a learner does, one question at a time,
// and returns the answers sent; wrong lists the questions (from 0) to get wrong.
func takeQuiz(t *testing.T, c *apptest.Client, l lesson.Lesson, wrong ...int) apptest.Response {
	t.Helper()
	var answers []string
	for i, q := range l.Quiz {
		choice := q.Right()
		for _, w := range wrong {
			if w == i {
				choice = (q.Right() + 1) % len(q.Options)
			}
		}
		so := strings.Join(answers, ",")
		pageSays(t, c, fmt.Sprintf("/training/lessons/%s/quiz/%d?answers=%s", l.ID, i+1, so), http.StatusOK, fmt.Sprintf("question %d of %d", i+1, len(l.Quiz)), q.Text)
		want := "That's right"
		if choice != q.Right() {
			want = "Not quite"
		}
		pageSays(t, c, fmt.Sprintf("/training/lessons/%s/quiz/%d/feedback?answers=%s&choice=%d", l.ID, i+1, so, choice), http.StatusOK,
			want, q.Options[choice].Explanation)
		answers = append(answers, fmt.Sprint(choice))
	}
	res := c.PostForm("/training/lessons/"+l.ID+"/quiz", url.Values{"answers": {strings.Join(answers, ",")}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send the quiz: %d: %s", res.StatusCode, apptest.Text(res.Body))
	}
	return c.Get(res.Header.Get("Location"))
}

func TestANurseFailsThenPassesAQuiz(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse := a.SignIn(t, apptest.Nurse)
		l, _ := a.Content.Lessons.Lesson("when-systems-go-down")
		// The demo nurse has lessons to do, one in progress, and lessons done.
		pageSays(t, nurse, "/training", http.StatusOK, "My training", "To do", l.Title, "In progress", "Done", "Due again",
			"Your IT buddy: Tom Hughes", "Call Tom Hughes on 0300 555 0150")
		for n := range l.Screens {
			path := "/training/lessons/" + l.ID
			if n > 0 {
				path += fmt.Sprintf("/screens/%d", n+1)
			}
			pageSays(t, nurse, path, http.StatusOK, l.Screens[n].Title, fmt.Sprintf("screen %d of %d", n+1, len(l.Screens)))
		}
		pageSays(t, nurse, "/training/lessons/"+l.ID+"/quiz/1/feedback?answers=", http.StatusUnprocessableEntity, "Choose the answer you think is right")

		failed := takeQuiz(t, nurse, l, 0)
		if text := apptest.Text(failed.Body); !strings.Contains(text, "Not this time") || !strings.Contains(text, "Try the quiz again") || !strings.Contains(text, "The best answer") {
			t.Errorf("the fail page says: %s", text)
		}
		pageSays(t, nurse, "/training", http.StatusOK, "Last try: ")
		passed := takeQuiz(t, nurse, l)
		if text := apptest.Text(passed.Body); !strings.Contains(text, "You passed") || !strings.Contains(text, fmt.Sprintf("%d of %d right", len(l.Quiz), len(l.Quiz))) {
			t.Errorf("the pass page says: %s", text)
		}
		page := nurse.Get("/training").Body
		done := page[strings.Index(page, ">Done<"):]
		if !strings.Contains(done, l.Title) {
			t.Error("the passed lesson is not under Done")
		}
		// Another person cannot read the nurse's result.
		result := regexp.MustCompile(`/training/results/[0-9A-Za-z]+`).FindString(passedPath(t, nurse, l))
		other := a.SignIn(t, apptest.Analyst)
		pageSays(t, other, result, http.StatusNotFound)
	})
}

// passedPath sends a right quiz and returns where the result is.
func passedPath(t *testing.T, c *apptest.Client, l lesson.Lesson) string {
	t.Helper()
	answers := make([]string, len(l.Quiz))
	for i, q := range l.Quiz {
		answers[i] = fmt.Sprint(q.Right())
	}
	return c.PostForm("/training/lessons/"+l.ID+"/quiz", url.Values{"answers": {strings.Join(answers, ",")}}).Header.Get("Location")
}

// Every page of every lesson is light enough for a ward phone on a weak
// signal: under 50 KB of HTML, with the styles and scripts cached.
func TestLessonPagesAreUnder50KB(t *testing.T) {
	a := apptest.Start(t)
	nurse := a.SignIn(t, apptest.Nurse)
	const limit = 50 << 10
	biggest, where := 0, ""
	check := func(path string) {
		res := nurse.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if len(res.Body) > biggest {
			biggest, where = len(res.Body), path
		}
		if len(res.Body) >= limit {
			t.Errorf("GET %s is %d bytes, over 50 KB", path, len(res.Body))
		}
	}
	for _, l := range a.Content.Lessons.All() {
		for n := range l.Screens {
			check(fmt.Sprintf("/training/lessons/%s/screens/%d", l.ID, n+1))
		}
		var so []string
		for i, q := range l.Quiz {
			check(fmt.Sprintf("/training/lessons/%s/quiz/%d?answers=%s", l.ID, i+1, strings.Join(so, ",")))
			check(fmt.Sprintf("/training/lessons/%s/quiz/%d/feedback?answers=%s&choice=%d", l.ID, i+1, strings.Join(so, ","), (q.Right()+1)%len(q.Options)))
			so = append(so, fmt.Sprint(i%len(q.Options)))
		}
		res := nurse.PostForm("/training/lessons/"+l.ID+"/quiz", url.Values{"answers": {strings.Join(so, ",")}})
		check(res.Header.Get("Location"))
	}
	check("/training")
	t.Logf("largest lesson page: %s, %d bytes", where, biggest)
}

func TestBuddiesAndCoverageForManagers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		pageSays(t, admin, "/training/buddies", http.StatusOK, "IT buddies", "Tom Hughes", "Marcus Reid", "More than 4 teams", "No buddy", "Outpatients")
		teams, err := a.Orgs.Teams(context.Background(), mustSystem(t, a, apptest.TrustCode))
		if err != nil {
			t.Fatal(err)
		}
		var outpatients string
		for _, tm := range teams {
			if tm.Name == "Outpatients" {
				outpatients = tm.ID
			}
		}
		page := admin.Get("/training/buddies").Body
		tom := regexp.MustCompile(`<option value="([0-9A-Za-z]+)">Tom Hughes`).FindStringSubmatch(page)
		if tom == nil {
			t.Fatal("Tom is not offered as a buddy")
		}
		res := admin.PostForm("/training/buddies", url.Values{"team": {outpatients}, "buddy": {tom[1]}, "phone": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "Enter the number to call the buddy on") {
			t.Errorf("no phone: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		res = admin.PostForm("/training/buddies", url.Values{"team": {outpatients}, "buddy": {tom[1]}, "phone": {"0300 555 0150"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("assign: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		pageSays(t, admin, "/training/buddies", http.StatusOK, "Tom Hughes: 4 teams")

		// The practice's admin can neither see nor remove the trust's buddies.
		practice := a.SignIn(t, apptest.PracticeAdmin)
		if strings.Contains(practice.Get("/training/buddies").Body, "Tom Hughes") {
			t.Error("the practice sees the trust's buddies")
		}
		if res := practice.PostForm("/training/buddies/"+outpatients+"/remove", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the practice removed a trust buddy: %d", res.StatusCode)
		}

		// Staff reach their buddy from the home page, and cannot see coverage.
		nurse := a.SignIn(t, apptest.Nurse)
		home := pageSays(t, nurse, "/", http.StatusOK, "Your IT buddy", "Tom Hughes helps your team", "My training")
		if !strings.Contains(home, `href="tel:03005550150"`) {
			t.Error("the home page has no tap-to-call link to the buddy")
		}
		pageSays(t, nurse, "/training/coverage", http.StatusForbidden)
		if res := nurse.Get("/training/coverage.csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse downloaded coverage: %d", res.StatusCode)
		}
		csvRes := a.SignIn(t, apptest.Analyst).Get("/training/coverage.csv")
		if csvRes.StatusCode != http.StatusOK || !strings.HasPrefix(csvRes.Body, "group,name,staff,up_to_date") ||
			!strings.Contains(csvRes.Body, "job role,Nurse or midwife,") || !strings.Contains(csvRes.Body, "team,Ward 7 (Acute Medicine),") {
			t.Errorf("coverage CSV: %d %s", csvRes.StatusCode, csvRes.Body)
		}
		pageSays(t, a.SignIn(t, apptest.Analyst), "/training/coverage", http.StatusOK, "Training coverage", "Staff up to date",
			"against a target of 95%", "Coverage by job role", "Nurse or midwife", "Coverage by team", "Ward 7 (Acute Medicine)")
	})
}

func TestAdminsChangeTheNeedsAnalysis(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		pageSays(t, admin, "/training/needs", http.StatusOK, "Training needs analysis", "Vigil's defaults", "Nurse or midwife", "9 required lessons, renewed every 12 months")
		res := admin.PostForm("/training/pass-mark", url.Values{"pass_mark": {"40"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "Enter a pass mark from 50 to 100") {
			t.Errorf("a 40%% pass mark: %d", res.StatusCode)
		}
		if res := admin.PostForm("/training/pass-mark", url.Values{"pass_mark": {"75%"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a 75%% pass mark: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		form := url.Values{"refresh_months": {"24"}, "lesson-spotting-phishing": {"required"}, "lesson-ransomware": {"recommended"}}
		if res := admin.PostForm("/training/needs/nurse-midwife", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save the nurses' lessons: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		needs := pageSays(t, admin, "/training/needs", http.StatusOK, "1 required lessons, renewed every 24 months, and 1 more offered")
		if !strings.Contains(needs, `value="75"`) {
			t.Error("the pass mark shown is not 75")
		}
		form.Set("refresh_months", "0")
		res = admin.PostForm("/training/needs/nurse-midwife", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "Enter a number of months from 1 to 36") {
			t.Errorf("0 months: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		nurse := a.SignIn(t, apptest.Nurse)
		pageSays(t, nurse, "/training/needs/nurse-midwife", http.StatusForbidden)
		if res := nurse.PostForm("/training/pass-mark", url.Values{"pass_mark": {"50"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse set the pass mark: %d", res.StatusCode)
		}
	})
}

// mustSystem is an organisation's own scope, for a test to look things up.
func mustSystem(t *testing.T, a *apptest.App, code string) vigil.Scope {
	t.Helper()
	o, err := a.Orgs.OrganisationByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o.System("test")
}

// Training coverage is evidence for CAF outcome B6.b and a figure on the
// board dashboard.
func TestTrainingCoverageReachesTheBoardAndTheSelfAssessment(t *testing.T) {
	a := apptest.Start(t)
	analyst := a.SignIn(t, apptest.Analyst)
	pageSays(t, analyst, "/assessment/caf-v4/outcomes/B6.b", http.StatusOK, "What Vigil already knows",
		"are up to date with the cyber security lessons their job role needs", "the 95% measure")
	admin := a.SignIn(t, apptest.Admin)
	pageSays(t, admin, "/board", http.StatusOK, "Staff up to date with their cyber security training",
		"Staff who completed their training in the last 12 months (target 95%)", "Staff with a training lesson overdue")
}

// The pieces that let a phone install Vigil and finish a lesson offline:
// the manifest, the service worker at the root, the list of pages a lesson
// keeps (each of which answers), and a quiz sent twice with the same id
// recorded once.
func TestOfflineLessons(t *testing.T) {
	a := apptest.Start(t)
	nurse := a.SignIn(t, apptest.Nurse)
	if res := nurse.Get("/manifest.webmanifest"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"start_url":"/training"`) {
		t.Errorf("manifest: %d %s", res.StatusCode, res.Body)
	}
	if !strings.Contains(nurse.Get("/").Body, `<link rel="manifest" href="/manifest.webmanifest">`) {
		t.Error("pages do not link the manifest")
	}
	for _, script := range []string{"/sw.js", "/training/offline.js"} {
		res := a.Anonymous(t).Get(script)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("%s: %d %s", script, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	l, _ := a.Content.Lessons.Lesson("ransomware")
	res := nurse.Get("/training/lessons/" + l.ID + "/offline")
	list := decodeJSON[struct {
		Cache string   `json:"cache"`
		Pages []string `json:"pages"`
	}](t, res)
	options := 0
	for _, q := range l.Quiz {
		options += len(q.Options)
	}
	if want := 7 + len(l.Screens) + len(l.Quiz) + options; len(list.Pages) != want {
		t.Errorf("%d pages kept, want %d", len(list.Pages), want)
	}
	for _, p := range list.Pages {
		if res := nurse.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("kept page %s answers %d", p, res.StatusCode)
		}
	}

	answers := make([]string, len(l.Quiz))
	for i, q := range l.Quiz {
		answers[i] = fmt.Sprint(q.Right())
	}
	form := url.Values{"answers": {strings.Join(answers, ",")}, "attempt_id": {"5f0c1b2e-8d4a-4e6b-9c3d-7a1e2f4b6c8d"}}
	first := nurse.PostForm("/training/lessons/"+l.ID+"/quiz", form)
	again := nurse.PostForm("/training/lessons/"+l.ID+"/quiz", form)
	if first.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != first.Header.Get("Location") {
		t.Errorf("sent twice: %d %s, then %s", first.StatusCode, first.Header.Get("Location"), again.Header.Get("Location"))
	}
	grace, _, err := a.Orgs.ActivePersonByEmail(context.Background(), mustSystem(t, a, apptest.TrustCode), apptest.Nurse)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM training_attempts WHERE lesson_id = $1 AND user_id = $2`, l.ID, grace).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d attempts recorded (%v), want 1", n, err)
	}
}

// An admin uploads the organisation's own lesson; a broken file is refused
// with the line that is wrong; the lesson then opens for its staff.
func TestUploadAnOwnLesson(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	file, err := os.ReadFile("../training/progress/testdata/rxx-ward-handover.md")
	if err != nil {
		t.Fatal(err)
	}
	upload := func(c *apptest.Client, data []byte) apptest.Response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		_ = w.WriteField("csrf_token", c.CSRF())
		part, _ := w.CreateFormFile("file", "rxx-ward-handover.md")
		_, _ = part.Write(data)
		_ = w.Close()
		return c.Do(http.MethodPost, "/training/own-lessons", w.FormDataContentType(), &body)
	}
	res := upload(admin, bytes.Replace(file, []byte("minutes: 3"), []byte("minutes: 30"), 1))
	if text := apptest.Text(res.Body); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, "line 5") {
		t.Errorf("a 30-minute lesson: %d %s", res.StatusCode, text)
	}
	if res := upload(admin, file); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	pageSays(t, admin, "/training/own-lessons", http.StatusOK, "Handover sheets and the ward printer", "Nurse or midwife, Doctor")
	nurse := a.SignIn(t, apptest.Nurse)
	pageSays(t, nurse, "/training/lessons/rxx-ward-handover", http.StatusOK, "Sam's early shift")
	if res := upload(nurse, file); res.StatusCode != http.StatusForbidden {
		t.Errorf("a nurse uploaded a lesson: %d", res.StatusCode)
	}
	pageSays(t, a.SignIn(t, apptest.PracticeAdmin), "/training/lessons/rxx-ward-handover", http.StatusNotFound)
}
