package training

import (
	"io"
	"net/http"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type ownLessonsView struct {
	web.Layout
	Lessons []ownLesson
}

type ownLesson struct {
	lesson.Lesson
	Roles string // the job roles it is written for, in words
}

// ownLessons lists the organisation's own lessons, with the form to add one.
func (h *Pages) ownLessons(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showOwnLessons(w, r, sc, http.StatusOK, nil)
}

func (h *Pages) showOwnLessons(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, formErr error) {
	ls, err := h.training.OwnLessons(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := ownLessonsView{Layout: h.Layout(r, "Your own lessons")}
	v.Back = "/training/needs"
	for _, l := range ls {
		o := ownLesson{Lesson: l}
		for i, role := range l.JobRoles {
			if i > 0 {
				o.Roles += ", "
			}
			o.Roles += org.JobRole(role).Label()
		}
		v.Lessons = append(v.Lessons, o)
	}
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "own", &v)
}

// ownLessonUpload adds a lesson file, checked as the built-in lessons are;
// every problem is listed with its line.
func (h *Pages) ownLessonUpload(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	refuse := func(err error) {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showOwnLessons(w, r, sc, http.StatusUnprocessableEntity, err)
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		refuse(vigil.InvalidFields("", map[string]string{"file": "Choose a lesson file to upload (Markdown, ending .md)."}))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, lesson.MaxFileBytes+1))
	if err != nil {
		refuse(err)
		return
	}
	l, err := h.training.AddLesson(r.Context(), sc, header.Filename, data)
	if err != nil {
		refuse(err)
		return
	}
	h.SetFlash(w, "Added the lesson “"+l.Title+"”. Make it required or offered for a job role below.")
	http.Redirect(w, r, "/training/needs", http.StatusSeeOther)
}
