package training

import (
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type feedbackView struct {
	web.Layout
	Lesson   lesson.Lesson
	Number   int
	Question lesson.Question
	Chosen   lesson.Option
	Right    lesson.Option
	Correct  bool
	Choice   int
	Answers  string // every answer so far, this one included
	Last     bool   // the last question: next comes the result
	Next     string // the next question, without the answers
}

// quizFeedback says straight away whether the answer was right, and why,
// kindly either way.
func (h *Pages) quizFeedback(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, n, answers, ok := h.quizStep(w, r, sc)
	if !ok {
		return
	}
	q := l.Quiz[n-1]
	choice, err := strconv.Atoi(r.URL.Query().Get("choice"))
	if err != nil || choice < 0 || choice >= len(q.Options) {
		field := progress.QuestionField(n - 1)
		h.ask(w, r, l, n, answers, http.StatusUnprocessableEntity,
			vigil.InvalidFields("Choose an answer.", map[string]string{field: "Choose the answer you think is right. It is fine to guess."}))
		return
	}
	answers = append(answers, choice)
	v := feedbackView{Layout: h.Layout(r, "Question "+strconv.Itoa(n)+": "+l.Title), Lesson: l, Number: n, Question: q,
		Chosen: q.Options[choice], Right: q.Options[q.Right()], Correct: choice == q.Right(), Choice: choice,
		Answers: formatAnswers(answers), Last: n == len(l.Quiz)}
	if !v.Last {
		v.Next = quizPath(l, n+1)
	}
	h.render(w, r, http.StatusOK, "feedback", &v)
}
