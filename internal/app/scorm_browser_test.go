package app_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/app/browsertest"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/training/scorm"
)

// lmsPage is a learning system as far as a SCORM 1.2 lesson sees one: a
// page with the run-time API on its window that records every call, and
// the lesson in a frame below it. The test opens the lesson in the frame
// once the page itself has been checked for accessibility, as the checks
// hold every new document until then.
const lmsPage = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Test learning system</title>
<script>
window.calls = [];
window.cmi = {};
window.API = {
  LMSInitialize: function (a) { calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue: function (k) { calls.push(["LMSGetValue", k]); return cmi[k] || ""; },
  LMSSetValue: function (k, v) { calls.push(["LMSSetValue", k, v]); cmi[k] = v; return "true"; },
  LMSCommit: function (a) { calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish: function (a) { calls.push(["LMSFinish", a]); return "true"; },
  LMSGetLastError: function () { return "0"; },
  LMSGetErrorString: function () { return ""; },
  LMSGetDiagnostic: function () { return ""; }
};
</script></head>
<body><main><h1>Test learning system</h1>
<iframe title="Lesson" id="lesson" style="width:100%;height:600px"></iframe>
</main></body></html>`

// TestBrowserSCORMPackage loads a lesson's package in a frame of a fake
// learning system, as a learner would use it: the quiz will not mark with
// a question unanswered, a fail is reported with its score, and after a
// second try the pass is reported and the session finished.
func TestBrowserSCORMPackage(t *testing.T) {
	ctx := browsertest.New(t)
	l, ok := builtInLessons(t).Lesson("spotting-phishing")
	if !ok {
		t.Fatal("no phishing lesson")
	}
	var zipped bytes.Buffer
	if err := scorm.Write(&zipped, scorm.For(l, progress.DefaultPassMark, prose.Contacts{Organisation: "Riverside"}, time.Now())); err != nil {
		t.Fatal(err)
	}
	files, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /sco/", http.StripPrefix("/sco/", http.FileServerFS(files)))
	mux.HandleFunc("GET /lms", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, lmsPage)
	})
	lms := httptest.NewServer(mux)
	defer lms.Close()

	// On its own, with no learning system about, the page still works.
	if err := chromedp.Do(ctx, chromedp.Navigate(lms.URL+"/sco/index.html"), chromedp.WaitVisible(chromedp.CSS(`#check`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(lms.URL+"/lms")); err != nil {
		t.Fatal(err)
	}
	if checked := browsertest.Checked(t, ctx); !slices.Contains(checked, "/sco/") || !slices.Contains(checked, "/lms") { // the file server serves index.html as its folder
		t.Errorf("pages checked: %v", checked)
	}
	frame := `document.querySelector("iframe").contentDocument`
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { `+js+`; return true; })()`)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	eval(`document.getElementById("lesson").src = "/sco/index.html"`)
	calls := func() [][]string {
		t.Helper()
		c, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`window.calls`))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	waitFor := func(what, js string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		}
		t.Fatalf("waited in vain for %s; calls %v", what, calls())
	}
	answer := func(wrong int) {
		t.Helper()
		for i, q := range l.Quiz {
			choice := q.Right()
			if i == wrong {
				choice = (choice + 1) % len(q.Options)
			}
			eval(fmt.Sprintf(`%s.getElementById("q%d-%d").click()`, frame, i+1, choice))
		}
		eval(frame + `.getElementById("check").click()`)
	}
	waitFor("the lesson to start its session", `window.calls.some((c) => c[0] === "LMSInitialize")`)
	if c := calls(); c[0][0] != "LMSInitialize" || !slices.Contains(c[len(c)-2], "incomplete") {
		t.Errorf("the lesson began with %v, want LMSInitialize and then incomplete", c)
	}

	eval(frame + `.getElementById("check").click()`)
	waitFor("the error summary", `!`+frame+`.getElementById("quiz-errors").hidden`)
	if strings.Contains(fmt.Sprint(calls()), "cmi.core.score.raw") {
		t.Error("an unanswered quiz was scored")
	}

	answer(0)
	waitFor("the fail to be reported", `window.cmi["cmi.core.lesson_status"] === "failed"`)
	wantScore := fmt.Sprint((len(l.Quiz) - 1) * 100 / len(l.Quiz))
	if c := calls(); !slices.ContainsFunc(c, func(call []string) bool {
		return slices.Equal(call, []string{"LMSSetValue", "cmi.core.score.raw", wantScore})
	}) ||
		c[len(c)-1][0] != "LMSCommit" {
		t.Errorf("after a fail, calls %v; want score %s then a commit", c, wantScore)
	}
	if text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](frame+`.getElementById("result-heading").textContent`)); text != "Not passed yet" {
		t.Errorf("after a fail the page says %q", text)
	}

	eval(frame + `.getElementById("again").click()`)
	answer(-1)
	waitFor("the pass to be reported", `window.cmi["cmi.core.lesson_status"] === "passed"`)
	c := calls()
	if !slices.ContainsFunc(c, func(call []string) bool {
		return slices.Equal(call, []string{"LMSSetValue", "cmi.core.score.raw", "100"})
	}) {
		t.Errorf("no score of 100 in %v", c)
	}
	if last := c[len(c)-1]; last[0] != "LMSFinish" || c[len(c)-2][0] != "LMSCommit" {
		t.Errorf("the pass ended with %v, want a commit and then LMSFinish", c[len(c)-2:])
	}
	browsertest.Screenshot(t, ctx, "scorm-passed")
	if text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](frame+`.getElementById("result-heading").textContent`)); text != "You passed" {
		t.Errorf("after a pass the page says %q", text)
	}
}

// builtInLessons are Vigil's own lessons, read as the app reads them.
func builtInLessons(t *testing.T) lesson.Library {
	t.Helper()
	v := builtin.Vocabulary()
	c, err := content.Load(v)
	if err != nil {
		t.Fatal(err)
	}
	return c.Lessons
}
