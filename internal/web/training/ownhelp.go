package training

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// helpAnswers are Cyber help as the caller's organisation has it.
func (h *Pages) helpAnswers(r *http.Request, sc vigil.Scope) (help.Answers, error) {
	return h.local.Answers(r.Context(), sc)
}

type ownAnswersView struct {
	web.Layout
	Own     []localhelp.Own
	BuiltIn []help.Answer
}

func (h *Pages) ownAnswers(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	own, err := h.local.OwnAnswers(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := ownAnswersView{Layout: h.Layout(r, "Your own quick answers"), Own: own, BuiltIn: h.answers.All()}
	v.Back = "/help"
	h.render(w, r, http.StatusOK, "ownhelp", &v)
}

type ownAnswerView struct {
	web.Layout
	Form         help.Fields
	Editing      bool // the id is fixed: it names the answer
	Replaces     string
	Lessons      []lesson.Lesson
	ReportKinds  []report.Kind
	Placeholders []string
	Action       string
}

func (h *Pages) ownAnswerView(r *http.Request, sc vigil.Scope, f help.Fields, editing bool) (ownAnswerView, error) {
	v := ownAnswerView{Layout: h.Layout(r, "Add a quick answer"), Form: f, Editing: editing, ReportKinds: report.Kinds,
		Placeholders: prose.Placeholders(), Action: "/help/manage/new"}
	v.Back = "/help/manage"
	if editing {
		v.Title, v.Action = "Change a quick answer", "/help/manage/"+f.ID
	}
	if a, ok := h.local.BuiltIn(f.ID); ok {
		v.Replaces = a.Question
	}
	lib, err := h.training.Library(r.Context(), sc)
	v.Lessons = lib.All()
	return v, err
}

// ownAnswerNew is the empty form, or one filled in from a built-in answer
// that the organisation wants to say its own way.
func (h *Pages) ownAnswerNew(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	var f help.Fields
	if a, ok := h.local.BuiltIn(r.URL.Query().Get("from")); ok {
		f = help.Fields{ID: a.ID, Question: a.Question, Keywords: strings.Join(a.Keywords, ", "), Lesson: a.Lesson,
			ReportKind: a.ReportKind, Body: a.Body.Plain(prose.Contacts{})}
	}
	v, err := h.ownAnswerView(r, sc, f, false)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "ownanswer", &v)
}

func (h *Pages) ownAnswerEdit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	o, err := h.local.OwnAnswer(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.ownAnswerView(r, sc, o.Fields, true)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "ownanswer", &v)
}

// ownAnswerSave adds an answer (POST /help/manage/new) or changes one
// (POST /help/manage/{id}, where the id comes from the address).
func (h *Pages) ownAnswerSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f := help.Fields{ID: r.PostFormValue("id"), Question: r.PostFormValue("question"), Keywords: r.PostFormValue("keywords"),
		Lesson: r.PostFormValue("lesson"), ReportKind: r.PostFormValue("report_kind"), Body: r.PostFormValue("body")}
	editing := r.PathValue("id") != ""
	if editing {
		if _, err := h.local.OwnAnswer(r.Context(), sc, r.PathValue("id")); err != nil {
			h.Fail(w, r, err)
			return
		}
		f.ID = r.PathValue("id")
	}
	a, err := h.local.SaveAnswer(r.Context(), sc, f)
	if err != nil {
		v, verr := h.ownAnswerView(r, sc, f, editing)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		h.RenderInvalid(w, r, h.pages, "ownanswer", &v, err)
		return
	}
	h.SetFlash(w, "Saved “"+a.Question+"”. Staff see it in Cyber help now.")
	http.Redirect(w, r, "/help/manage", http.StatusSeeOther)
}

func (h *Pages) ownAnswerRetire(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := h.local.RetireAnswer(r.Context(), sc, r.PathValue("id")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Retired the answer. Staff no longer see it; a built-in answer it replaced shows again.")
	http.Redirect(w, r, "/help/manage", http.StatusSeeOther)
}

type contactsView struct {
	web.Layout
	Contacts []contactField
}

type contactField struct {
	prose.Local
	Value string
}

func (h *Pages) contactsView(r *http.Request, c prose.Contacts, values map[string]string) contactsView {
	v := contactsView{Layout: h.Layout(r, "Local contacts")}
	v.Back = "/help/manage"
	for _, l := range prose.Locals() {
		val := c.Get(l.Name)
		if values != nil {
			val = values[l.Name]
		}
		v.Contacts = append(v.Contacts, contactField{Local: l, Value: val})
	}
	return v
}

func (h *Pages) contactsForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	c, err := h.local.Contacts(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := h.contactsView(r, c, nil)
	h.render(w, r, http.StatusOK, "contacts", &v)
}

func (h *Pages) contactsSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	values := map[string]string{}
	for _, l := range prose.Locals() {
		values[l.Name] = r.PostFormValue(l.Name)
	}
	if err := h.local.SetContacts(r.Context(), sc, values); err != nil {
		v := h.contactsView(r, prose.Contacts{}, values)
		h.RenderInvalid(w, r, h.pages, "contacts", &v, err)
		return
	}
	h.SetFlash(w, "Saved your local contacts. Every lesson and quick answer that names them shows them now.")
	http.Redirect(w, r, "/help/contacts", http.StatusSeeOther)
}
