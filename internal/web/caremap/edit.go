package caremap

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Edits to one service or asset go through the same checks as a whole file: the page
// changes a copy of the map, caremap.New checks the copy, and the store saves it as the
// next version only if nobody else changed the map since the form was opened.

// editTarget is the element of the map a form changes, found by id.
type editTarget struct {
	stored mapstore.Stored
	index  int
}

// saveEdit checks the edited contents, stores them and says what happened. problems maps
// form fields to what is wrong; when it is not empty, nothing is stored.
func (h *Pages) saveEdit(r *http.Request, sc vigil.Scope, c caremap.Contents, base int, summary string, problems map[string]string) (mapstore.Replaced, error) {
	if len(problems) > 0 {
		return mapstore.Replaced{}, vigil.InvalidFields("Check what you entered.", problems)
	}
	m, err := caremap.New(c)
	if err != nil {
		return mapstore.Replaced{}, err
	}
	return h.maps.Replace(r.Context(), sc, m, mapstore.Change{Base: base, Summary: summary})
}

func savedFlash(name string, res mapstore.Replaced) string {
	if !res.Changed {
		return "Nothing was changed."
	}
	return fmt.Sprintf("%s has been saved. The care map is now version %d.", name, res.After.Revision)
}

func baseRevision(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostFormValue("revision"))
	return n
}

func changedWhat(name string, changed []string) string {
	switch len(changed) {
	case 0:
		return "Changed " + name
	case 1:
		return "Changed the " + changed[0] + " of " + name
	}
	return "Changed the " + strings.Join(changed[:len(changed)-1], ", ") + " and " + changed[len(changed)-1] + " of " + name
}

type consequenceOption struct {
	Value, Hint string
}

type serviceEditView struct {
	web.Layout
	ID, Name       string
	Procedure      string
	SafeFor        string
	Consequence    string
	PatientsPerDay string
	Consequences   []consequenceOption
	Revision       int
}

func (h *Pages) newServiceEditView(r *http.Request, st mapstore.Stored, s *caremap.Service) serviceEditView {
	v := serviceEditView{Layout: h.Layout(r, "Change "+s.Name), ID: s.ID, Name: s.Name, Revision: st.Revision}
	v.Back = "/caremap/services/" + s.ID
	for c := caremap.Minor; c <= caremap.Catastrophic; c++ {
		v.Consequences = append(v.Consequences, consequenceOption{Value: c.String(), Hint: capitalise(consequenceHint(c))})
	}
	return v
}

// findInMap finds the service or asset the page's {id} names, or renders why not. The
// index is into the map's Services or Assets.
func (h *Pages) findInMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope, want caremap.Type) (editTarget, bool) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return editTarget{}, false
	}
	g := st.Map.Graph()
	i, ok := g.Index(r.PathValue("id"))
	if !ok || g.TypeOf(i) != want {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such %s in the care map.", want))
		return editTarget{}, false
	}
	if want == caremap.TypeAsset {
		i -= g.Services()
	}
	return editTarget{st, i}, true
}

func (h *Pages) serviceEditForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	t, ok := h.findInMap(w, r, sc, caremap.TypeService)
	if !ok {
		return
	}
	s := &t.stored.Map.Services[t.index]
	v := h.newServiceEditView(r, t.stored, s)
	v.Procedure, v.Consequence, v.PatientsPerDay = s.Downtime.Procedure, s.Consequence.String(), strconv.Itoa(s.PatientsPerDay)
	if !s.Downtime.IsZero() {
		v.SafeFor = s.Downtime.SafeFor.String()
	}
	h.render(w, r, http.StatusOK, "service_edit", &v)
}

func (h *Pages) serviceEdit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	t, ok := h.findInMap(w, r, sc, caremap.TypeService)
	if !ok {
		return
	}
	c := t.stored.Map.Contents.Clone()
	s := &c.Services[t.index]
	was := *s
	form := h.newServiceEditView(r, t.stored, s)
	form.Procedure = strings.TrimSpace(r.PostFormValue("procedure"))
	form.SafeFor = strings.TrimSpace(r.PostFormValue("safe_for"))
	form.Consequence = r.PostFormValue("consequence")
	form.PatientsPerDay = strings.TrimSpace(r.PostFormValue("patients_per_day"))
	form.Revision = baseRevision(r)

	problems := map[string]string{}
	s.Downtime = caremap.DowntimeProcedure{Procedure: form.Procedure}
	if form.SafeFor != "" {
		d, err := caremap.ParseDuration(form.SafeFor)
		if err != nil {
			problems["safe_for"] = "Enter how long the procedure keeps patients safe, such as 4h, 12h or 3d"
		}
		s.Downtime.SafeFor = d
	}
	switch {
	case form.Procedure == "" && form.SafeFor != "":
		problems["procedure"] = "Enter what staff do while the systems are down, or clear how long it is safe for"
	case form.Procedure != "" && form.SafeFor == "":
		problems["safe_for"] = "Enter how long the procedure keeps patients safe, such as 4h"
	}
	cons, err := caremap.ParseConsequence(form.Consequence)
	if err != nil {
		problems["consequence"] = "Choose the harm to patients if the service is lost for too long"
	}
	s.Consequence = cons
	n, err := strconv.Atoi(form.PatientsPerDay)
	if form.PatientsPerDay == "" {
		n, err = 0, nil
	}
	if err != nil || n < 0 || n > 10_000_000 {
		problems["patients_per_day"] = "Enter the number of patients a day as a whole number, such as 120"
	}
	s.PatientsPerDay = n

	var changed []string
	if s.Downtime.Procedure != was.Downtime.Procedure {
		changed = append(changed, "downtime procedure")
	}
	if s.Downtime.SafeFor != was.Downtime.SafeFor {
		changed = append(changed, "time it is safe for")
	}
	if s.Consequence != was.Consequence {
		changed = append(changed, "consequence")
	}
	if s.PatientsPerDay != was.PatientsPerDay {
		changed = append(changed, "patients a day")
	}
	res, err := h.saveEdit(r, sc, c, form.Revision, changedWhat(s.Name, changed), problems)
	if err != nil {
		h.renderInvalid(w, r, "service_edit", &form, err)
		return
	}
	h.SetFlash(w, savedFlash(s.Name, res))
	http.Redirect(w, r, "/caremap/services/"+s.ID, http.StatusSeeOther)
}
