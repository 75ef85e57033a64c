package monitoring

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

// incidentTaskDone marks one step of the response done.
func (h *Pages) incidentTaskDone(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.incidents.CompleteTask(r.Context(), sc, id, r.PathValue("task")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Step marked done.")
	http.Redirect(w, r, "/monitoring/incidents/"+id, http.StatusSeeOther)
}
