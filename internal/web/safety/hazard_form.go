package safety

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The hazard form records a new hazard, changes one, or accepts a
// suggestion as drafted or edited. It works without JavaScript: the further
// controls are rows of boxes, with two empty rows to add more.

type hazardFormView struct {
	page
	Heading     string
	Action      string
	Submit      string
	Version     int
	Key         string // the suggestion being accepted
	Why         string // why it was suggested
	Title       string
	Description string
	Causes      string
	Effect      string
	Harm        string
	Types       []option
	MapLinks    []linkGroup // the care map's services, assets and suppliers
	References  string      // findings and incidents, one a line
	Existing    string
	InitialC    []option
	InitialL    []option
	Controls    []controlRow
	ResidualC   []option
	ResidualL   []option
	Owners      []option
	ReviewBy    dateField
}

// linkGroup is one kind of care map link, as checkboxes.
type linkGroup struct {
	Kind    string // the field name: service, asset, supplier
	Legend  string
	Options []option
	Chosen  int
}

type controlRow struct {
	N       int
	Number  int // N counted from 1, for people
	Kinds   []option
	Text    string
	InPlace bool
}

// newHazardForm fills the form from details; a suggestion's key and reason go in separately.
func (h *Pages) newHazardForm(r *http.Request, sc vigil.Scope, title string, d hazard.Details) hazardFormView {
	v := hazardFormView{page: h.page(r, title), Heading: title, Title: d.Title, Description: d.Description,
		Causes: strings.Join(d.Causes, "\n"), Effect: d.Effect, Harm: d.Harm, Types: typeOptions(d.Type),
		References: hazard.FormatReferences(d.Links), Existing: d.ExistingControls,
		InitialC: consequenceOptions(d.Initial.Consequence), InitialL: likelihoodOptions(d.Initial.Likelihood),
		ResidualC: consequenceOptions(d.Residual.Consequence), ResidualL: likelihoodOptions(d.Residual.Likelihood),
		ReviewBy: dateFieldOf(d.ReviewBy)}
	for i, c := range d.FurtherControls {
		v.Controls = append(v.Controls, controlRow{N: i, Number: i + 1, Kinds: controlKindOptions(c.Kind), Text: c.Text, InPlace: c.InPlace})
	}
	for i := len(d.FurtherControls); i < min(len(d.FurtherControls)+2, hazard.MaxControls); i++ {
		v.Controls = append(v.Controls, controlRow{N: i, Number: i + 1, Kinds: controlKindOptions("")})
	}
	v.MapLinks = h.mapLinks(r, sc, d.Links)
	v.Owners = []option{{Value: "", Label: "The Clinical Safety Officer", Selected: d.Owner.ID == ""}}
	if owners, err := h.log.Owners(r.Context(), sc); err != nil {
		h.Logger.Warn("list hazard owners", "err", err)
	} else {
		for _, o := range owners {
			v.Owners = append(v.Owners, option{Value: o.ID, Label: o.Name + " (" + o.Role.Label() + ")", Selected: o.ID == d.Owner.ID})
		}
	}
	return v
}

func controlKindOptions(selected hazard.ControlKind) []option {
	out := []option{{Value: "", Label: "Choose a kind", Selected: selected == ""}}
	for _, k := range hazard.ControlKinds {
		out = append(out, option{Value: string(k), Label: k.Label(), Selected: k == selected})
	}
	return out
}

// mapLinks offers the care map's services, assets and suppliers, with the
// hazard's links ticked. Without a map there is nothing to offer.
func (h *Pages) mapLinks(r *http.Request, sc vigil.Scope, links []hazard.Link) []linkGroup {
	st, err := h.maps.Current(r.Context(), sc)
	if err != nil {
		return nil
	}
	m := st.Map
	linked := func(kind hazard.LinkKind, id string) bool {
		return slices.ContainsFunc(links, func(l hazard.Link) bool { return l.Kind == kind && l.ID == id })
	}
	group := func(kind hazard.LinkKind, legend string, ids func(yield func(id, name string))) linkGroup {
		g := linkGroup{Kind: string(kind), Legend: legend}
		ids(func(id, name string) {
			on := linked(kind, id)
			g.Options = append(g.Options, option{Value: id, Label: name, Selected: on})
			if on {
				g.Chosen++
			}
		})
		return g
	}
	return []linkGroup{
		group(hazard.LinkService, "Clinical services", func(y func(string, string)) {
			for _, s := range m.Services {
				y(s.ID, s.Name)
			}
		}),
		group(hazard.LinkAsset, "Systems and devices", func(y func(string, string)) {
			for _, a := range m.Assets {
				y(a.ID, a.Name)
			}
		}),
		group(hazard.LinkSupplier, "Suppliers", func(y func(string, string)) {
			for _, s := range m.Suppliers {
				y(s.ID, s.Name)
			}
		}),
	}
}

// detailsFrom reads the posted form. Links to findings and incidents keep
// the page address they had, matched by kind and reference.
func (h *Pages) detailsFrom(r *http.Request, sc vigil.Scope, was []hazard.Link) (hazard.Details, map[string]string) {
	f := r.PostForm
	problems := map[string]string{}
	d := hazard.Details{Title: f.Get("title"), Description: f.Get("description"), Causes: strings.Split(f.Get("causes"), "\n"),
		Effect: f.Get("effect"), Harm: f.Get("harm"), Type: hazard.Type(f.Get("type")), ExistingControls: f.Get("existing_controls"),
		Owner: hazard.Person{ID: f.Get("owner")}}
	var err error
	if d.Initial.Consequence, err = parseConsequence(f.Get("initial_consequence")); err != nil {
		problems["initial_consequence"] = "Choose the initial consequence"
	}
	if d.Initial.Likelihood, err = parseLikelihood(f.Get("initial_likelihood")); err != nil {
		problems["initial_likelihood"] = "Choose the initial likelihood"
	}
	d.Residual.Consequence, _ = parseConsequence(f.Get("residual_consequence"))
	d.Residual.Likelihood, _ = parseLikelihood(f.Get("residual_likelihood"))
	for i := range hazard.MaxControls + 2 {
		n := strconv.Itoa(i)
		if !f.Has("control_text_" + n) {
			break
		}
		c := hazard.Control{Kind: hazard.ControlKind(f.Get("control_kind_" + n)), Text: f.Get("control_text_" + n), InPlace: f.Get("control_in_place_"+n) == "yes"}
		if strings.TrimSpace(c.Text) != "" || c.Kind != "" {
			d.FurtherControls = append(d.FurtherControls, c)
		}
	}
	if slices.ContainsFunc(d.FurtherControls, func(c hazard.Control) bool { return strings.TrimSpace(c.Text) == "" }) {
		problems["controls"] = "Describe each further control you chose a kind for"
	}
	for _, kind := range []hazard.LinkKind{hazard.LinkService, hazard.LinkAsset, hazard.LinkSupplier} {
		for _, id := range f[string(kind)] {
			d.Links = append(d.Links, hazard.Link{Kind: kind, ID: id, Title: h.mapName(r, sc, id)})
		}
	}
	refs, err := hazard.ParseReferences(f.Get("references"))
	if err != nil {
		problems["references"] = fieldOf(err, "references")
	}
	for _, ref := range refs {
		if i := slices.IndexFunc(was, func(l hazard.Link) bool { return l.Kind == ref.Kind && l.ID == ref.ID }); i >= 0 {
			ref.Path = was[i].Path
		}
		d.Links = append(d.Links, ref)
	}
	review, ok := dateFieldFrom(f.Get, "review_by").parse()
	if !ok {
		problems["review_by"] = "Enter the review date as a real date, such as 30 9 2026, or leave it empty"
	}
	d.ReviewBy = review
	return d, problems
}

func parseConsequence(s string) (caremap.Consequence, error) { return caremap.ParseConsequence(s) }
func parseLikelihood(s string) (caremap.Likelihood, error)   { return caremap.ParseLikelihood(s) }

func (h *Pages) mapName(r *http.Request, sc vigil.Scope, id string) string {
	st, err := h.maps.Current(r.Context(), sc)
	if err != nil {
		return id
	}
	if n := st.Map.Name(id); n != "" {
		return n
	}
	return id
}

func fieldOf(err error, field string) string {
	if e, ok := err.(*vigil.Error); ok && e.Fields[field] != "" {
		return e.Fields[field]
	}
	return err.Error()
}

// invalidForm is the error for a form with problems, the form's own first
// and then the domain's checks of what it holds; nil when there are none.
func invalidForm(message string, form, domain map[string]string) error {
	all := map[string]string{}
	for k, v := range domain {
		all[k] = v
	}
	for k, v := range form {
		all[k] = v
	}
	if len(all) == 0 {
		return nil
	}
	return vigil.InvalidFields(message, all)
}

func (h *Pages) hazardNewForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := h.newHazardForm(r, sc, "Record a hazard", hazard.Details{})
	v.Action, v.Submit, v.Back = "/hazards/new", "Record the hazard", "/hazards"
	h.render(w, r, http.StatusOK, "hazard_form", &v)
}

func (h *Pages) hazardCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, problems := h.detailsFrom(r, sc, nil)
	var hz hazard.Hazard
	err := invalidForm("Check the hazard's details.", problems, d.Check())
	if err == nil {
		hz, err = h.log.Create(r.Context(), sc, d)
	}
	if err != nil {
		v := h.newHazardForm(r, sc, "Record a hazard", d)
		v.Action, v.Submit, v.Back = "/hazards/new", "Record the hazard", "/hazards"
		h.renderInvalid(w, r, "hazard_form", &v, err)
		return
	}
	h.SetFlash(w, hz.Code()+" is in the hazard log. It needs a Clinical Safety Officer to approve its risk assessment.")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

func (h *Pages) hazardEditForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	v := h.editForm(r, sc, hz, hz.Details)
	h.render(w, r, http.StatusOK, "hazard_form", &v)
}

func (h *Pages) editForm(r *http.Request, sc vigil.Scope, hz hazard.Hazard, d hazard.Details) hazardFormView {
	v := h.newHazardForm(r, sc, "Change "+hz.Code(), d)
	v.Action, v.Submit, v.Back, v.Version = "/hazards/"+hz.ID+"/edit", "Save changes", "/hazards/"+hz.ID, hz.Version
	return v
}

func (h *Pages) hazardEdit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	d, problems := h.detailsFrom(r, sc, hz.Links)
	err := invalidForm("Check the hazard's details.", problems, d.Check())
	var saved hazard.Hazard
	if err == nil {
		saved, err = h.log.Update(r.Context(), sc, hz.ID, formInt(r, "version"), d)
	}
	if err != nil {
		v := h.editForm(r, sc, hz, d)
		h.renderInvalid(w, r, "hazard_form", &v, err)
		return
	}
	msg := saved.Code() + " has been saved."
	if hz.Approved() && !saved.Approved() {
		msg += " Its risk assessment changed, so it needs a Clinical Safety Officer's approval again."
	}
	h.SetFlash(w, msg)
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

// suggestionPath is the accept form of a suggestion.
func suggestionPath(action, key string) string {
	return "/hazards/suggestions/" + action + "?key=" + url.QueryEscape(key)
}
