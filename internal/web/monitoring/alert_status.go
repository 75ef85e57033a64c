package monitoring

import (
	"fmt"
	"net/http"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// alertStatus marks an alert and its open related alerts triaged or dismissed.
func (h *Pages) alertStatus(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	status := monitor.Status(r.PostFormValue("status"))
	n, err := h.alerts.Judge(r.Context(), sc, r.PathValue("id"), status)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if status == monitor.Dismissed {
		h.SetFlash(w, fmt.Sprintf("Dismissed %d alerts.", n))
		http.Redirect(w, r, "/monitoring", http.StatusSeeOther)
		return
	}
	h.SetFlash(w, fmt.Sprintf("Marked %d alerts as looked at. They stay in the queue until dismissed or made an incident.", n))
	http.Redirect(w, r, "/monitoring/alerts/"+r.PathValue("id"), http.StatusSeeOther)
}
