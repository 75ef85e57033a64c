package training

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type coverageView struct {
	web.Layout
	Coverage progress.Coverage
	Target   int
	Months   int
	At       string
	ByRole   table
	ByTeam   table
	// Campaign is the latest campaign's leaderboard, if one ran this year.
	Campaign *campaignBoard
	// MostFailed are the quiz questions staff most often get wrong.
	MostFailed           []progress.QuestionStat
	MinAnswers, QuizFrom int
	// Charts show the same figures for a board member: by job role
	// against the 95 % line, overdue by team, and the buddies' load.
	Charts []template.HTML
	// BuddyChart and BuddyCoverage are for those who may see the buddies.
	BuddyChart    template.HTML
	BuddyCoverage string
}

// mostFailedShown is how many questions the coverage page lists.
const mostFailedShown = 10

type campaignBoard struct {
	Title, From, To string
	Teams           []progress.Participation
}

// table is one breakdown of coverage.
type table struct {
	Caption, Column string
	Months          int
	Groups          []progress.Group
}

// coverage shows managers and the board who has done the training their
// job role needs, by role and by team.
func (h *Pages) coverage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	cov, err := h.training.Coverage(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := coverageView{Layout: h.Layout(r, "Training coverage"), Coverage: cov, Target: progress.TargetPercent, Months: progress.MeasureMonths, At: day(cov.At)}
	v.ByRole = table{Caption: "Coverage by job role", Column: "Job role", Months: progress.MeasureMonths, Groups: cov.ByJobRole}
	v.ByTeam = table{Caption: "Coverage by team", Column: "Team", Months: progress.MeasureMonths, Groups: cov.ByTeam}
	if c, from, to, ok := h.programme.Latest(h.Now(), london); ok {
		var lessons []string
		for _, wk := range c.Weeks {
			lessons = append(lessons, wk.Lessons...)
		}
		teams, err := h.training.CampaignParticipation(r.Context(), sc, lessons, from, to)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		v.Campaign = &campaignBoard{Title: c.Title, From: day(from), To: day(to.AddDate(0, 0, -1)), Teams: teams}
	}
	if v.MostFailed, err = h.training.MostFailed(r.Context(), sc, mostFailedShown); err != nil {
		h.Fail(w, r, err)
		return
	}
	v.MinAnswers, v.QuizFrom = progress.MinAnswers, progress.QuestionMonths
	if v.Charts, err = draw(measureChart("measure-by-role", fmt.Sprintf("Completed in the last %d months, by job role", progress.MeasureMonths), cov.ByJobRole),
		overdueChart(cov.ByTeam)); err != nil {
		h.Fail(w, r, err)
		return
	}
	if sc.Can(vigil.ReadPeople) {
		c, words, err := h.buddyChart(r.Context(), sc)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		if v.BuddyChart, err = c.HTML(); err != nil {
			h.Fail(w, r, err)
			return
		}
		v.BuddyCoverage = words
	}
	h.render(w, r, http.StatusOK, "coverage", &v)
}
