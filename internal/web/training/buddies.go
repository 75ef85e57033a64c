package training

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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
	Team       string // what was chosen, after a refused form or a suggestion
	Buddy      string
	Phone      string
	// Suggestions are the buddies proposed for each team without one, by team id.
	Suggestions    map[string][]buddy.Suggestion
	MinMax, MaxMax int
	MaxTyped       string // the limit as typed, after a refused form
}

// buddyList shows every team with its IT buddy, the teams still without
// one, and how many teams each buddy supports.
func (h *Pages) buddyList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	q := r.URL.Query()
	h.showBuddies(w, r, sc, http.StatusOK, buddiesView{Team: q.Get("team"), Buddy: q.Get("buddy")}, nil)
}

func (h *Pages) showBuddies(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typed buddiesView, formErr error) {
	ps, cs, most, err := h.readBuddies(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := typed
	v.Layout, v.Pairings, v.Candidates, v.MaxTeams, v.CanChange = h.Layout(r, "IT buddies"), ps, cs, most, sc.Can(vigil.WritePeople)
	v.MinMax, v.MaxMax = buddy.MinMaxTeams, buddy.MaxMaxTeams
	if v.MaxTyped == "" {
		v.MaxTyped = strconv.Itoa(most)
	}
	if v.CanChange {
		if v.Suggestions, err = h.buddies.Suggestions(r.Context(), sc, ps, cs); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
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

// buddyMaxTeams sets how many teams one buddy may support.
func (h *Pages) buddyMaxTeams(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	typed := buddiesView{MaxTyped: r.PostFormValue("max_teams")}
	n, err := strconv.Atoi(strings.TrimSpace(typed.MaxTyped))
	if err != nil {
		n = 0 // refused below with the same words as any number out of range
	}
	if err := h.buddies.SetMaxTeams(r.Context(), sc, n); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showBuddies(w, r, sc, http.StatusUnprocessableEntity, typed, err)
		return
	}
	h.SetFlash(w, fmt.Sprintf("Saved. A buddy with %d teams is no longer suggested for another, and more than that shows as overloaded.", n))
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

// readBuddies are the organisation's teams with their buddies, the people
// who may be buddies, and its limit of teams per buddy, read once for a page.
func (h *Pages) readBuddies(ctx context.Context, sc vigil.Scope) ([]buddy.Pairing, []buddy.Candidate, int, error) {
	ps, err := h.buddies.Pairings(ctx, sc)
	if err != nil {
		return nil, nil, 0, err
	}
	cs, err := h.buddies.Candidates(ctx, sc)
	if err != nil {
		return nil, nil, 0, err
	}
	most, err := h.buddies.MaxTeamsOf(ctx, sc)
	if err != nil {
		return nil, nil, 0, err
	}
	return ps, cs, most, nil
}
