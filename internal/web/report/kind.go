package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// reportKindView is "What happened?", the first question of every report.
type reportKindView struct {
	web.Layout
	Action string // where the answer goes: a new report, or a change to a draft
	Kinds  []report.Kind
	Chosen report.Kind
	Phone  string
}

func (h *Pages) newKindView(r *http.Request, sc vigil.Scope, action, back string) reportKindView {
	v := reportKindView{Layout: h.Layout(r, "What happened?"), Action: action, Kinds: report.Kinds, Phone: h.orgSettings(r, sc).ServiceDeskPhone}
	v.Back = back
	return v
}

func (h *Pages) reportStart(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := h.newKindView(r, sc, "/report", "/")
	h.render(w, r, http.StatusOK, "kind", &v)
}

func (h *Pages) reportCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, err := h.journey.StartDraft(r.Context(), sc, report.Kind(r.PostFormValue("kind")))
	if err != nil {
		h.kindFailed(w, r, sc, "/report", "/", err)
		return
	}
	http.Redirect(w, r, "/report/"+d.ID+"/details", http.StatusSeeOther)
}

func (h *Pages) reportKindForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	v := h.newKindView(r, sc, "/report/"+d.ID+"/kind", "/report/"+d.ID+"/check")
	v.Chosen = d.Kind
	h.render(w, r, http.StatusOK, "kind", &v)
}

func (h *Pages) reportKindChange(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.journey.ChangeKind(r.Context(), sc, id, report.Kind(r.PostFormValue("kind"))); err != nil {
		h.kindFailed(w, r, sc, "/report/"+id+"/kind", "/report/"+id+"/check", err)
		return
	}
	http.Redirect(w, r, "/report/"+id+"/details", http.StatusSeeOther)
}

func (h *Pages) kindFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope, action, back string, err error) {
	v := h.newKindView(r, sc, action, back)
	h.renderInvalid(w, r, "kind", &v, err)
}
