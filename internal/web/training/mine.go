package training

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type myTrainingView struct {
	web.Layout
	Plan     progress.Plan
	ToDo     []item
	Finished []item
	Offered  []item // recommended and not done
	Buddy    *buddy.Buddy
	Week     week
	Now      time.Time
	// Reminders offers the weekly e-mail, where Vigil sends e-mail;
	// RemindersStopped says the person asked for none.
	Reminders, RemindersStopped bool
	Tactics                     []bulletin.Bulletin // the latest tactics for the person
}

func (h *Pages) myTraining(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	plan, err := h.training.MyPlan(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := myTrainingView{Layout: h.Layout(r, "My training"), Plan: plan, ToDo: items(plan.ToDo()), Finished: items(plan.Finished()), Week: h.thisWeek(), Now: h.Now()}
	for _, a := range plan.Offered {
		if a.Status != progress.Done {
			v.Offered = append(v.Offered, items([]progress.Assignment{a})...)
		}
	}
	if b, ok := h.myBuddy(r, sc); ok {
		v.Buddy = &b
	}
	v.Tactics = h.currentTactics(r, sc)
	if v.Reminders = h.reminders.Sends(); v.Reminders {
		if v.RemindersStopped, err = h.reminders.Stopped(r.Context(), sc); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "mine", &v)
}

// item is an assignment with its dates in words.
type item struct {
	progress.Assignment
	Due, Done string
}

func items(as []progress.Assignment) []item {
	out := make([]item, len(as))
	for i, a := range as {
		out[i] = item{Assignment: a, Due: day(a.DueAt), Done: day(a.DoneAt)}
	}
	return out
}

// day is a date as staff write it, in UK time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(london).Format("2 January 2006")
}
