package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// reportNameView asks whether to give a name, where the organisation lets
// staff report anonymously.
type reportNameView struct {
	web.Layout
	Report report.Report
}

func (h *Pages) newNameView(r *http.Request, d report.Report) reportNameView {
	v := reportNameView{Layout: h.Layout(r, "Do you want to give your name?"), Report: d}
	v.Back = "/report/" + d.ID + "/check"
	return v
}

func (h *Pages) reportNameForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	if !h.orgSettings(r, sc).AnonymousReporting {
		http.Redirect(w, r, "/report/"+d.ID+"/check", http.StatusSeeOther)
		return
	}
	v := h.newNameView(r, d)
	h.render(w, r, http.StatusOK, "name", &v)
}

func (h *Pages) reportNameSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	var err error
	switch r.PostFormValue("give_name") {
	case "yes":
		err = h.journey.SetAnonymous(r.Context(), sc, d.ID, false)
	case "no":
		err = h.journey.SetAnonymous(r.Context(), sc, d.ID, true)
	default:
		err = vigil.InvalidFields("", map[string]string{"give_name": "Choose whether to give your name."})
	}
	if err != nil {
		v := h.newNameView(r, d)
		h.renderInvalid(w, r, "name", &v, err)
		return
	}
	http.Redirect(w, r, "/report/"+d.ID+"/check", http.StatusSeeOther)
}
