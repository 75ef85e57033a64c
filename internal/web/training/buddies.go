package training

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type buddiesView struct {
	web.Layout
	Pairings   []buddy.Pairing
	Candidates []buddy.Candidate
	Without    int // teams without a buddy
	MaxTeams   int
	CanChange  bool
	Team       string // what was chosen, after a refused form
	Buddy      string
	Phone      string
}

// buddyList shows every team with its IT buddy, the teams still without
// one, and how many teams each buddy supports.
func (h *Pages) buddyList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showBuddies(w, r, sc, http.StatusOK, buddiesView{}, nil)
}

func (h *Pages) showBuddies(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typed buddiesView, formErr error) {
	ps, err := h.buddies.Pairings(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	cs, err := h.buddies.Candidates(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := typed
	v.Layout, v.Pairings, v.Candidates, v.MaxTeams, v.CanChange = h.Layout(r, "IT buddies"), ps, cs, buddy.MaxTeams, sc.Can(vigil.WritePeople)
	for _, p := range ps {
		if p.Buddy == nil {
			v.Without++
		}
	}
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "buddies", &v)
}

func (h *Pages) buddyAssign(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	typed := buddiesView{Team: r.PostFormValue("team"), Buddy: r.PostFormValue("buddy"), Phone: r.PostFormValue("phone")}
	if err := h.buddies.Assign(r.Context(), sc, typed.Team, typed.Buddy, typed.Phone); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showBuddies(w, r, sc, http.StatusUnprocessableEntity, typed, err)
		return
	}
	h.SetFlash(w, "The team has its IT buddy. Everyone in it now sees them on their home page.")
	http.Redirect(w, r, "/training/buddies", http.StatusSeeOther)
}

func (h *Pages) buddyRemove(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := h.buddies.Unassign(r.Context(), sc, r.PathValue("team")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "The team no longer has an IT buddy.")
	http.Redirect(w, r, "/training/buddies", http.StatusSeeOther)
}
