package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

// incidentReviewRoutes are the post-incident review (CAF D2) and the
// reports and findings linked to an incident, through the same domain
// methods as the pages, so the timeline and the audit trail are the same.
func (h *Handler) incidentReviewRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/incidents/{id}/review", Summary: "An incident's post-incident review with its actions", Permission: vigil.ReadAlerts, Response: "IncidentReview", handle: h.incidentReview},
		{Method: "PUT", Path: "/api/v1/incidents/{id}/review", Summary: "Write or rewrite the review of a resolved incident; rewriting removes its sign-off", Permission: vigil.WriteIncidents, Request: "IncidentReviewDraft", Response: "IncidentReview", handle: h.incidentReviewSave},
		{Method: "POST", Path: "/api/v1/incidents/{id}/review/signoff", Summary: "Sign the review off as the person the caller acts for", Permission: vigil.WriteIncidents, Response: "IncidentReview", handle: h.incidentReviewSignOff},
		{Method: "POST", Path: "/api/v1/incidents/{id}/review/actions", Summary: "Add an action, with its owner and due date, to the review", Permission: vigil.WriteIncidents, Request: "ReviewActionDraft", Response: "IncidentReview", Status: http.StatusCreated, handle: h.incidentReviewAction},
		{Method: "POST", Path: "/api/v1/incidents/{id}/review/actions/{action}/done", Summary: "Mark one of the review's actions done", Permission: vigil.WriteIncidents, Response: "IncidentReview", handle: h.incidentReviewActionDone},
		{Method: "POST", Path: "/api/v1/incidents/{id}/review/hazard", Summary: "Add the incident's hazard to the clinical hazard log from the review (needs hazards:write too)", Permission: vigil.WriteIncidents, Response: "IncidentReview", Status: http.StatusCreated, handle: h.incidentReviewHazard},
		{Method: "GET", Path: "/api/v1/incidents/{id}/links", Summary: "Staff reports and vulnerability findings linked to an incident", Permission: vigil.ReadAlerts, Response: "IncidentLinkList", handle: h.incidentLinks},
		{Method: "POST", Path: "/api/v1/incidents/{id}/links", Summary: "Link staff reports or vulnerability findings of the organisation to an incident", Permission: vigil.WriteIncidents, Request: "IncidentLinkRequest", Response: "IncidentLinkList", Status: http.StatusCreated, handle: h.incidentLink},
		{Method: "DELETE", Path: "/api/v1/incidents/{id}/links/{kind}/{target}", Summary: "Remove a report or finding linked by mistake (kind report or finding); the timeline and audit trail say who", Permission: vigil.WriteIncidents, Status: http.StatusNoContent, handle: h.incidentUnlink},
	}
}

func incidentReviewComponents() map[string]any {
	return map[string]any{
		"IncidentReview":      incidentReviewJSON{},
		"IncidentReviewDraft": reviewDraftJSON{},
		"ReviewActionDraft":   reviewActionDraftJSON{},
		"IncidentLinkList":    list[incidentLinkJSON]{},
		"IncidentLinkRequest": incidentLinkRequestJSON{},
	}
}

// reviewDraftJSON is what people write in a review.
type reviewDraftJSON struct {
	Summary          string `json:"summary"`
	Highlights       string `json:"highlights,omitempty"`
	WentWell         string `json:"went_well,omitempty"`
	ToImprove        string `json:"to_improve,omitempty"`
	Lessons          string `json:"lessons"`
	ServicesAffected string `json:"services_affected,omitempty"`
	PatientsAffected int    `json:"patients_affected" jsonschema:"minimum=0"`
	Downtime         string `json:"downtime" jsonschema:"enum=worked,enum=struggled,enum=not-used,enum=not-needed"`
	DowntimeNotes    string `json:"downtime_notes,omitempty"`
}

type reviewActionJSON struct {
	ID      string     `json:"id"`
	Summary string     `json:"summary"`
	OwnerID string     `json:"owner_id"`
	Owner   string     `json:"owner"`
	Due     string     `json:"due" jsonschema:"format=date"`
	Overdue bool       `json:"overdue"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
	DoneBy  string     `json:"done_by,omitempty"`
}

type incidentReviewJSON struct {
	IncidentID string `json:"incident_id"`
	reviewDraftJSON
	HazardID    string             `json:"hazard_id,omitempty"`
	HazardCode  string             `json:"hazard_code,omitempty"`
	SignedOffBy string             `json:"signed_off_by,omitempty"`
	SignedOffAt *time.Time         `json:"signed_off_at,omitempty"`
	WrittenBy   string             `json:"written_by"`
	UpdatedAt   time.Time          `json:"updated_at"`
	Actions     []reviewActionJSON `json:"actions"`
}

type reviewActionDraftJSON struct {
	Summary string `json:"summary"`
	OwnerID string `json:"owner_id"`
	Due     string `json:"due" jsonschema:"format=date"`
}

type incidentLinkJSON struct {
	Kind     incident.LinkKind `json:"kind" jsonschema:"enum=report,enum=finding"`
	ID       string            `json:"id"`
	Title    string            `json:"title"`
	Path     string            `json:"path"`
	LinkedBy string            `json:"linked_by"`
	LinkedAt time.Time         `json:"linked_at"`
}

type incidentLinkRequestJSON struct {
	Links []struct {
		Kind incident.LinkKind `json:"kind" jsonschema:"enum=report,enum=finding"`
		ID   string            `json:"id"`
	} `json:"links"`
}

// writeReview reads the incident's review afresh and writes it.
func (h *Handler) writeReview(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int) error {
	rev, err := h.Incidents.Review(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, status, h.reviewJSON(rev))
}

// reviewJSON is a review as the API gives it; an action's overdue flag is
// as of now.
func (h *Handler) reviewJSON(rev incident.Review) incidentReviewJSON {
	out := incidentReviewJSON{IncidentID: rev.IncidentID, HazardID: rev.HazardID, HazardCode: rev.HazardCode, SignedOffBy: rev.SignedOffBy,
		WrittenBy: rev.WrittenBy, UpdatedAt: rev.UpdatedAt, Actions: []reviewActionJSON{},
		reviewDraftJSON: reviewDraftJSON{Summary: rev.Summary, Highlights: rev.Highlights, WentWell: rev.WentWell, ToImprove: rev.ToImprove, Lessons: rev.Lessons,
			ServicesAffected: rev.ServicesAffected, PatientsAffected: rev.PatientsAffected, Downtime: string(rev.Downtime), DowntimeNotes: rev.DowntimeNotes}}
	if rev.SignedOff() {
		out.SignedOffAt = &rev.SignedOffAt
	}
	now := h.Clock()
	for _, a := range rev.Actions {
		j := reviewActionJSON{ID: a.ID, Summary: a.Summary, OwnerID: a.OwnerID, Owner: a.OwnerName, Due: a.Due.Format(time.DateOnly), Overdue: a.Overdue(now), DoneBy: a.DoneBy}
		if a.Done() {
			j.DoneAt = &a.DoneAt
		}
		out.Actions = append(out.Actions, j)
	}
	return out
}

func (h *Handler) incidentReview(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeReview(w, r, sc, http.StatusOK)
}

func (h *Handler) incidentReviewSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in reviewDraftJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	d := incident.ReviewDraft{Summary: in.Summary, Highlights: in.Highlights, WentWell: in.WentWell, ToImprove: in.ToImprove, Lessons: in.Lessons,
		ServicesAffected: in.ServicesAffected, PatientsAffected: in.PatientsAffected, Downtime: incident.DowntimeUse(in.Downtime), DowntimeNotes: in.DowntimeNotes}
	rev, err := h.Incidents.SaveReview(r.Context(), sc, r.PathValue("id"), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h.reviewJSON(rev))
}

func (h *Handler) incidentReviewSignOff(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	rev, err := h.Incidents.SignOffReview(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h.reviewJSON(rev))
}

func (h *Handler) incidentReviewAction(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in reviewActionDraftJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Due))
	if err != nil {
		return vigil.InvalidFields("Check the action.", map[string]string{"due": "give the date as YYYY-MM-DD"})
	}
	if _, err := h.Incidents.AddReviewAction(r.Context(), sc, r.PathValue("id"), incident.ActionDraft{Summary: in.Summary, OwnerID: in.OwnerID, Due: due}); err != nil {
		return err
	}
	return h.writeReview(w, r, sc, http.StatusCreated)
}

func (h *Handler) incidentReviewActionDone(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Incidents.CompleteReviewAction(r.Context(), sc, r.PathValue("id"), r.PathValue("action")); err != nil {
		return err
	}
	return h.writeReview(w, r, sc, http.StatusOK)
}

func (h *Handler) incidentReviewHazard(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if _, err := h.Incidents.AddReviewHazard(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	return h.writeReview(w, r, sc, http.StatusCreated)
}

func (h *Handler) writeLinks(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int) error {
	all, err := h.Incidents.Links(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]incidentLinkJSON, len(all))
	for i, l := range all {
		out[i] = incidentLinkJSON{Kind: l.Kind, ID: l.ID, Title: l.Title, Path: l.Path, LinkedBy: l.LinkedBy, LinkedAt: l.LinkedAt}
	}
	return writeJSON(w, status, list[incidentLinkJSON]{out})
}

func (h *Handler) incidentLinks(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeLinks(w, r, sc, http.StatusOK)
}

func (h *Handler) incidentLink(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in incidentLinkRequestJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	refs := make([]incident.LinkRef, len(in.Links))
	for i, l := range in.Links {
		refs[i] = incident.LinkRef{Kind: l.Kind, ID: l.ID}
	}
	if _, err := h.Incidents.Link(r.Context(), sc, r.PathValue("id"), refs); err != nil {
		return err
	}
	return h.writeLinks(w, r, sc, http.StatusCreated)
}

func (h *Handler) incidentUnlink(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ref := incident.LinkRef{Kind: incident.LinkKind(r.PathValue("kind")), ID: r.PathValue("target")}
	if err := h.Incidents.Unlink(r.Context(), sc, r.PathValue("id"), ref); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
