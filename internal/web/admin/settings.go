package admin

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type settingsView struct {
	web.Layout
	Org     org.Organisation
	Domains string
	Servers string
}

func (h *Pages) settingsForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	o, err := h.orgs.Organisation(r.Context(), sc, sc.OrgID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := settingsView{Layout: h.Layout(r, "Organisation settings"), Org: o, Domains: strings.Join(o.Settings.EmailDomains, "\n"),
		Servers: strings.Join(o.Settings.BoundaryServers, "\n")}
	v.Back = "/admin"
	h.render(w, r, http.StatusOK, "settings", &v)
}

func (h *Pages) settingsUpdate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	// The form always sends every field, empty or not: a post without them
	// is not the form, and must not wipe every setting.
	if _, ok := r.PostForm["service_desk_phone"]; !ok {
		h.Fail(w, r, vigil.Errorf(vigil.Invalid, "The settings form arrived empty, so nothing was changed. Go back and try again."))
		return
	}
	s := org.Settings{
		ServiceDeskPhone:   strings.TrimSpace(r.PostFormValue("service_desk_phone")),
		ServiceDeskEmail:   strings.TrimSpace(r.PostFormValue("service_desk_email")),
		EmailDomains:       strings.Fields(strings.ToLower(r.PostFormValue("email_domains"))),
		AnonymousReporting: r.PostFormValue("anonymous_reporting") == "yes",
		BoundaryServers:    strings.Fields(strings.ToLower(r.PostFormValue("boundary_servers"))),
		SharedModel:        r.PostFormValue("shared_model") == "yes",
	}
	if len(s.ServiceDeskPhone) > 40 || len(s.ServiceDeskEmail) > 200 || len(s.EmailDomains) > 50 || len(s.BoundaryServers) > 20 {
		h.Fail(w, r, vigil.InvalidFields("The settings are too long.", map[string]string{"service_desk_phone": "Keep each setting short."}))
		return
	}
	if err := h.orgs.UpdateSettings(r.Context(), sc, s); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "The settings have been saved.")
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}

type organisationsView struct {
	web.Layout
	Organisations []org.Organisation
}

func (h *Pages) organisations(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	orgs, err := h.orgs.Organisations(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := organisationsView{Layout: h.Layout(r, "Organisations"), Organisations: orgs}
	h.render(w, r, http.StatusOK, "organisations", &v)
}
