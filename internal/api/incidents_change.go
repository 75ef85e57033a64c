package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Incidents are changed through the same domain methods as the pages, so an
// update from a tool lands on the timeline and in the audit trail exactly as
// one made on the incident page does.

// incidentChangeJSON changes an incident's status, owner or next update; a
// field left out is left alone.
type incidentChangeJSON struct {
	Status     incident.Status `json:"status,omitempty"`
	OwnerID    string          `json:"owner_id,omitempty"`
	NextUpdate *time.Time      `json:"next_update,omitempty"`
}

// incidentEntryJSON is a note or an action taken, for the timeline.
type incidentEntryJSON struct {
	Text   string `json:"text"`
	Action bool   `json:"action,omitempty"`
}

func (h *Handler) incidentChange(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in incidentChangeJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	u := incident.Update{Status: in.Status, OwnerID: in.OwnerID}
	if in.NextUpdate != nil {
		if in.NextUpdate.IsZero() {
			return vigil.InvalidFields("Check the change.", map[string]string{"next_update": "give a time"})
		}
		u.NextUpdate = *in.NextUpdate
	}
	return h.recordIncident(w, r, sc, http.StatusOK, u)
}

func (h *Handler) incidentEntry(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in incidentEntryJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Text == "" {
		return vigil.InvalidFields("Check the entry.", map[string]string{"text": "write what happened or what was done"})
	}
	return h.recordIncident(w, r, sc, http.StatusCreated, incident.Update{Note: in.Text, IsAction: in.Action})
}

func (h *Handler) recordIncident(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, u incident.Update) error {
	if _, err := h.Incidents.Record(r.Context(), sc, r.PathValue("id"), u); err != nil {
		return err
	}
	return h.writeIncidentDetail(w, r, sc, status)
}

func (h *Handler) incidentTaskDone(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Incidents.CompleteTask(r.Context(), sc, r.PathValue("id"), r.PathValue("task")); err != nil {
		return err
	}
	return h.writeIncidentDetail(w, r, sc, http.StatusOK)
}
