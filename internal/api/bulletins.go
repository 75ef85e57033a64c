package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// bulletinRoutes read the "latest tactics" bulletins staff see now.
// Analysts write and publish them on the pages, where a person reads the
// words before all staff do.
func (h *Handler) bulletinRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/bulletins", Summary: "The latest tactics bulletins the caller should see now: the organisation's and the national centre's, newest first",
			Response: "BulletinList", handle: h.currentBulletins},
	}
}

func bulletinComponents() map[string]any {
	return map[string]any{"BulletinList": list[bulletinJSON]{}}
}

type bulletinJSON struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	LooksLike   string     `json:"looks_like"`
	WhatToDo    string     `json:"what_to_do"`
	Link        string     `json:"link,omitempty"` // a page of Vigil: a lesson or a quick answer
	National    bool       `json:"national"`
	JobRoles    []string   `json:"job_roles"` // empty: everyone
	PublishedAt *time.Time `json:"published_at,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
}

func (h *Handler) currentBulletins(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	bs, err := h.Bulletins.Current(r.Context(), sc)
	if err != nil {
		return err
	}
	out := list[bulletinJSON]{Items: []bulletinJSON{}}
	for _, b := range bs {
		roles := b.Audience
		if roles == nil {
			roles = []string{}
		}
		out.Items = append(out.Items, bulletinJSON{ID: b.ID, Title: b.Title, LooksLike: b.LooksLike, WhatToDo: b.WhatToDo, Link: b.Link,
			National: b.National, JobRoles: roles, PublishedAt: b.PublishFrom, ExpiresAt: b.ExpiresAt})
	}
	return writeJSON(w, http.StatusOK, out)
}
