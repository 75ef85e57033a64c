package training

import (
	"html/template"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// maxHelpQuery bounds what the search reads: a question, not an essay.
const maxHelpQuery = 200

type helpView struct {
	web.Layout
	Query    string
	Searched bool
	Answers  []help.Answer
	// CanManage offers the organisation's own answers to its admins.
	CanManage bool
}

// cyberHelp lists the quick answers, or those that match what was typed.
func (h *Pages) cyberHelp(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := helpView{Layout: h.Layout(r, "Cyber help"), Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if utf8.RuneCountInString(v.Query) > maxHelpQuery {
		v.Query = string([]rune(v.Query)[:maxHelpQuery])
	}
	answers, err := h.helpAnswers(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.CanManage = sc.Can(vigil.ManageTraining)
	if v.Searched = v.Query != ""; v.Searched {
		v.Answers = answers.Search(v.Query)
	} else {
		v.Answers = answers.All()
	}
	h.render(w, r, http.StatusOK, "help", &v)
}

type answerView struct {
	web.Layout
	Answer help.Answer
	Body   template.HTML
	Lesson *lesson.Lesson
	Report string // the report kind's label, "" when reporting does not fit
}

// cyberAnswer shows one quick answer with the organisation's contacts, the
// lesson that explains more and, where it fits, the way to report.
func (h *Pages) cyberAnswer(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	answers, err := h.helpAnswers(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	a, ok := answers.Answer(r.PathValue("id"))
	if !ok {
		h.NotFound(w, r)
		return
	}
	v := answerView{Layout: h.Layout(r, a.Question), Answer: a, Body: a.Body.HTML(h.contacts(r, sc))}
	v.Back = "/help"
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if l, ok := lib.Lesson(a.Lesson); ok {
		v.Lesson = &l
	}
	if k, err := report.ParseKind(a.ReportKind); err == nil && a.ReportKind != "" {
		v.Report = k.Label()
	}
	h.render(w, r, http.StatusOK, "answer", &v)
}
