package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestTrainingAPI reads a person's lessons, the coverage, the needs
// analysis and the buddies; apptest checks each answer against the
// OpenAPI document.
func TestTrainingAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse := a.SignIn(t, apptest.Nurse)
		var plan struct {
			JobRole  string `json:"job_role"`
			PassMark int    `json:"pass_mark"`
			Required []struct {
				Lesson string `json:"lesson"`
				Status string `json:"status"`
			} `json:"required"`
		}
		getJSON(t, nurse, "/api/v1/training/me", &plan)
		statuses := map[string]int{}
		for _, r := range plan.Required {
			statuses[r.Status]++
		}
		if plan.JobRole != "nurse-midwife" || plan.PassMark != 80 || statuses["done"] != 5 || statuses["in-progress"] != 1 {
			t.Errorf("the nurse's plan: %+v", plan)
		}
		if res := nurse.Get("/api/v1/training/coverage"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse read coverage: %d", res.StatusCode)
		}

		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadTraining, vigil.ReadPeople)
		res := a.API(t, token, "GET", "/api/v1/training/coverage", "", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("coverage: %d %s", res.StatusCode, res.Body)
		}
		cov := decodeJSON[struct {
			Overall struct {
				People int `json:"people"`
			} `json:"overall"`
			ByJobRole []struct {
				Key string `json:"key"`
			} `json:"by_job_role"`
		}](t, res)
		if cov.Overall.People < 25 || len(cov.ByJobRole) != 8 {
			t.Errorf("coverage: %+v", cov)
		}
		// A token acts for nobody: it has no lessons of its own.
		if res := a.API(t, token, "GET", "/api/v1/training/me", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("a token's own training: %d", res.StatusCode)
		}
		type pairings struct {
			Items []struct {
				TeamName string `json:"team_name"`
				Buddy    *struct {
					Name string `json:"name"`
				} `json:"buddy"`
			} `json:"items"`
		}
		pairs := decodeJSON[pairings](t, a.API(t, token, "GET", "/api/v1/buddies", "", nil))
		withBuddy := 0
		for _, p := range pairs.Items {
			if p.Buddy != nil {
				withBuddy++
			}
		}
		if len(pairs.Items) != 16 || withBuddy != 8 {
			t.Errorf("%d teams, %d with a buddy; want 16 and 8", len(pairs.Items), withBuddy)
		}
		// Another organisation's token sees only its own.
		practice := tokenFor(t, a, apptest.PracticeCode, vigil.ReadTraining, vigil.ReadPeople)
		pairs = decodeJSON[pairings](t, a.API(t, practice, "GET", "/api/v1/buddies", "", nil))
		for _, p := range pairs.Items {
			if p.Buddy != nil {
				t.Errorf("the practice sees a buddy: %+v", p)
			}
		}
		var needs struct {
			PassMark  int `json:"pass_mark"`
			Curricula []struct {
				JobRole string `json:"job_role"`
			} `json:"curricula"`
		}
		getJSON(t, nurse, "/api/v1/training/needs", &needs)
		if needs.PassMark != 80 || len(needs.Curricula) != 8 {
			t.Errorf("needs: %+v", needs)
		}
	})
}

// The xAPI export pages through the organisation's attempts for a Learning
// Record Store; the answers match the OpenAPI document (apptest checks).
func TestTrainingStatementsAPI(t *testing.T) {
	a := apptest.Start(t)
	token := tokenFor(t, a, apptest.TrustCode, vigil.ReadTraining)
	type result struct {
		Statements []struct {
			ID   string `json:"id"`
			Verb struct {
				ID string `json:"id"`
			} `json:"verb"`
			Object struct {
				ID string `json:"id"`
			} `json:"object"`
		} `json:"statements"`
		More string `json:"more"`
	}
	first := decodeJSON[result](t, a.API(t, token, "GET", "/api/v1/training/statements?limit=3", "", nil))
	if len(first.Statements) < 3 || first.More == "" || !strings.HasPrefix(first.Statements[0].Object.ID, "http://localhost:8080/training/lessons/") {
		t.Fatalf("first page: %+v", first)
	}
	next := decodeJSON[result](t, a.API(t, token, "GET", first.More, "", nil))
	if len(next.Statements) == 0 || next.Statements[0].ID == first.Statements[0].ID {
		t.Errorf("the next page repeats the first: %+v", next.Statements)
	}
	if res := a.API(t, token, "GET", "/api/v1/training/statements?since=yesterday", "", nil); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad since: %d", res.StatusCode)
	}
}
