package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

// incidentRoutes read incidents with their continuity plans, for a
// dashboard or the organisation's own tooling, and let a tool (a SOAR
// playbook, a ticketing system) record what happens to them.
func (h *Handler) incidentRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/incidents", Summary: "Incidents, those still running first", Permission: vigil.ReadAlerts, Response: "IncidentList", handle: h.incidentList},
		{Method: "GET", Path: "/api/v1/incidents/{id}", Summary: "One incident with its continuity plan, steps and timeline", Permission: vigil.ReadAlerts, Response: "IncidentDetail", handle: h.incidentDetail},
		{Method: "PATCH", Path: "/api/v1/incidents/{id}", Summary: "Change an incident's status, owner or next update for clinical teams", Permission: vigil.WriteIncidents, Request: "IncidentChange", Response: "IncidentDetail", handle: h.incidentChange},
		{Method: "POST", Path: "/api/v1/incidents/{id}/timeline", Summary: "Add a note or an action taken to an incident's timeline", Permission: vigil.WriteIncidents, Request: "IncidentEntry", Response: "IncidentDetail", Status: http.StatusCreated, handle: h.incidentEntry},
		{Method: "POST", Path: "/api/v1/incidents/{id}/tasks/{task}/done", Summary: "Mark one of an incident's steps done", Permission: vigil.WriteIncidents, Response: "IncidentDetail", handle: h.incidentTaskDone},
	}
}

func incidentComponents() map[string]any {
	return map[string]any{
		"IncidentList":   list[incidentJSON]{},
		"IncidentDetail": incidentDetailJSON{},
		"IncidentChange": incidentChangeJSON{},
		"IncidentEntry":  incidentEntryJSON{},
	}
}

type incidentJSON struct {
	ID         string                   `json:"id"`
	Code       string                   `json:"code"`
	Title      string                   `json:"title"`
	Playbook   string                   `json:"playbook"`
	Status     incident.Status          `json:"status"`
	Severity   alert.Severity           `json:"severity"`
	Owner      string                   `json:"owner"`
	AssetIDs   []string                 `json:"asset_ids"`
	Assumed    string                   `json:"assumed,omitempty"`
	Services   []incident.ServiceAtRisk `json:"services_at_risk"`
	Tell       []string                 `json:"tell"`
	NextUpdate *time.Time               `json:"next_update,omitempty"`
	CreatedAt  time.Time                `json:"created_at"`
	ClosedAt   *time.Time               `json:"closed_at,omitempty"`
}

func toIncidentJSON(i incident.Incident) incidentJSON {
	out := incidentJSON{ID: i.ID, Code: i.Code(), Title: i.Title, Playbook: i.Playbook, Status: i.Status, Severity: i.Severity, Owner: i.OwnerName,
		AssetIDs: nonNilSlice(i.AssetIDs), Assumed: i.Continuity.Assumed, Services: nonNilSlice(i.Continuity.Services), Tell: nonNilSlice(i.Continuity.Tell),
		CreatedAt: i.CreatedAt}
	if !i.NextUpdate.IsZero() {
		out.NextUpdate = &i.NextUpdate
	}
	if !i.ClosedAt.IsZero() {
		out.ClosedAt = &i.ClosedAt
	}
	return out
}

func (h *Handler) incidentList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	all, err := h.Incidents.List(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]incidentJSON, len(all))
	for i, inc := range all {
		out[i] = toIncidentJSON(inc)
	}
	return writeJSON(w, http.StatusOK, list[incidentJSON]{out})
}

type incidentTaskJSON struct {
	ID      string        `json:"id"`
	Side    incident.Side `json:"side"`
	Summary string        `json:"summary"`
	DoneAt  *time.Time    `json:"done_at,omitempty"`
	DoneBy  string        `json:"done_by,omitempty"`
}

type incidentEventJSON struct {
	At      time.Time          `json:"at"`
	Actor   string             `json:"actor"`
	Kind    incident.EventKind `json:"kind"`
	Summary string             `json:"summary"`
}

type incidentDetailJSON struct {
	incidentJSON
	Tasks    []incidentTaskJSON  `json:"tasks"`
	Timeline []incidentEventJSON `json:"timeline"`
}

func (h *Handler) incidentDetail(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeIncidentDetail(w, r, sc, http.StatusOK)
}

func (h *Handler) writeIncidentDetail(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int) error {
	inc, err := h.Incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	tasks, err := h.Incidents.Tasks(r.Context(), sc, inc.ID)
	if err != nil {
		return err
	}
	events, err := h.Incidents.Timeline(r.Context(), sc, inc.ID)
	if err != nil {
		return err
	}
	out := incidentDetailJSON{incidentJSON: toIncidentJSON(inc), Tasks: make([]incidentTaskJSON, len(tasks)), Timeline: make([]incidentEventJSON, len(events))}
	for i, t := range tasks {
		out.Tasks[i] = incidentTaskJSON{ID: t.ID, Side: t.Side, Summary: t.Summary, DoneBy: t.DoneBy}
		if t.Done() {
			out.Tasks[i].DoneAt = &t.DoneAt
		}
	}
	for i, e := range events {
		out.Timeline[i] = incidentEventJSON{At: e.At, Actor: e.Actor, Kind: e.Kind, Summary: e.Summary}
	}
	return writeJSON(w, status, out)
}
