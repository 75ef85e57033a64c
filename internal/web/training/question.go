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
// sent, and the pages work without JavaScript or a session store. A page
// is the same whatever the answers before it, so that a phone can keep a
// copy of every page to finish a lesson offline; its script then takes the
// answers from the address.

type questionView struct {
	web.Layout
	Lesson   lesson.Lesson
	Number   int // from 1
	Question lesson.Question
	Field    string
	Answers  string // the answers before this question
	Feedback string // where the answer goes
}

// quizQuestion asks question n.
func (h *Pages) quizQuestion(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, n, answers, ok := h.quizStep(w, r, sc)
	if !ok {
		return
	}
	h.ask(w, r, l, n, answers, http.StatusOK, nil)
}

// quizStep reads the lesson, the question number and the answers so far
// from the request; a question that does not exist starts the quiz again.
func (h *Pages) quizStep(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (lesson.Lesson, int, []int, bool) {
	l, ok := h.lesson(w, r, sc)
	if !ok {
		return l, 0, nil, false
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	answers, valid := parseAnswers(r.URL.Query().Get("answers"), l)
	if err != nil || n < 1 || n > len(l.Quiz) || !valid || len(answers) >= n {
		http.Redirect(w, r, quizPath(l, 1), http.StatusSeeOther)
		return l, 0, nil, false
	}
	return l, n, answers, true
}

func (h *Pages) ask(w http.ResponseWriter, r *http.Request, l lesson.Lesson, n int, answers []int, status int, err error) {
	v := questionView{Layout: h.Layout(r, "Question "+strconv.Itoa(n)+": "+l.Title), Lesson: l, Number: n, Question: l.Quiz[n-1],
		Field: progress.QuestionField(n - 1), Answers: formatAnswers(answers), Feedback: quizPath(l, n) + "/feedback"}
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
