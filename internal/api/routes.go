package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// table is the API's table of contents.
func (h *Handler) table() []route {
	table := []route{
		{Method: "GET", Path: "/api/v1/me", Summary: "Who is calling, and what they may do", Response: "Me", handle: h.me},
		{Method: "GET", Path: "/api/v1/organisation", Summary: "The caller's organisation", Permission: vigil.ReadOrganisation, Response: "Organisation", handle: h.organisation},
		{Method: "GET", Path: "/api/v1/organisations", Summary: "Organisations the caller may read (all of them for the national centre)", Permission: vigil.ReadOrganisation, Response: "OrganisationList", handle: h.organisations},
		{Method: "GET", Path: "/api/v1/users", Summary: "People in the caller's organisation", Permission: vigil.ReadPeople, Response: "UserPage", Paged: true, handle: h.users},
		{Method: "POST", Path: "/api/v1/users", Summary: "Add a person", Permission: vigil.WritePeople, Request: "PersonDetails", Response: "User", Status: http.StatusCreated, handle: h.createUser},
		{Method: "POST", Path: "/api/v1/users/import", Summary: "Import a staff list (text/csv body); all rows or none", Permission: vigil.WritePeople, Request: "csv", Response: "ImportResult", MaxBody: org.MaxImportBytes + 1, handle: h.importUsers},
		{Method: "GET", Path: "/api/v1/users/{id}", Summary: "One person", Permission: vigil.ReadPeople, Response: "User", handle: h.user},
		{Method: "PUT", Path: "/api/v1/users/{id}", Summary: "Change a person's details and roles", Permission: vigil.WritePeople, Request: "PersonDetails", Response: "User", handle: h.updateUser},
		{Method: "POST", Path: "/api/v1/users/{id}/password", Summary: "Reset a person's password and sign them out everywhere", Permission: vigil.WritePeople, Request: "PasswordReset", Status: http.StatusNoContent, handle: h.resetPassword},
		{Method: "GET", Path: "/api/v1/teams", Summary: "Teams (wards, departments)", Permission: vigil.ReadOrganisation, Response: "TeamList", handle: h.teams},
		{Method: "POST", Path: "/api/v1/teams", Summary: "Add a team", Permission: vigil.WritePeople, Request: "NewTeam", Response: "Team", Status: http.StatusCreated, handle: h.createTeam},
		{Method: "GET", Path: "/api/v1/sites", Summary: "Sites", Permission: vigil.ReadOrganisation, Response: "SiteList", handle: h.sites},
		{Method: "POST", Path: "/api/v1/sites", Summary: "Add a site", Permission: vigil.WritePeople, Request: "NewSite", Response: "Site", Status: http.StatusCreated, handle: h.createSite},
		{Method: "GET", Path: "/api/v1/tokens", Summary: "API tokens of the organisation", Permission: vigil.ManageTokens, Response: "TokenList", handle: h.tokens},
		{Method: "POST", Path: "/api/v1/tokens", Summary: "Create an API token; its secret is in this response only", Permission: vigil.ManageTokens, Request: "NewToken", Response: "CreatedToken", Status: http.StatusCreated, handle: h.createToken},
		{Method: "DELETE", Path: "/api/v1/tokens/{id}", Summary: "Revoke an API token", Permission: vigil.ManageTokens, Status: http.StatusNoContent, handle: h.revokeToken},
		{Method: "GET", Path: "/api/v1/audit", Summary: "The audit trail, newest first", Permission: vigil.ReadAudit, Response: "AuditPage", Paged: true, handle: h.audit},
		{Method: "GET", Path: "/api/v1/audit.csv", Summary: "The whole audit trail as CSV", Permission: vigil.ReadAudit, Response: "csv", handle: h.auditCSV},
	}
	table = append(table, h.reportRoutes()...)
	table = append(table, h.nationalRoutes()...)
	table = append(table, h.safetyRoutes()...)
	table = append(table, h.careMapRoutes()...)
	table = append(table, h.trainingRoutes()...)
	table = append(table, h.lrsRoutes()...)
	table = append(table, h.buddyContactRoutes()...)
	table = append(table, h.alertRoutes()...)
	table = append(table, h.alertVolumeRoutes()...)
	table = append(table, h.incidentRoutes()...)
	table = append(table, h.notifyRoutes()...)
	table = append(table, h.incidentReviewRoutes()...)
	table = append(table, h.bulletinRoutes()...)
	return append(table, h.vulnRoutes()...)
}

type meJSON struct {
	Organisation orgJSON            `json:"organisation"`
	UserID       string             `json:"user_id,omitempty"`
	TokenID      string             `json:"token_id,omitempty"`
	Name         string             `json:"name"`
	Email        string             `json:"email,omitempty"`
	Roles        []vigil.Role       `json:"roles"`
	Permissions  []vigil.Permission `json:"permissions"`
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	roles := sc.Roles
	if roles == nil {
		roles = []vigil.Role{}
	}
	return writeJSON(w, http.StatusOK, meJSON{
		Organisation: orgJSON{ID: sc.OrgID, Code: sc.OrgCode, Name: sc.OrgName, Type: org.Type(sc.OrgType)},
		UserID:       sc.UserID, TokenID: sc.TokenID, Name: sc.Name, Email: sc.Email, Roles: roles, Permissions: sc.Permissions(),
	})
}

type orgJSON struct {
	ID       string        `json:"id"`
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Type     org.Type      `json:"type"`
	Settings *org.Settings `json:"settings,omitempty"`
}

func toOrgJSON(o org.Organisation) orgJSON {
	return orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, Type: o.Type, Settings: &o.Settings}
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	o, err := h.Orgs.Organisation(r.Context(), sc, sc.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toOrgJSON(o))
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	orgs, err := h.Orgs.Organisations(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]orgJSON, len(orgs))
	for i, o := range orgs {
		out[i] = toOrgJSON(o)
		if o.ID != sc.OrgID {
			out[i].Settings = nil // another organisation's contact details are its own business
		}
	}
	return writeJSON(w, http.StatusOK, list[orgJSON]{out})
}

type siteJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (h *Handler) sites(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	sites, err := h.Orgs.Sites(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]siteJSON, len(sites))
	for i, s := range sites {
		out[i] = siteJSON{ID: s.ID, Name: s.Name}
	}
	return writeJSON(w, http.StatusOK, list[siteJSON]{out})
}

func (h *Handler) createSite(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in newSiteJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	s, err := h.Orgs.CreateSite(r.Context(), sc, in.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, siteJSON{ID: s.ID, Name: s.Name})
}

type newSiteJSON struct {
	Name string `json:"name"`
}

type teamJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	SiteID  string `json:"site_id,omitempty"`
	Members int    `json:"members"`
}

func (h *Handler) teams(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	teams, err := h.Orgs.Teams(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]teamJSON, len(teams))
	for i, t := range teams {
		out[i] = teamJSON{ID: t.ID, Name: t.Name, Kind: t.Kind, SiteID: t.SiteID, Members: t.Members}
	}
	return writeJSON(w, http.StatusOK, list[teamJSON]{out})
}

func (h *Handler) createTeam(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in newTeamJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := h.Orgs.CreateTeam(r.Context(), sc, org.NewTeam{Name: in.Name, Kind: in.Kind, SiteID: in.SiteID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, teamJSON{ID: t.ID, Name: t.Name, Kind: t.Kind, SiteID: t.SiteID})
}

type newTeamJSON struct {
	Name   string `json:"name"`
	Kind   string `json:"kind,omitempty"`
	SiteID string `json:"site_id,omitempty"`
}

type tokenJSON struct {
	ID         string             `json:"id"`
	Name       string             `json:"name"`
	Scopes     []vigil.Permission `json:"scopes"`
	CreatedBy  string             `json:"created_by"`
	CreatedAt  time.Time          `json:"created_at"`
	LastUsedAt *time.Time         `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time         `json:"revoked_at,omitempty"`
	Secret     string             `json:"secret,omitempty"`
}

func toTokenJSON(t auth.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Scopes: t.Scopes, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

func (h *Handler) tokens(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	toks, err := h.Auth.Tokens(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, len(toks))
	for i, t := range toks {
		out[i] = toTokenJSON(t)
	}
	return writeJSON(w, http.StatusOK, list[tokenJSON]{out})
}

type newTokenJSON struct {
	Name   string             `json:"name"`
	Scopes []vigil.Permission `json:"scopes,omitempty"`
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in newTokenJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	var scopes []vigil.Permission
	for _, s := range in.Scopes {
		p, err := vigil.ParsePermission(string(s))
		if err != nil {
			return vigilInvalid("scopes", err)
		}
		scopes = append(scopes, p)
	}
	secret, t, err := h.Auth.CreateToken(r.Context(), sc, in.Name, scopes)
	if err != nil {
		return err
	}
	out := toTokenJSON(t)
	out.Secret = secret
	return writeJSON(w, http.StatusCreated, out)
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Auth.RevokeToken(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type auditJSON struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	EntityType string    `json:"entity_type"`
	EntityID   string    `json:"entity_id"`
	Summary    string    `json:"summary"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
}

func (h *Handler) audit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	events, err := h.Audit.List(r.Context(), sc, before, limit+1)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(events))
	for i, e := range events {
		out[i] = auditJSON{e.ID, e.At, e.ActorID, e.Actor, e.Action, e.EntityType, e.EntityID, e.Summary, e.Before, e.After}
	}
	return writeJSON(w, http.StatusOK, paged(out, limit, func(a auditJSON) string { return a.ID }))
}

func (h *Handler) auditCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	return h.Audit.WriteCSV(r.Context(), sc, w)
}
