package training

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type screenView struct {
	web.Layout
	Lesson  lesson.Lesson
	Number  int // from 1
	Of      int
	Heading string
	Body    template.HTML
	Next    string // the next screen, or the quiz
}

// lessonScreen shows one short screen of a lesson, with the way on.
func (h *Pages) lessonScreen(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, ok := h.lesson(w, r, sc)
	if !ok {
		return
	}
	n := 1
	if s := r.PathValue("n"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 || n > len(l.Screens) {
			h.NotFound(w, r)
			return
		}
	}
	screen := l.Screens[n-1]
	v := screenView{Layout: h.Layout(r, l.Title), Lesson: l, Number: n, Of: len(l.Screens), Heading: screen.Title,
		Body: screen.Body.HTML(h.contacts(r, sc)), Next: quizPath(l, 1)}
	v.Back = "/training"
	if n > 1 {
		v.Back = lessonPath(l) + "/screens/" + strconv.Itoa(n-1)
	}
	if n < len(l.Screens) {
		v.Next = lessonPath(l) + "/screens/" + strconv.Itoa(n+1)
	}
	h.render(w, r, http.StatusOK, "screen", &v)
}

func lessonPath(l lesson.Lesson) string { return "/training/lessons/" + l.ID }

// quizPath is question n (from 1) of a lesson's quiz.
func quizPath(l lesson.Lesson, n int) string { return lessonPath(l) + "/quiz/" + strconv.Itoa(n) }

// lesson finds the lesson named in the path, built-in or the
// organisation's own, or says there is none.
func (h *Pages) lesson(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (lesson.Lesson, bool) {
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return lesson.Lesson{}, false
	}
	l, ok := lib.Lesson(r.PathValue("id"))
	if !ok {
		h.NotFound(w, r)
	}
	return l, ok
}
