package training

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

// remindersChoose stops or restarts the person's weekly reminder e-mail.
func (h *Pages) remindersChoose(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	choice := r.PostFormValue("weekly")
	if choice != "on" && choice != "off" {
		h.Fail(w, r, vigil.Errorf(vigil.Invalid, "Choose whether you want reminder e-mails."))
		return
	}
	want := choice == "on"
	if err := h.reminders.Choose(r.Context(), sc, want); err != nil {
		h.Fail(w, r, err)
		return
	}
	if want {
		h.SetFlash(w, "We will e-mail you once a week when a lesson is due.")
	} else {
		h.SetFlash(w, "We will not e-mail you about your training. Lessons still fall due.")
	}
	http.Redirect(w, r, "/training#reminders", http.StatusSeeOther)
}
