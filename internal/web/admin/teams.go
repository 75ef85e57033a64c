package admin

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type teamsView struct {
	web.Layout
	Teams    []org.Team
	Sites    []org.Site
	CanEdit  bool
	TeamName string
	TeamKind string
}

func (h *Pages) teamsPage(r *http.Request, sc vigil.Scope) (teamsView, error) {
	v := teamsView{Layout: h.Layout(r, "Teams and sites"), CanEdit: sc.Can(vigil.WritePeople)}
	var err error
	if v.Teams, err = h.orgs.Teams(r.Context(), sc); err != nil {
		return v, err
	}
	v.Sites, err = h.orgs.Sites(r.Context(), sc)
	return v, err
}

func (h *Pages) teams(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.teamsPage(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "teams", &v)
}

func (h *Pages) teamCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	nt := org.NewTeam{Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), SiteID: r.PostFormValue("site")}
	t, err := h.orgs.CreateTeam(r.Context(), sc, nt)
	if err != nil {
		h.teamsFailed(w, r, sc, nt, err)
		return
	}
	h.SetFlash(w, t.Name+" has been added.")
	http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
}

func (h *Pages) siteCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, err := h.orgs.CreateSite(r.Context(), sc, r.PostFormValue("site_name"))
	if err != nil {
		if e, ok := err.(*vigil.Error); ok && e.Fields != nil {
			e.Fields = map[string]string{"site_name": e.Fields["name"]}
		}
		h.teamsFailed(w, r, sc, org.NewTeam{}, err)
		return
	}
	h.SetFlash(w, s.Name+" has been added.")
	http.Redirect(w, r, "/admin/teams", http.StatusSeeOther)
}

func (h *Pages) teamsFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope, nt org.NewTeam, err error) {
	if c := vigil.CodeOf(err); c != vigil.Invalid && c != vigil.Conflict {
		h.Fail(w, r, err)
		return
	}
	v, perr := h.teamsPage(r, sc)
	if perr != nil {
		h.Fail(w, r, perr)
		return
	}
	v.TeamName, v.TeamKind = nt.Name, nt.Kind
	v.SetErrors(err)
	h.render(w, r, http.StatusUnprocessableEntity, "teams", &v)
}
