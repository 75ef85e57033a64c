package training

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type needsView struct {
	web.Layout
	Needs     progress.Needs
	Rows      []curriculumRow
	CanChange bool
	PassMark  string
	Updated   string
}

type curriculumRow struct {
	programme.Curriculum
	RoleLabel string
	Lessons   []string // titles of the required lessons
}

// needs shows the training needs analysis: each job role's lessons and
// how often they are renewed, and the quiz pass mark.
func (h *Pages) needs(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showNeeds(w, r, sc, http.StatusOK, "", nil)
}

func (h *Pages) showNeeds(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typedMark string, formErr error) {
	n, err := h.training.Needs(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := needsView{Layout: h.Layout(r, "Training needs analysis"), Needs: n, CanChange: sc.Can(vigil.ManageTraining), PassMark: strconv.Itoa(n.PassMark)}
	if n.Own {
		v.Updated = day(n.UpdatedAt) + " by " + n.UpdatedBy
	}
	for _, c := range n.Curricula {
		row := curriculumRow{Curriculum: c, RoleLabel: org.JobRole(c.JobRole).Label()}
		for _, id := range c.Required {
			if l, ok := lib.Lesson(id); ok {
				row.Lessons = append(row.Lessons, l.Title)
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if formErr != nil {
		v.PassMark = typedMark
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "needs", &v)
}

func (h *Pages) passMarkSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	typed := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("pass_mark")), "%"))
	mark, err := strconv.Atoi(typed)
	if err != nil {
		mark = -1 // refused below with the message that says what to enter
	}
	if _, err := h.training.SetPassMark(r.Context(), sc, mark); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showNeeds(w, r, sc, http.StatusUnprocessableEntity, r.PostFormValue("pass_mark"), err)
		return
	}
	h.SetFlash(w, "The pass mark is now "+strconv.Itoa(mark)+"%.")
	http.Redirect(w, r, "/training/needs", http.StatusSeeOther)
}

type curriculumView struct {
	web.Layout
	Curriculum programme.Curriculum
	RoleLabel  string
	Choices    []lessonChoice
	Refresh    string
}

type lessonChoice struct {
	Lesson             lesson.Lesson
	Required, Optional bool
}

func (h *Pages) curriculumForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	n, err := h.training.Needs(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	c, ok := n.For(r.PathValue("role"))
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.showCurriculum(w, r, sc, http.StatusOK, c, strconv.Itoa(c.RefreshMonths), nil)
}

func (h *Pages) showCurriculum(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, c programme.Curriculum, refresh string, formErr error) {
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	role := org.JobRole(c.JobRole)
	v := curriculumView{Layout: h.Layout(r, "Lessons for "+role.Label()), Curriculum: c, RoleLabel: role.Label(), Refresh: refresh}
	v.Back = "/training/needs"
	for _, l := range lib.For(c.JobRole) {
		v.Choices = append(v.Choices, lessonChoice{Lesson: l, Required: c.Requires(l.ID), Optional: slices.Contains(c.Recommended, l.ID)})
	}
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "curriculum", &v)
}

// curriculumSave keeps an admin's choice of lessons for one job role: each
// lesson written for the role is required, offered, or left out.
func (h *Pages) curriculumSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	role := r.PathValue("role")
	c := programme.Curriculum{JobRole: role}
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, l := range lib.For(role) {
		switch r.PostFormValue("lesson-" + l.ID) {
		case "required":
			c.Required = append(c.Required, l.ID)
		case "recommended":
			c.Recommended = append(c.Recommended, l.ID)
		}
	}
	refresh := r.PostFormValue("refresh_months")
	c.RefreshMonths, _ = strconv.Atoi(strings.TrimSpace(refresh))
	if _, err := h.training.SaveCurriculum(r.Context(), sc, c); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showCurriculum(w, r, sc, http.StatusUnprocessableEntity, c, refresh, err)
		return
	}
	h.SetFlash(w, "Saved the lessons for "+org.JobRole(role).Label()+".")
	http.Redirect(w, r, "/training/needs", http.StatusSeeOther)
}
