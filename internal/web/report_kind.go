package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

// reportKindView is "What happened?", the first question of every report.
type reportKindView struct {
	layout
	Action string // where the answer goes: a new report, or a change to a draft
	Kinds  []report.Kind
	Chosen report.Kind
	Phone  string
}

func (h *Handler) newKindView(r *http.Request, sc vigil.Scope, action, back string) reportKindView {
	v := reportKindView{layout: h.newLayout(r, "What happened?"), Action: action, Kinds: report.Kinds, Phone: h.orgSettings(r, sc).ServiceDeskPhone}
	v.Back = back
	return v
}

func (h *Handler) reportStart(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := h.newKindView(r, sc, "/report", "/")
	h.render(w, r, http.StatusOK, "report_kind", &v)
}

func (h *Handler) reportCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, err := h.Journey.StartDraft(r.Context(), sc, report.Kind(r.PostFormValue("kind")))
	if err != nil {
		h.kindFailed(w, r, sc, "/report", "/", err)
		return
	}
	http.Redirect(w, r, "/report/"+d.ID+"/details", http.StatusSeeOther)
}

func (h *Handler) reportKindForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	v := h.newKindView(r, sc, "/report/"+d.ID+"/kind", "/report/"+d.ID+"/check")
	v.Chosen = d.Kind
	h.render(w, r, http.StatusOK, "report_kind", &v)
}

func (h *Handler) reportKindChange(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.Journey.ChangeKind(r.Context(), sc, id, report.Kind(r.PostFormValue("kind"))); err != nil {
		h.kindFailed(w, r, sc, "/report/"+id+"/kind", "/report/"+id+"/check", err)
		return
	}
	http.Redirect(w, r, "/report/"+id+"/details", http.StatusSeeOther)
}

func (h *Handler) kindFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope, action, back string, err error) {
	v := h.newKindView(r, sc, action, back)
	h.renderInvalid(w, r, "report_kind", &v, err)
}
