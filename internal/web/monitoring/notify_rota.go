package monitoring

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

type rotaView struct {
	page
	Rota      notify.Rota
	OnCall    int
	CanChange bool
	Shifts    []option
	People    []rotaChoice
	Date      string
	Time      string
	MaxPeople int
}

// rotaChoice is one person who may be on call, with their place in the order.
type rotaChoice struct {
	ID, Name string
	Position string // "" when not on the rota
}

func (h *Pages) newRotaView(r *http.Request, sc vigil.Scope) (rotaView, error) {
	v := rotaView{page: h.page(r, "On-call rota"), CanChange: sc.Can(vigil.WriteIncidents), MaxPeople: notify.MaxRotaPeople}
	v.Back = "/monitoring/notifications"
	rota, err := h.Notify.Rota(r.Context(), sc)
	if err != nil {
		return v, err
	}
	v.Rota, v.OnCall = rota, rota.OnCallAt(h.Now())
	start, hours := rota.StartsAt, rota.ShiftHours
	if !rota.Set() {
		start, hours = h.Now(), 168
	}
	local := start.In(hazard.London)
	v.Date, v.Time = local.Format("2006-01-02"), local.Format("15:04")
	for _, s := range notify.ShiftChoices {
		v.Shifts = append(v.Shifts, option{Value: strconv.Itoa(s), Label: notify.ShiftLabel(s), Selected: s == hours})
	}
	candidates, err := h.Notify.Candidates(r.Context(), sc)
	if err != nil {
		return v, err
	}
	for _, c := range candidates {
		choice := rotaChoice{ID: c.ID, Name: c.Name}
		if i := slices.IndexFunc(rota.People, func(p notify.OnCall) bool { return p.UserID == c.ID }); i >= 0 {
			choice.Position = strconv.Itoa(i + 1)
		}
		v.People = append(v.People, choice)
	}
	return v, nil
}

func (h *Pages) rotaPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.newRotaView(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "notify_rota", &v)
}

// rotaSave reads the order people were given (1, 2, 3 …; empty for not on
// the rota), the shift length and when the first shift starts.
func (h *Pages) rotaSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	problems := map[string]string{}
	d := notify.RotaDraft{}
	d.ShiftHours, _ = strconv.Atoi(r.PostFormValue("shift_hours"))
	date, clock := strings.TrimSpace(r.PostFormValue("date")), strings.TrimSpace(r.PostFormValue("time"))
	start, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, hazard.London)
	if err != nil {
		problems["starts_at"] = "Give the date as 2026-12-07 and the time as 08:00"
	}
	d.StartsAt = start.UTC()
	type placed struct {
		pos int
		id  string
	}
	var order []placed
	candidates, err := h.Notify.Candidates(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	taken := map[int]string{}
	for _, c := range candidates {
		raw := strings.TrimSpace(r.PostFormValue("position-" + c.ID))
		if raw == "" {
			continue
		}
		pos, err := strconv.Atoi(raw)
		if err != nil || pos < 1 || pos > notify.MaxRotaPeople {
			problems["people"] = fmt.Sprintf("Give %s a place from 1 to %d, or leave it empty", c.Name, notify.MaxRotaPeople)
			continue
		}
		if other, ok := taken[pos]; ok {
			problems["people"] = fmt.Sprintf("%s and %s are both number %d: give each person their own place", other, c.Name, pos)
			continue
		}
		taken[pos] = c.Name
		order = append(order, placed{pos, c.ID})
	}
	slices.SortFunc(order, func(a, b placed) int { return cmp.Compare(a.pos, b.pos) })
	for _, p := range order {
		d.UserIDs = append(d.UserIDs, p.id)
	}
	if ids, problem, err := h.rotaFromFile(r, sc); err != nil {
		h.Fail(w, r, err)
		return
	} else if problem != "" {
		problems["people_csv"] = problem
	} else if ids != nil {
		d.UserIDs = ids // the file's order replaces the numbers
		delete(problems, "people")
	}
	if len(problems) == 0 {
		_, err = h.Notify.SetRota(r.Context(), sc, d)
	} else {
		err = vigil.InvalidFields("Check the rota.", problems)
	}
	if err != nil {
		v, verr := h.newRotaView(r, sc)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.Date, v.Time = date, clock
		for i := range v.People {
			v.People[i].Position = r.PostFormValue("position-" + v.People[i].ID)
		}
		h.renderInvalid(w, r, "notify_rota", &v, err)
		return
	}
	h.SetFlash(w, "Rota saved.")
	http.Redirect(w, r, "/monitoring/notifications/rota", http.StatusSeeOther)
}

// rotaFromFile reads the order of the rota from an uploaded file, if one
// was chosen: the people's ids, or what is wrong with the file, line by
// line, at most five lines of it.
func (h *Pages) rotaFromFile(r *http.Request, sc vigil.Scope) (ids []string, problem string, err error) {
	file, header, err := r.FormFile("people_csv")
	if err != nil || header.Size == 0 {
		return nil, "", nil // no file chosen
	}
	defer file.Close()
	ids, err = h.Notify.RotaPeopleFromCSV(r.Context(), sc, file)
	var ve *vigil.Error
	if err == nil || !errors.As(err, &ve) || ve.Code != vigil.Invalid {
		return ids, "", err
	}
	type lineProblem struct {
		line int
		text string
	}
	var all []lineProblem
	for where, what := range ve.Fields {
		n := 0
		fmt.Sscanf(where, "line %d", &n)
		all = append(all, lineProblem{n, strings.ToUpper(where[:1]) + where[1:] + " " + what})
	}
	slices.SortFunc(all, func(a, b lineProblem) int { return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.text, b.text)) })
	var texts []string
	for i, p := range all {
		if i == 5 {
			texts = append(texts, fmt.Sprintf("and %d more", len(all)-5))
			break
		}
		texts = append(texts, p.text)
	}
	return nil, strings.Join(texts, "; "), nil
}
