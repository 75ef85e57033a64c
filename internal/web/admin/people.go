package admin

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type adminIndexView struct{ web.Layout }

func (h *Pages) adminIndex(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := adminIndexView{h.Layout(r, "Administration")}
	h.render(w, r, http.StatusOK, "admin", &v)
}

type peopleView struct {
	web.Layout
	People   []org.User
	Search   string
	NextPage string
	CanEdit  bool
}

func (h *Pages) people(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	const pageSize = 50
	v := peopleView{Layout: h.Layout(r, "People"), Search: strings.TrimSpace(r.FormValue("q")), CanEdit: sc.Can(vigil.WritePeople)}
	people, err := h.orgs.Users(r.Context(), sc, org.UserFilter{After: r.FormValue("after"), Limit: pageSize + 1, Search: v.Search})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if len(people) > pageSize {
		people = people[:pageSize]
		v.NextPage = people[pageSize-1].ID
	}
	v.People = people
	h.render(w, r, http.StatusOK, "people", &v)
}

// personForm is the add/edit form's state, kept when it is shown again with errors.
type personForm struct {
	web.Layout
	ID        string
	Email     string
	Name      string
	JobRole   string
	TeamID    string
	Roles     []string
	Disabled  bool
	Teams     []org.Team
	JobRoles  []org.JobRole
	AllRoles  []vigil.Role
	CanEdit   bool
	IsSelf    bool
	MinLength int
}

// HasRole is for the roles checkboxes.
func (f *personForm) HasRole(r vigil.Role) bool {
	for _, have := range f.Roles {
		if have == string(r) {
			return true
		}
	}
	return false
}

func (h *Pages) newPersonForm(r *http.Request, sc vigil.Scope, title string) (personForm, error) {
	teams, err := h.orgs.Teams(r.Context(), sc)
	if err != nil {
		return personForm{}, err
	}
	f := personForm{Layout: h.Layout(r, title), Teams: teams, JobRoles: org.JobRoles, CanEdit: sc.Can(vigil.WritePeople), MinLength: auth.MinPasswordLength}
	for _, role := range vigil.Roles {
		if role == vigil.CentralAnalyst && org.Type(sc.OrgType) != org.NationalCentre {
			continue
		}
		f.AllRoles = append(f.AllRoles, role)
	}
	f.Back = "/admin/people"
	return f, nil
}

func detailsFrom(r *http.Request) org.PersonDetails {
	return org.PersonDetails{
		Email:    r.PostFormValue("email"),
		Name:     r.PostFormValue("name"),
		JobRole:  r.PostFormValue("job_role"),
		TeamID:   r.PostFormValue("team"),
		Roles:    r.PostForm["roles"],
		Disabled: r.PostFormValue("disabled") == "yes",
	}
}

func (f *personForm) fill(d org.PersonDetails) {
	f.Email, f.Name, f.JobRole, f.TeamID, f.Roles, f.Disabled = d.Email, d.Name, d.JobRole, d.TeamID, d.Roles, d.Disabled
}

func (h *Pages) personNewForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	f, err := h.newPersonForm(r, sc, "Add a person")
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	f.Roles = []string{string(vigil.Staff)}
	h.render(w, r, http.StatusOK, "person", &f)
}

func (h *Pages) personCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := detailsFrom(r)
	u, err := h.auth.AddPerson(r.Context(), sc, d, r.PostFormValue("password"))
	if err != nil {
		h.formFailed(w, r, sc, "Add a person", d, err)
		return
	}
	h.SetFlash(w, u.Name+" has been added.")
	http.Redirect(w, r, "/admin/people", http.StatusSeeOther)
}

// formFailed shows the person form again with what was typed and what is wrong.
func (h *Pages) formFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope, title string, d org.PersonDetails, err error) {
	if vigil.CodeOf(err) != vigil.Invalid {
		h.Fail(w, r, err)
		return
	}
	f, ferr := h.newPersonForm(r, sc, title)
	if ferr != nil {
		h.Fail(w, r, ferr)
		return
	}
	f.ID = r.PathValue("id")
	f.IsSelf = f.ID == sc.UserID
	f.fill(d)
	f.SetErrors(err)
	h.render(w, r, http.StatusUnprocessableEntity, "person", &f)
}

func (h *Pages) personEditForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	u, err := h.orgs.User(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	f, err := h.newPersonForm(r, sc, u.Name)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	f.ID, f.IsSelf = u.ID, u.ID == sc.UserID
	roles := make([]string, len(u.Roles))
	for i, role := range u.Roles {
		roles[i] = string(role)
	}
	f.fill(org.PersonDetails{Email: u.Email, Name: u.Name, JobRole: string(u.JobRole), TeamID: u.TeamID, Roles: roles, Disabled: u.Disabled})
	h.render(w, r, http.StatusOK, "person", &f)
}

func (h *Pages) personUpdate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := detailsFrom(r)
	u, err := h.orgs.UpdateUser(r.Context(), sc, r.PathValue("id"), d)
	if err != nil {
		h.formFailed(w, r, sc, "Change a person's details", d, err)
		return
	}
	h.SetFlash(w, u.Name+"'s details have been saved.")
	http.Redirect(w, r, "/admin/people", http.StatusSeeOther)
}

func (h *Pages) personResetPassword(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.auth.ResetPassword(r.Context(), sc, id, r.PostFormValue("password")); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		u, uerr := h.orgs.User(r.Context(), sc, id)
		if uerr != nil {
			h.Fail(w, r, uerr)
			return
		}
		roles := make([]string, len(u.Roles))
		for i, role := range u.Roles {
			roles[i] = string(role)
		}
		h.formFailed(w, r, sc, u.Name, org.PersonDetails{Email: u.Email, Name: u.Name, JobRole: string(u.JobRole), TeamID: u.TeamID, Roles: roles, Disabled: u.Disabled}, err)
		return
	}
	h.SetFlash(w, "The password has been reset and the person has been signed out everywhere. Give them the new password in person or by phone, not by e-mail.")
	http.Redirect(w, r, "/admin/people/"+id, http.StatusSeeOther)
}

type importView struct {
	web.Layout
	Result *org.ImportResult
}

func (h *Pages) importForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := importView{Layout: h.Layout(r, "Import a staff list")}
	v.Back = "/admin/people"
	h.render(w, r, http.StatusOK, "import", &v)
}

func (h *Pages) importPeople(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := importView{Layout: h.Layout(r, "Import a staff list")}
	v.Back = "/admin/people"
	file, _, err := r.FormFile("file")
	if err != nil {
		v.SetErrors(vigil.InvalidFields("", map[string]string{"file": "Choose a CSV file to upload"}))
		h.render(w, r, http.StatusUnprocessableEntity, "import", &v)
		return
	}
	defer file.Close()
	res, err := h.orgs.ImportCSV(r.Context(), sc, file)
	if err != nil {
		h.renderInvalid(w, r, "import", &v, err)
		return
	}
	v.Result = &res
	h.render(w, r, http.StatusOK, "import", &v)
}
