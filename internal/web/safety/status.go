package safety

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

type statusFormView struct {
	page
	Hazard   hazard.Hazard
	Statuses []option
	Note     string
	IsCSO    bool
}

func (h *Pages) newStatusForm(r *http.Request, sc vigil.Scope, hz hazard.Hazard, chosen hazard.Status) statusFormView {
	v := statusFormView{page: h.page(r, "Change the status of "+hz.Code()), Hazard: hz, Note: hz.StatusNote,
		IsCSO: sc.Has(vigil.ClinicalSafetyOfficer) && sc.Can(vigil.ApproveHazards)}
	v.Back = "/hazards/" + hz.ID
	hints := map[hazard.Status]string{
		hazard.Open:        "Still being managed here.",
		hazard.Transferred: "A supplier or another organisation now holds and manages it. Say who in the note.",
		hazard.Closed:      "The residual risk is acceptable and the controls are in place. Only a Clinical Safety Officer can close a hazard.",
	}
	for _, s := range hazard.Statuses {
		if s == hazard.Closed && !v.IsCSO {
			continue
		}
		v.Statuses = append(v.Statuses, option{Value: string(s), Label: s.Label() + ": " + hints[s], Selected: s == chosen})
	}
	return v
}

func (h *Pages) statusForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	v := h.newStatusForm(r, sc, hz, hz.Status)
	h.render(w, r, http.StatusOK, "status", &v)
}

func (h *Pages) statusChange(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	status, note := hazard.Status(r.PostFormValue("status")), strings.TrimSpace(r.PostFormValue("note"))
	saved, err := h.log.SetStatus(r.Context(), sc, hz.ID, formInt(r, "version"), status, note)
	if err != nil {
		v := h.newStatusForm(r, sc, hz, status)
		v.Note = note
		h.renderInvalid(w, r, "status", &v, err)
		return
	}
	h.SetFlash(w, saved.Code()+" is now "+strings.ToLower(saved.Status.Label())+".")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}
