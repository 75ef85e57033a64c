package monitoring

import (
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/vigil"
)

type linksView struct {
	page
	Incident   incident.Incident
	Candidates []candidateGroup
}

type candidateGroup struct {
	Kind    incident.LinkKind
	Label   string // "Staff reports, latest first"
	Options []option
}

// candidateLabel names a kind's list and says its order.
func candidateLabel(k incident.LinkKind) string {
	if k == incident.LinkFinding {
		return "Open vulnerability findings, most urgent first"
	}
	return "Staff reports, latest first"
}

// linkForm offers the organisation's recent reports and findings not yet
// linked to the incident.
func (h *Pages) linkForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.newLinksView(r, sc, inc, nil)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "incident_links", &v)
}

func (h *Pages) newLinksView(r *http.Request, sc vigil.Scope, inc incident.Incident, chosen []string) (linksView, error) {
	v := linksView{page: h.page(r, "Link reports and findings to "+inc.Code()), Incident: inc}
	v.Back = "/monitoring/incidents/" + inc.ID
	all, err := h.incidents.LinkCandidates(r.Context(), sc, inc.ID)
	if err != nil {
		return v, err
	}
	for _, c := range all {
		g := candidateGroup{Kind: c.Kind, Label: candidateLabel(c.Kind)}
		for _, l := range c.Items {
			value := string(l.Kind) + ":" + l.ID
			g.Options = append(g.Options, option{Value: value, Label: l.Title, Hint: l.At.Format("2 January 2006"), Selected: slices.Contains(chosen, value)})
		}
		v.Candidates = append(v.Candidates, g)
	}
	return v, nil
}

// link links the chosen reports and findings.
func (h *Pages) link(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	inc, err := h.incidents.Get(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.Fail(w, r, vigil.Errorf(vigil.Invalid, "The form could not be read."))
		return
	}
	chosen := r.PostForm["link"]
	refs := make([]incident.LinkRef, 0, len(chosen))
	for _, c := range chosen {
		kind, id, _ := strings.Cut(c, ":")
		refs = append(refs, incident.LinkRef{Kind: incident.LinkKind(kind), ID: id})
	}
	linked, err := h.incidents.Link(r.Context(), sc, inc.ID, refs)
	if err != nil {
		v, verr := h.newLinksView(r, sc, inc, chosen)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		h.renderInvalid(w, r, "incident_links", &v, err)
		return
	}
	h.SetFlash(w, plural(len(linked), "record")+" linked to "+inc.Code()+".")
	http.Redirect(w, r, "/monitoring/incidents/"+inc.ID+"#linked", http.StatusSeeOther)
}

// unlink removes a report or finding linked by mistake.
func (h *Pages) unlink(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	ref := incident.LinkRef{Kind: incident.LinkKind(r.PathValue("kind")), ID: r.PathValue("target")}
	if err := h.incidents.Unlink(r.Context(), sc, id, ref); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Link removed. The "+strings.ToLower(ref.Kind.Label())+" itself is unchanged.")
	http.Redirect(w, r, "/monitoring/incidents/"+id+"#linked", http.StatusSeeOther)
}
