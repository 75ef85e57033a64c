package training

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// The quiz is one question a page. The answers so far travel in the
// address (?answers=1,0), so nothing is stored until the last answer is
// sent, and the page works without JavaScript or a session store.

type questionView struct {
	web.Layout
	Lesson   lesson.Lesson
	Number   int // from 1
	Question lesson.Question
	Field    string
	Answers  string // the answers before this question
	Chosen   int
}

// quizQuestion asks the next unanswered question.
func (h *Pages) quizQuestion(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, ok := h.lesson(w, r)
	if !ok {
		return
	}
	answers, ok := parseAnswers(r.URL.Query().Get("answers"), l)
	if !ok || len(answers) >= len(l.Quiz) {
		http.Redirect(w, r, lessonPath(l)+"/quiz", http.StatusSeeOther)
		return
	}
	h.ask(w, r, l, answers, http.StatusOK, nil)
}

func (h *Pages) ask(w http.ResponseWriter, r *http.Request, l lesson.Lesson, answers []int, status int, err error) {
	i := len(answers)
	v := questionView{Layout: h.Layout(r, "Question "+strconv.Itoa(i+1)+": "+l.Title), Lesson: l, Number: i + 1, Question: l.Quiz[i],
		Field: progress.QuestionField(i), Answers: formatAnswers(answers), Chosen: progress.NoAnswer}
	v.Back = lessonPath(l) + "/screens/" + strconv.Itoa(len(l.Screens))
	if err != nil {
		v.SetErrors(err)
	}
	h.render(w, r, status, "question", &v)
}

// parseAnswers reads the answers so far: option positions, one per
// question answered, each within its question's options.
func parseAnswers(s string, l lesson.Lesson) ([]int, bool) {
	if s == "" {
		return nil, true
	}
	parts := strings.Split(s, ",")
	if len(parts) > len(l.Quiz) {
		return nil, false
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n >= len(l.Quiz[i].Options) {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

func formatAnswers(answers []int) string {
	parts := make([]string, len(answers))
	for i, a := range answers {
		parts[i] = strconv.Itoa(a)
	}
	return strings.Join(parts, ",")
}
