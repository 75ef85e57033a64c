package training

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// quizSubmit marks the quiz, records it, and shows the result on a page
// of its own, so that reloading it does not take the quiz again.
func (h *Pages) quizSubmit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, ok := h.lesson(w, r, sc)
	if !ok {
		return
	}
	answers, ok := parseAnswers(r.PostFormValue("answers"), l)
	if !ok || len(answers) != len(l.Quiz) {
		// An answer went missing on the way: start the quiz again.
		http.Redirect(w, r, quizPath(l, 1), http.StatusSeeOther)
		return
	}
	res, err := h.training.Submit(r.Context(), sc, l.ID, answers, r.PostFormValue("attempt_id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/training/results/"+res.AttemptID, http.StatusSeeOther)
}

type resultView struct {
	web.Layout
	Result progress.Result
	Retry  string
}

func (h *Pages) quizResult(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	res, err := h.training.Attempt(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	title := "You passed"
	if !res.Passed {
		title = "Not this time"
	}
	v := resultView{Layout: h.Layout(r, title+": "+res.Lesson.Title), Result: res, Retry: quizPath(res.Lesson, 1)}
	h.render(w, r, http.StatusOK, "result", &v)
}
