package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/vigil"
)

// buddyContactRoutes give the buddies' contact log, with its totals, to
// a script making a board pack.
func (h *Handler) buddyContactRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/buddies/contacts", Summary: "What IT buddies logged with their teams over a period (?from=&to= as YYYY-MM-DD; the last 3 months by default), with totals by buddy and by team",
			Permission: vigil.WritePeople, Response: "BuddyContactReport", handle: h.buddyContacts},
	}
}

func buddyContactComponents() map[string]any {
	return map[string]any{"BuddyContactReport": contactReportJSON{}}
}

type contactJSON struct {
	ID        string `json:"id"`
	Day       string `json:"day"`
	BuddyID   string `json:"buddy_id"`
	BuddyName string `json:"buddy_name"`
	TeamID    string `json:"team_id"`
	TeamName  string `json:"team_name"`
	Kind      string `json:"kind"` // visit, training-session, question-answered or incident-help
	Minutes   int    `json:"minutes"`
	Note      string `json:"note"`
}

type contactTotalJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Contacts int    `json:"contacts"`
	Minutes  int    `json:"minutes"`
}

type contactReportJSON struct {
	From     string             `json:"from"`
	To       string             `json:"to"`
	Contacts int                `json:"contacts"`
	Minutes  int                `json:"minutes"`
	ByBuddy  []contactTotalJSON `json:"by_buddy"`
	ByTeam   []contactTotalJSON `json:"by_team"`
	Items    []contactJSON      `json:"items"` // newest first, at most 500
	More     bool               `json:"more"`  // the period had more contacts than listed
}

func (h *Handler) buddyContacts(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	p, problems := buddy.ParsePeriod(r.URL.Query().Get("from"), r.URL.Query().Get("to"), buddy.Day(h.Clock().UTC()))
	if len(problems) > 0 {
		return vigil.InvalidFields("The period is not understood.", problems)
	}
	rep, err := h.Buddies.ContactReport(r.Context(), sc, p)
	if err != nil {
		return err
	}
	totals := func(ts []buddy.Total) []contactTotalJSON {
		out := make([]contactTotalJSON, len(ts))
		for i, t := range ts {
			out[i] = contactTotalJSON(t)
		}
		return out
	}
	out := contactReportJSON{From: p.From.Format(time.DateOnly), To: p.To.Format(time.DateOnly), Contacts: rep.All.Contacts, Minutes: rep.All.Minutes,
		ByBuddy: totals(rep.ByBuddy), ByTeam: totals(rep.ByTeam), Items: make([]contactJSON, len(rep.Contacts)), More: rep.More}
	for i, c := range rep.Contacts {
		out.Items[i] = contactJSON{ID: c.ID, Day: c.Day.Format(time.DateOnly), BuddyID: c.BuddyID, BuddyName: c.BuddyName, TeamID: c.TeamID,
			TeamName: c.TeamName, Kind: string(c.Kind), Minutes: c.Minutes, Note: c.Note}
	}
	return writeJSON(w, http.StatusOK, out)
}
