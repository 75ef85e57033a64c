package api

import (
	"io"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

type userJSON struct {
	ID          string       `json:"id"`
	Email       string       `json:"email"`
	Name        string       `json:"name"`
	JobRole     org.JobRole  `json:"job_role"`
	TeamID      string       `json:"team_id,omitempty"`
	Team        string       `json:"team,omitempty"`
	Roles       []vigil.Role `json:"roles"`
	HasPassword bool         `json:"has_password"`
	Disabled    bool         `json:"disabled"`
	CreatedAt   time.Time    `json:"created_at"`
}

func toUserJSON(u org.User, hasPassword bool) userJSON {
	roles := u.Roles
	if roles == nil {
		roles = []vigil.Role{}
	}
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, JobRole: u.JobRole, TeamID: u.TeamID, Team: u.TeamName,
		Roles: roles, HasPassword: hasPassword, Disabled: u.Disabled, CreatedAt: u.CreatedAt}
}

// personJSON is the body that adds or changes a person.
type personJSON struct {
	Email    string       `json:"email"`
	Name     string       `json:"name"`
	JobRole  org.JobRole  `json:"job_role"`
	TeamID   string       `json:"team_id,omitempty"`
	Roles    []vigil.Role `json:"roles,omitempty"`
	Password string       `json:"password,omitempty" jsonschema:"minLength=12"`
	Disabled bool         `json:"disabled,omitempty"`
}

func (p personJSON) details() org.PersonDetails {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	return org.PersonDetails{Email: p.Email, Name: p.Name, JobRole: string(p.JobRole), TeamID: p.TeamID, Roles: roles, Disabled: p.Disabled}
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	after, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	users, err := h.Orgs.Users(r.Context(), sc, org.UserFilter{After: after, Limit: limit + 1, Search: r.URL.Query().Get("q"), TeamID: r.URL.Query().Get("team_id")})
	if err != nil {
		return err
	}
	withPassword, err := h.Auth.WithPasswords(r.Context(), sc, users)
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = toUserJSON(u, withPassword[u.ID])
	}
	return writeJSON(w, http.StatusOK, paged(out, limit, func(u userJSON) string { return u.ID }))
}

func (h *Handler) user(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeUser(w, r, sc, http.StatusOK, r.PathValue("id"))
}

// writeUser answers with one person as they are stored now.
func (h *Handler) writeUser(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, id string) error {
	u, err := h.Orgs.User(r.Context(), sc, id)
	if err != nil {
		return err
	}
	withPassword, err := h.Auth.WithPasswords(r.Context(), sc, []org.User{u})
	if err != nil {
		return err
	}
	return writeJSON(w, status, toUserJSON(u, withPassword[u.ID]))
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in personJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	u, err := h.Auth.AddPerson(r.Context(), sc, in.details(), in.Password)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+u.ID)
	return h.writeUser(w, r, sc, http.StatusCreated, u.ID)
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in personJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Password != "" {
		return vigil.InvalidFields("Set passwords with the password operation.", map[string]string{"password": "use POST /api/v1/users/{id}/password"})
	}
	if _, err := h.Orgs.UpdateUser(r.Context(), sc, r.PathValue("id"), in.details()); err != nil {
		return err
	}
	return h.writeUser(w, r, sc, http.StatusOK, r.PathValue("id"))
}

type passwordResetJSON struct {
	Password string `json:"password" jsonschema:"minLength=12"`
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in passwordResetJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := h.Auth.ResetPassword(r.Context(), sc, r.PathValue("id"), in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) importUsers(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	res, err := h.Orgs.ImportCSV(r.Context(), sc, io.LimitReader(r.Body, org.MaxImportBytes+1))
	if err != nil {
		return err
	}
	teams := res.TeamsCreated
	if teams == nil {
		teams = []string{}
	}
	return writeJSON(w, http.StatusOK, importResultJSON{res.Added, res.Updated, teams})
}

type importResultJSON struct {
	Added        int      `json:"added"`
	Updated      int      `json:"updated"`
	TeamsCreated []string `json:"teams_created"`
}

func vigilInvalid(field string, err error) error {
	return vigil.InvalidFields("The request has a problem.", map[string]string{field: err.Error()})
}
