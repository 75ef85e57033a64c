package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestMostFailedQuestionsOnTheCoveragePage: the demo staff often get the
// QR-code question wrong; the training lead sees it on the coverage page
// and over the API, with the wrong answer chosen most, and a nurse sees
// neither.
func TestMostFailedQuestionsOnTheCoveragePage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		page := a.SignIn(t, apptest.Analyst).Get("/training/coverage")
		if page.StatusCode != http.StatusOK {
			t.Fatalf("coverage page: %d", page.StatusCode)
		}
		text := apptest.Text(page.Body)
		_, after, ok := strings.Cut(text, "Quiz questions most often answered wrongly")
		if !ok || !strings.Contains(after, "question 2") || !strings.Contains(after, "QR code") || !strings.Contains(after, "The wrong answer chosen most") {
			t.Fatalf("the coverage page shows no most-failed questions:\n%s", after)
		}

		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadTraining)
		res := a.API(t, token, "GET", "/api/v1/training/questions?limit=3", "", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("most failed questions: %d %s", res.StatusCode, res.Body)
		}
		got := decodeJSON[struct {
			Items []struct {
				Lesson         string `json:"lesson"`
				Number         int    `json:"number"`
				Answers        int    `json:"answers"`
				WrongPercent   int    `json:"wrong_percent"`
				LikeliestWrong string `json:"likeliest_wrong"`
			} `json:"items"`
		}](t, res)
		if len(got.Items) == 0 || len(got.Items) > 3 {
			t.Fatalf("%d questions, want 1 to 3: %+v", len(got.Items), got.Items)
		}
		first := got.Items[0]
		if first.Lesson != "spotting-phishing" || first.Number != 2 || first.WrongPercent < 40 || first.LikeliestWrong == "" {
			t.Errorf("the worst question: %+v", first)
		}
		if r := a.API(t, token, "GET", "/api/v1/training/questions?limit=0", "", nil); r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a limit of 0 answers %d", r.StatusCode)
		}
		if r := a.SignIn(t, apptest.Nurse).Get("/api/v1/training/questions"); r.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse read the most failed questions: %d", r.StatusCode)
		}
		// Another organisation's lead sees only their own staff's answers: none.
		other := a.SignIn(t, apptest.PracticeAdmin).Get("/training/coverage")
		if strings.Contains(apptest.Text(other.Body), "wrong answer chosen most") {
			t.Error("the practice sees the trust's quiz answers")
		}
	})
}
