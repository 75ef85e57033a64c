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
	Answers  string // every answer so far, this one included
	Last     bool   // the last question: next comes the result
	Next     string
}

// quizFeedback says straight away whether the answer was right, and why,
// kindly either way.
func (h *Pages) quizFeedback(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, ok := h.lesson(w, r)
	if !ok {
		return
	}
	answers, ok := parseAnswers(r.URL.Query().Get("answers"), l)
	if !ok || len(answers) >= len(l.Quiz) {
		http.Redirect(w, r, lessonPath(l)+"/quiz", http.StatusSeeOther)
		return
	}
	i := len(answers)
	q := l.Quiz[i]
	choice, err := strconv.Atoi(r.URL.Query().Get("choice"))
	if err != nil || choice < 0 || choice >= len(q.Options) {
		field := progress.QuestionField(i)
		h.ask(w, r, l, answers, http.StatusUnprocessableEntity,
			vigil.InvalidFields("Choose an answer.", map[string]string{field: "Choose the answer you think is right. It is fine to guess."}))
		return
	}
	answers = append(answers, choice)
	v := feedbackView{Layout: h.Layout(r, "Question "+strconv.Itoa(i+1)+": "+l.Title), Lesson: l, Number: i + 1, Question: q,
		Chosen: q.Options[choice], Right: q.Options[q.Right()], Correct: choice == q.Right(),
		Answers: formatAnswers(answers), Last: len(answers) == len(l.Quiz)}
	v.Next = lessonPath(l) + "/quiz?answers=" + v.Answers
	h.render(w, r, http.StatusOK, "feedback", &v)
}
