package training

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// localRoutes mounts the bulletins and the organisation's own Cyber help.
func (h *Pages) localRoutes(mux *http.ServeMux) {
	write := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.TriageReports, next) }
	manage := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ManageTraining, next) }
	mux.HandleFunc("GET /bulletins", h.SignedIn(h.tactics))         // what staff see now
	mux.HandleFunc("GET /bulletins/manage", write(h.bulletinList))  // drafts, published and withdrawn
	mux.HandleFunc("GET /bulletins/new", write(h.bulletinNew))      // write one
	mux.HandleFunc("POST /bulletins/new", write(h.bulletinCreate))  //
	mux.HandleFunc("GET /bulletins/{id}", write(h.bulletinEdit))    // read and change one
	mux.HandleFunc("POST /bulletins/{id}", write(h.bulletinUpdate)) //
	mux.HandleFunc("POST /bulletins/{id}/publish", write(h.bulletinPublish))
	mux.HandleFunc("POST /bulletins/{id}/withdraw", write(h.bulletinWithdraw))
	mux.HandleFunc("GET /help/manage", manage(h.ownAnswers))          // the organisation's own answers
	mux.HandleFunc("GET /help/manage/new", manage(h.ownAnswerNew))    // ?from= a built-in answer to replace
	mux.HandleFunc("POST /help/manage/new", manage(h.ownAnswerSave))  //
	mux.HandleFunc("GET /help/manage/{id}", manage(h.ownAnswerEdit))  //
	mux.HandleFunc("POST /help/manage/{id}", manage(h.ownAnswerSave)) //
	mux.HandleFunc("POST /help/manage/{id}/retire", manage(h.ownAnswerRetire))
	mux.HandleFunc("GET /help/contacts", manage(h.contactsForm))  // local numbers answers name
	mux.HandleFunc("POST /help/contacts", manage(h.contactsSave)) //
}

// currentTactics are the bulletins the person should see now; a failure
// to read them is logged, not shown: the page around them still helps.
func (h *Pages) currentTactics(r *http.Request, sc vigil.Scope) []bulletin.Bulletin {
	bs, err := h.bulletins.Current(r.Context(), sc)
	if err != nil {
		h.Logger.Warn("read latest tactics", "err", err)
	}
	return bs
}

// tacticNotices put the newest bulletins on the home page.
func (h *Pages) tacticNotices(r *http.Request, sc vigil.Scope) []web.Notice {
	var out []web.Notice
	for _, b := range h.currentTactics(r, sc) {
		if len(out) == maxHomeTactics {
			break
		}
		n := web.Notice{Label: "Latest tactics: " + b.Title, Text: b.WhatToDo,
			Next: template.HTML(`<a href="/bulletins#b-` + template.HTMLEscapeString(b.ID) + `">What it looks like</a>`)}
		if b.PublishFrom != nil {
			n.Posted = *b.PublishFrom
		}
		out = append(out, n)
	}
	return out
}

// maxHomeTactics is how many bulletins the home page shows: more would
// push the way to report below the fold on a phone.
const maxHomeTactics = 2

type tacticsView struct {
	web.Layout
	Tactics  []bulletin.Bulletin
	CanWrite bool
}

func (h *Pages) tactics(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := tacticsView{Layout: h.Layout(r, "Latest tactics"), Tactics: h.currentTactics(r, sc), CanWrite: sc.Can(vigil.TriageReports)}
	h.render(w, r, http.StatusOK, "tactics", &v)
}

type bulletinListView struct {
	web.Layout
	Written []bulletin.Bulletin
}

func (h *Pages) bulletinList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	bs, err := h.bulletins.Written(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := bulletinListView{Layout: h.Layout(r, "Write bulletins"), Written: bs}
	v.Back = "/bulletins"
	h.render(w, r, http.StatusOK, "bulletins", &v)
}

type bulletinFormView struct {
	web.Layout
	Bulletin    bulletin.Bulletin // the saved one; ID is "" for a new one
	Form        bulletin.Details
	JobRoles    []org.JobRole
	Links       []linkChoice
	CanNational bool
	Action      string
}

// linkChoice is a lesson or quick answer a bulletin may point to.
type linkChoice struct{ Path, Text string }

func (h *Pages) bulletinView(r *http.Request, sc vigil.Scope, title string) (bulletinFormView, error) {
	v := bulletinFormView{Layout: h.Layout(r, title), JobRoles: org.JobRoles, CanNational: sc.Can(vigil.WarnAcrossOrgs), Action: "/bulletins/new"}
	v.Back = "/bulletins/manage"
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		return v, err
	}
	answers, err := h.helpAnswers(r, sc)
	if err != nil {
		return v, err
	}
	for _, a := range answers.All() {
		v.Links = append(v.Links, linkChoice{Path: "/help/" + a.ID, Text: "Quick answer: " + a.Question})
	}
	for _, l := range lib.All() {
		v.Links = append(v.Links, linkChoice{Path: "/training/lessons/" + l.ID, Text: "Lesson: " + l.Title})
	}
	return v, nil
}

func (h *Pages) bulletinNew(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.bulletinView(r, sc, "Write a bulletin")
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "bulletin", &v)
}

func bulletinForm(r *http.Request) bulletin.Details {
	return bulletin.Details{Title: r.PostFormValue("title"), LooksLike: r.PostFormValue("looks_like"), WhatToDo: r.PostFormValue("what_to_do"),
		Link: r.PostFormValue("link"), Audience: r.PostForm["audience"], PublishFrom: r.PostFormValue("publish_from"),
		ExpiresAt: r.PostFormValue("expires_at"), National: r.PostFormValue("national") == "yes"}
}

func (h *Pages) bulletinCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := bulletinForm(r)
	b, err := h.bulletins.Create(r.Context(), sc, d)
	if err != nil {
		h.bulletinInvalid(w, r, sc, bulletin.Bulletin{}, d, err)
		return
	}
	h.SetFlash(w, "Saved the draft “"+b.Title+"”. Staff see it once you publish it.")
	http.Redirect(w, r, "/bulletins/"+b.ID, http.StatusSeeOther)
}

func (h *Pages) bulletinInvalid(w http.ResponseWriter, r *http.Request, sc vigil.Scope, b bulletin.Bulletin, d bulletin.Details, err error) {
	v, verr := h.bulletinView(r, sc, "Write a bulletin")
	if verr != nil {
		h.Fail(w, r, verr)
		return
	}
	v.Bulletin, v.Form = b, d
	if b.ID != "" {
		v.Title, v.Action = b.Title, "/bulletins/"+b.ID
	}
	h.RenderInvalid(w, r, h.pages, "bulletin", &v, err)
}

// formOf is a saved bulletin as the form shows it.
func formOf(b bulletin.Bulletin) bulletin.Details {
	d := bulletin.Details{Title: b.Title, LooksLike: b.LooksLike, WhatToDo: b.WhatToDo, Link: b.Link, Audience: b.Audience, National: b.National}
	if b.PublishFrom != nil {
		d.PublishFrom = b.PublishFrom.In(london).Format("2006-01-02")
	}
	if b.ExpiresAt != nil {
		d.ExpiresAt = b.ExpiresAt.In(london).Format("2006-01-02")
	}
	return d
}

// written loads a bulletin the caller's organisation wrote: another
// organisation's, and a national one seen from elsewhere, are not found.
func (h *Pages) written(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (bulletin.Bulletin, bool) {
	b, err := h.bulletins.Bulletin(r.Context(), sc, r.PathValue("id"))
	if err == nil && b.OrgID != sc.OrgID {
		err = vigil.Errorf(vigil.NotFound, "There is no such bulletin in your organisation.")
	}
	if err != nil {
		h.Fail(w, r, err)
		return bulletin.Bulletin{}, false
	}
	return b, true
}

func (h *Pages) bulletinEdit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	b, ok := h.written(w, r, sc)
	if !ok {
		return
	}
	v, err := h.bulletinView(r, sc, b.Title)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.Bulletin, v.Form, v.Action = b, formOf(b), "/bulletins/"+b.ID
	h.render(w, r, http.StatusOK, "bulletin", &v)
}

func (h *Pages) bulletinUpdate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	b, ok := h.written(w, r, sc)
	if !ok {
		return
	}
	d := bulletinForm(r)
	if _, err := h.bulletins.Update(r.Context(), sc, b.ID, d); err != nil {
		h.bulletinInvalid(w, r, sc, b, d, err)
		return
	}
	h.SetFlash(w, "Saved your changes.")
	http.Redirect(w, r, "/bulletins/"+b.ID, http.StatusSeeOther)
}

func (h *Pages) bulletinPublish(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	b, err := h.bulletins.Publish(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	who := "Staff"
	if b.National {
		who = "Staff in every organisation"
	}
	h.SetFlash(w, "Published “"+b.Title+"”. "+who+" see it on their home page until "+day(*b.ExpiresAt)+".")
	http.Redirect(w, r, "/bulletins/manage", http.StatusSeeOther)
}

func (h *Pages) bulletinWithdraw(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	b, err := h.bulletins.Withdraw(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Withdrew “"+b.Title+"”. Staff no longer see it.")
	http.Redirect(w, r, "/bulletins/manage", http.StatusSeeOther)
}

// chosen says whether a job role is ticked on the form.
func (v bulletinFormView) Chosen(role org.JobRole) bool {
	return slices.Contains(v.Form.Audience, string(role))
}
