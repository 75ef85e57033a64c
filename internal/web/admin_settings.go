package web

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

type settingsView struct {
	layout
	Org     org.Organisation
	Domains string
}

func (h *Handler) settingsForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	o, err := h.Orgs.Organisation(r.Context(), sc, sc.OrgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := settingsView{layout: h.newLayout(r, "Organisation settings"), Org: o, Domains: strings.Join(o.Settings.EmailDomains, "\n")}
	v.Back = "/admin"
	h.render(w, r, http.StatusOK, "settings", &v)
}

func (h *Handler) settingsUpdate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s := org.Settings{
		ServiceDeskPhone:   strings.TrimSpace(r.PostFormValue("service_desk_phone")),
		ServiceDeskEmail:   strings.TrimSpace(r.PostFormValue("service_desk_email")),
		EmailDomains:       strings.Fields(strings.ToLower(r.PostFormValue("email_domains"))),
		AnonymousReporting: r.PostFormValue("anonymous_reporting") == "yes",
	}
	if len(s.ServiceDeskPhone) > 40 || len(s.ServiceDeskEmail) > 200 || len(s.EmailDomains) > 50 {
		h.fail(w, r, vigil.InvalidFields("The settings are too long.", map[string]string{"service_desk_phone": "Keep each setting short."}))
		return
	}
	if err := h.Orgs.UpdateSettings(r.Context(), sc, s); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, "The settings have been saved.")
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}

type organisationsView struct {
	layout
	Organisations []org.Organisation
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	orgs, err := h.Orgs.Organisations(r.Context(), sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := organisationsView{layout: h.newLayout(r, "Organisations"), Organisations: orgs}
	h.render(w, r, http.StatusOK, "organisations", &v)
}
