package learningsystem

import (
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type deliveriesView struct {
	web.Layout
	Settings lrs.Settings
	Status   lrs.Status
	Max      int
	KeepDays int // how long sent results are counted
}

// deliveries shows how sending is going: what waits, what went, and every
// statement that failed or was refused, with the reason.
func (h *Pages) deliveries(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, err := h.lrs.Settings(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	st, err := h.lrs.Status(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := deliveriesView{Layout: h.Layout(r, "Quiz results sent to your learning record store"), Settings: s, Status: st, Max: lrs.MaxProblems,
		KeepDays: int(lrs.KeepDelivered.Hours() / 24)}
	v.Back = Home
	h.render(w, r, http.StatusOK, "deliveries", &v)
}

// retry sends every failing and refused statement again.
func (h *Pages) retry(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	n, err := h.lrs.RetryNow(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	msg := "There was nothing to send again."
	if n > 0 {
		msg = "Sending " + strconv.Itoa(n) + " quiz results again within a minute. Come back to this page to see how it went."
	}
	h.SetFlash(w, msg)
	http.Redirect(w, r, Home+"/deliveries", http.StatusSeeOther)
}
