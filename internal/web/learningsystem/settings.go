package learningsystem

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type settingsView struct {
	web.Layout
	Settings lrs.Settings
	// Form is what was typed, shown again when it is refused; the secret
	// is never shown, typed or saved.
	Form   lrs.Change
	Status lrs.Status
}

// settings shows where quiz results go, with the form to change it.
func (h *Pages) settings(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, err := h.lrs.Settings(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.showSettings(w, r, sc, http.StatusOK, s, lrs.Change{Endpoint: s.Endpoint, Key: s.Key, Enabled: s.Enabled}, nil)
}

func (h *Pages) showSettings(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, s lrs.Settings, form lrs.Change, formErr error) {
	st, err := h.lrs.Status(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	form.Secret = ""
	v := settingsView{Layout: h.Layout(r, "Your learning system"), Settings: s, Form: form, Status: st}
	v.Back = "/"
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "settings", &v)
}

// settingsSave saves the settings; a blank secret keeps the saved one.
func (h *Pages) settingsSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	ch := lrs.Change{Endpoint: strings.TrimSpace(r.PostFormValue("endpoint")), Key: strings.TrimSpace(r.PostFormValue("key")),
		Secret: r.PostFormValue("secret"), Enabled: r.PostFormValue("enabled") == "yes"}
	s, err := h.lrs.Save(r.Context(), sc, ch)
	if err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		saved, serr := h.lrs.Settings(r.Context(), sc)
		if serr != nil {
			h.Fail(w, r, serr)
			return
		}
		h.showSettings(w, r, sc, http.StatusUnprocessableEntity, saved, ch, err)
		return
	}
	msg := "Saved. Quiz results are not being sent."
	if s.Enabled {
		msg = "Saved. Quiz results from now on will be sent to your learning record store within a minute or two."
	}
	h.SetFlash(w, msg)
	http.Redirect(w, r, Home, http.StatusSeeOther)
}
