package safety

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

// shownSuggestions is how many suggestions the page lists before "show all".
const shownSuggestions = 12

type suggestionRow struct {
	Key, Title, Source, Why string
	Risk                    risk
	AcceptHref, DismissHref string
}

type suggestionsView struct {
	page
	Suggestions []suggestionRow
	Total       int
	All         bool
	Dismissed   []hazard.Dismissal
	CanWrite    bool
	IsCSO       bool
}

func (h *Pages) suggestions(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	all, err := h.log.Suggestions(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	dismissed, err := h.log.Dismissals(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := suggestionsView{page: h.page(r, "Suggested hazards"), Total: len(all), All: r.URL.Query().Get("all") == "1",
		Dismissed: dismissed, CanWrite: sc.Can(vigil.WriteHazards), IsCSO: sc.Has(vigil.ClinicalSafetyOfficer) && sc.Can(vigil.ApproveHazards)}
	v.Back = "/hazards"
	if !v.All && len(all) > shownSuggestions {
		all = all[:shownSuggestions]
	}
	for _, s := range all {
		v.Suggestions = append(v.Suggestions, suggestionRow{Key: s.Key, Title: s.Draft.Title, Source: s.Source, Why: s.Why, Risk: risk(s.Risk()),
			AcceptHref: suggestionPath("accept", s.Key), DismissHref: suggestionPath("dismiss", s.Key)})
	}
	h.render(w, r, http.StatusOK, "suggestions", &v)
}

// suggestion loads the suggestion the request names (?key= or the form's key).
func (h *Pages) suggestion(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (hazard.Suggestion, bool) {
	key := r.FormValue("key")
	s, err := h.log.Suggestion(r.Context(), sc, key)
	if err != nil {
		h.Fail(w, r, err)
		return hazard.Suggestion{}, false
	}
	return s, true
}

func (h *Pages) acceptForm(r *http.Request, sc vigil.Scope, s hazard.Suggestion, d hazard.Details) hazardFormView {
	v := h.newHazardForm(r, sc, "Accept a suggested hazard", d)
	v.Action, v.Submit, v.Back, v.Key, v.Why = "/hazards/suggestions/accept", "Add it to the hazard log", "/hazards/suggestions", s.Key, s.Why
	return v
}

func (h *Pages) suggestionForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, ok := h.suggestion(w, r, sc)
	if !ok {
		return
	}
	v := h.acceptForm(r, sc, s, s.Draft)
	h.render(w, r, http.StatusOK, "hazard_form", &v)
}

func (h *Pages) suggestionAccept(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, ok := h.suggestion(w, r, sc)
	if !ok {
		return
	}
	d, problems := h.detailsFrom(r, sc, s.Draft.Links)
	err := invalidForm("Check the hazard's details.", problems, d.Check())
	var hz hazard.Hazard
	if err == nil {
		hz, err = h.log.Accept(r.Context(), sc, s.Key, d)
	}
	if err != nil {
		v := h.acceptForm(r, sc, s, d)
		h.renderInvalid(w, r, "hazard_form", &v, err)
		return
	}
	h.SetFlash(w, hz.Code()+" is in the hazard log. It needs a Clinical Safety Officer to approve its risk assessment.")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

type dismissView struct {
	page
	Suggestion hazard.Suggestion
	Risk       risk
	Reason     string
}

func (h *Pages) dismissForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, ok := h.suggestion(w, r, sc)
	if !ok {
		return
	}
	v := dismissView{page: h.page(r, "Dismiss a suggested hazard"), Suggestion: s, Risk: risk(s.Risk())}
	v.Back = "/hazards/suggestions"
	h.render(w, r, http.StatusOK, "dismiss", &v)
}

func (h *Pages) dismiss(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	s, ok := h.suggestion(w, r, sc)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := h.log.Dismiss(r.Context(), sc, s.Key, s.Draft.Title, reason); err != nil {
		v := dismissView{page: h.page(r, "Dismiss a suggested hazard"), Suggestion: s, Risk: risk(s.Risk()), Reason: reason}
		v.Back = "/hazards/suggestions"
		h.renderInvalid(w, r, "dismiss", &v, err)
		return
	}
	h.SetFlash(w, "Dismissed: "+s.Draft.Title+". It will not be suggested again.")
	http.Redirect(w, r, "/hazards/suggestions", http.StatusSeeOther)
}
