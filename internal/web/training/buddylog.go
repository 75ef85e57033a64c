package training

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type buddyLogView struct {
	web.Layout
	Teams    []buddy.Pairing
	Kinds    []buddy.Kind
	Log      []buddy.Contact
	Typed    buddy.NewContact // what was typed, after a refused form
	Today    string
	MaxNote  int
	MaxShown int
}

// buddyLog is a buddy's own contact log, with the form to add to it.
func (h *Pages) buddyLog(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showBuddyLog(w, r, sc, http.StatusOK, buddy.NewContact{Kind: string(buddy.Visit), Day: h.today().Format(time.DateOnly)}, nil)
}

func (h *Pages) showBuddyLog(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typed buddy.NewContact, formErr error) {
	teams, err := h.buddies.MyTeams(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	log, err := h.buddies.MyLog(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := buddyLogView{Layout: h.Layout(r, "My buddy log"), Teams: teams, Kinds: buddy.Kinds, Log: log, Typed: typed,
		Today: h.today().Format(time.DateOnly), MaxNote: buddy.MaxNoteChars, MaxShown: buddy.MaxContactsListed}
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.render(w, r, status, "buddylog", &v)
}

func (h *Pages) buddyLogAdd(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	typed := buddy.NewContact{TeamID: r.PostFormValue("team"), Kind: r.PostFormValue("kind"), Day: r.PostFormValue("day"),
		Minutes: r.PostFormValue("minutes"), Note: r.PostFormValue("note")}
	if _, err := h.buddies.Log(r.Context(), sc, typed); err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showBuddyLog(w, r, sc, http.StatusUnprocessableEntity, typed, err)
		return
	}
	h.SetFlash(w, "Logged. Thank you for helping your team.")
	http.Redirect(w, r, "/training/buddies/log", http.StatusSeeOther)
}

// today is the day in UK time.
func (h *Pages) today() time.Time { return buddy.Day(h.Now().In(london)) }

type buddyContactsView struct {
	web.Layout
	Report   buddy.Report
	From, To string
	Query    string // the period, for the CSV link
	MaxShown int
	Totals   []contactTotals
}

// contactTotals is one table of totals: by buddy or by team.
type contactTotals struct {
	Caption, Column string
	Rows            []buddy.Total
}

// readPeriod reads the period asked for; a wrong date is shown on the page
// and the default period used.
func (h *Pages) readPeriod(r *http.Request) (buddy.Period, string, string, error) {
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	p, problems := buddy.ParsePeriod(from, to, h.today())
	if len(problems) > 0 {
		def, _ := buddy.ParsePeriod("", "", h.today())
		return def, from, to, vigil.InvalidFields("Those dates could not be used, so the last 3 months are shown.", problems)
	}
	return p, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), nil
}

// buddyContacts shows org admins every buddy's contacts over a period,
// with totals by buddy and by team.
func (h *Pages) buddyContacts(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	p, from, to, perr := h.readPeriod(r)
	rep, err := h.buddies.ContactReport(r.Context(), sc, p)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := buddyContactsView{Layout: h.Layout(r, "IT buddy contacts"), Report: rep, From: from, To: to, MaxShown: buddy.MaxContactsListed,
		Query: "from=" + p.From.Format(time.DateOnly) + "&to=" + p.To.Format(time.DateOnly)}
	v.Back = "/training/buddies"
	v.Totals = []contactTotals{{Caption: "By buddy", Column: "Buddy", Rows: rep.ByBuddy}, {Caption: "By team", Column: "Team", Rows: rep.ByTeam}}
	status := http.StatusOK
	if perr != nil {
		v.SetErrors(perr)
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "buddycontacts", &v)
}

// buddyContactsCSV is the same period's contacts as a spreadsheet.
func (h *Pages) buddyContactsCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	p, _, _, perr := h.readPeriod(r)
	if perr != nil {
		h.Fail(w, r, perr)
		return
	}
	rep, err := h.buddies.ContactReport(r.Context(), sc, p)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="buddy-contacts.csv"`)
	out := csv.NewWriter(w)
	_ = out.Write([]string{"date", "buddy", "team", "kind", "minutes", "note"})
	for _, c := range rep.Contacts {
		_ = out.Write([]string{c.Day.Format(time.DateOnly), audit.DefuseFormula(c.BuddyName), audit.DefuseFormula(c.TeamName), string(c.Kind),
			strconv.Itoa(c.Minutes), audit.DefuseFormula(c.Note)})
	}
	out.Flush()
	if err := out.Error(); err != nil {
		h.Logger.Warn("write the buddy contacts CSV", "err", err)
	}
}
