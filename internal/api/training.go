package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// trainingRoutes read training progress and coverage, the needs analysis
// and the IT buddies of teams. Quizzes are taken on the pages, by people.
func (h *Handler) trainingRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/training/me", Summary: "The caller's own lessons: what is due, in progress and done", Response: "TrainingPlan", handle: h.myTraining},
		{Method: "GET", Path: "/api/v1/training/coverage", Summary: "Staff up to date with their training, overall, by job role and by team", Permission: vigil.ReadTraining, Response: "TrainingCoverage", handle: h.trainingCoverage},
		{Method: "GET", Path: "/api/v1/training/needs", Summary: "The training needs analysis: each job role's lessons, and the pass mark", Permission: vigil.ReadOrganisation, Response: "TrainingNeeds", handle: h.trainingNeeds},
		{Method: "GET", Path: "/api/v1/buddies", Summary: "Every team with its IT buddy, if it has one", Permission: vigil.ReadPeople, Response: "BuddyPairingList", handle: h.buddyPairings},
		{Method: "GET", Path: "/api/v1/training/questions", Summary: "The quiz questions staff most often answer wrongly, worst first, with the wrong answer chosen most; ?limit=", Permission: vigil.ReadTraining, Response: "QuestionStatList", handle: h.mostFailed},
		{Method: "GET", Path: "/api/v1/training/national", Summary: "Training coverage of every organisation, for the national centre, furthest from the 95% measure first", Permission: vigil.ReadAcrossOrgs, Response: "NationalTrainingCoverage", handle: h.nationalTraining},
		{Method: "GET", Path: "/api/v1/training/statements", Summary: "Quiz attempts as xAPI 1.0.3 statements for a Learning Record Store, oldest first; ?since= an RFC 3339 time, &limit= attempts", Permission: vigil.ReadTraining, Response: "StatementResult", handle: h.statements},
	}
}

func trainingComponents() map[string]any {
	return map[string]any{
		"TrainingPlan":             trainingPlanJSON{},
		"TrainingCoverage":         coverageJSON{},
		"TrainingNeeds":            needsJSON{},
		"BuddyPairingList":         list[pairingJSON]{},
		"StatementResult":          statementResultJSON{},
		"QuestionStatList":         list[questionStatJSON]{},
		"NationalTrainingCoverage": nationalCoverageJSON{},
	}
}

type assignmentJSON struct {
	Lesson      string     `json:"lesson"`
	Title       string     `json:"title"`
	Minutes     int        `json:"minutes"`
	Required    bool       `json:"required"`
	Status      string     `json:"status"` // not-started, in-progress or done
	DueAt       *time.Time `json:"due_at,omitempty"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Overdue     bool       `json:"overdue"`
	Attempts    int        `json:"attempts"`
	LastPercent int        `json:"last_percent"`
}

type trainingPlanJSON struct {
	JobRole       string           `json:"job_role"`
	PassMark      int              `json:"pass_mark"`
	RefreshMonths int              `json:"refresh_months"`
	Required      []assignmentJSON `json:"required"`
	Offered       []assignmentJSON `json:"offered"`
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toAssignments(as []progress.Assignment, now time.Time) []assignmentJSON {
	out := make([]assignmentJSON, len(as))
	for i, a := range as {
		out[i] = assignmentJSON{Lesson: a.Lesson.ID, Title: a.Lesson.Title, Minutes: a.Lesson.Minutes, Required: a.Required, Status: string(a.Status),
			DueAt: timeOrNil(a.DueAt), DoneAt: timeOrNil(a.DoneAt), Overdue: a.Overdue(now), Attempts: a.Attempts, LastPercent: a.LastPercent}
	}
	return out
}

func (h *Handler) myTraining(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	p, err := h.Training.MyPlan(r.Context(), sc)
	if err != nil {
		return err
	}
	now := h.Clock()
	return writeJSON(w, http.StatusOK, trainingPlanJSON{JobRole: string(p.Person.JobRole), PassMark: p.PassMark, RefreshMonths: p.Curriculum.RefreshMonths,
		Required: toAssignments(p.Required, now), Offered: toAssignments(p.Offered, now)})
}

type tallyJSON struct {
	Key            string `json:"key,omitempty"`
	Name           string `json:"name,omitempty"`
	People         int    `json:"people"`
	UpToDate       int    `json:"up_to_date"`
	Percent        int    `json:"percent"`
	InMeasure      int    `json:"completed_in_12_months"`
	MeasurePercent int    `json:"completed_in_12_months_percent"`
	MeetsTarget    bool   `json:"meets_target"`
	Overdue        int    `json:"overdue"`
	LessonsDone    int    `json:"lessons_done"`
	LessonsNeeded  int    `json:"lessons_required"`
}

type coverageJSON struct {
	At            time.Time   `json:"at"`
	TargetPercent int         `json:"target_percent"`
	Overall       tallyJSON   `json:"overall"`
	ByJobRole     []tallyJSON `json:"by_job_role"`
	ByTeam        []tallyJSON `json:"by_team"`
}

func toTally(key, name string, t progress.Tally) tallyJSON {
	return tallyJSON{Key: key, Name: name, People: t.People, UpToDate: t.UpToDate, Percent: t.Percent(), InMeasure: t.InMeasure,
		MeasurePercent: t.MeasurePercent(), MeetsTarget: t.MeetsTarget(), Overdue: t.Overdue, LessonsDone: t.LessonsDone, LessonsNeeded: t.LessonsRequired}
}

func toTallies(gs []progress.Group) []tallyJSON {
	out := make([]tallyJSON, len(gs))
	for i, g := range gs {
		out[i] = toTally(g.Key, g.Name, g.Tally)
	}
	return out
}

func (h *Handler) trainingCoverage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	c, err := h.Training.Coverage(r.Context(), sc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, coverageJSON{At: c.At, TargetPercent: progress.TargetPercent, Overall: toTally("", "", c.Tally),
		ByJobRole: toTallies(c.ByJobRole), ByTeam: toTallies(c.ByTeam)})
}

type curriculumJSON struct {
	JobRole       string   `json:"job_role"`
	Title         string   `json:"title"`
	RefreshMonths int      `json:"refresh_months"`
	Required      []string `json:"required"`
	Recommended   []string `json:"recommended"`
}

type needsJSON struct {
	PassMark  int              `json:"pass_mark"`
	Own       bool             `json:"own"`
	Curricula []curriculumJSON `json:"curricula"`
}

func (h *Handler) trainingNeeds(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	n, err := h.Training.Needs(r.Context(), sc)
	if err != nil {
		return err
	}
	out := needsJSON{PassMark: n.PassMark, Own: n.Own, Curricula: make([]curriculumJSON, len(n.Curricula))}
	for i, c := range n.Curricula {
		out.Curricula[i] = curriculumJSON{JobRole: c.JobRole, Title: c.Title, RefreshMonths: c.RefreshMonths, Required: nonNilSlice(c.Required), Recommended: nonNilSlice(c.Recommended)}
	}
	return writeJSON(w, http.StatusOK, out)
}

type buddyJSON struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Phone  string `json:"phone"`
}

type pairingJSON struct {
	TeamID   string     `json:"team_id"`
	TeamName string     `json:"team_name"`
	Buddy    *buddyJSON `json:"buddy,omitempty"`
}

func (h *Handler) buddyPairings(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ps, err := h.Buddies.Pairings(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]pairingJSON, len(ps))
	for i, p := range ps {
		out[i] = pairingJSON{TeamID: p.Team.ID, TeamName: p.Team.Name}
		if b := p.Buddy; b != nil {
			out[i].Buddy = &buddyJSON{UserID: b.UserID, Name: b.Name, Phone: b.Phone}
		}
	}
	return writeJSON(w, http.StatusOK, list[pairingJSON]{out})
}

// statementResultJSON is xAPI's StatementResult; more is the address of
// the next page, or empty.
type statementResultJSON struct {
	Statements []progress.Statement `json:"statements"`
	More       string               `json:"more"`
}

func (h *Handler) statements(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	q := r.URL.Query()
	var since time.Time
	if s := q.Get("since"); s != "" {
		var err error
		if since, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return vigil.InvalidFields("The since time is not understood.", map[string]string{"since": "Give a time such as 2026-10-01T00:00:00Z."})
		}
	}
	limit, err := strconv.Atoi(q.Get("limit"))
	if q.Get("limit") != "" && (err != nil || limit < 1) {
		return vigil.InvalidFields("The limit is not understood.", map[string]string{"limit": fmt.Sprintf("Give a number from 1 to %d.", progress.MaxStatements)})
	}
	sts, err := h.Training.Statements(r.Context(), sc, h.BaseURL, since, limit)
	if err != nil {
		return err
	}
	out := statementResultJSON{Statements: nonNilSlice(sts)}
	// A full page may have more after it: the next starts after the last
	// attempt's time (times are kept to the microsecond).
	pageSize := limit
	if pageSize == 0 || pageSize > progress.MaxStatements {
		pageSize = progress.MaxStatements
	}
	if len(sts) > 0 && attemptsIn(sts) == pageSize {
		out.More = "/api/v1/training/statements?since=" + sts[len(sts)-1].Timestamp.Format(time.RFC3339Nano)
		if limit > 0 {
			out.More += "&limit=" + strconv.Itoa(limit)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// attemptsIn counts the attempts among statements: one passed, failed or
// completed statement each.
func attemptsIn(sts []progress.Statement) int {
	n := 0
	for _, st := range sts {
		if st.Attempts() {
			n++
		}
	}
	return n
}

type questionStatJSON struct {
	Lesson       string `json:"lesson"`
	LessonTitle  string `json:"lesson_title"`
	Version      int    `json:"lesson_version"`
	Number       int    `json:"number"` // from 1
	Question     string `json:"question"`
	Answers      int    `json:"answers"`
	Wrong        int    `json:"wrong"`
	WrongPercent int    `json:"wrong_percent"`
	// LikeliestWrong is the wrong option chosen most often, chosen
	// LikeliestChosen times.
	LikeliestWrong  string `json:"likeliest_wrong"`
	LikeliestChosen int    `json:"likeliest_chosen"`
}

func (h *Handler) mostFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	limit := progress.MaxQuestionStats
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > progress.MaxQuestionStats {
			return vigil.InvalidFields("The limit is not understood.", map[string]string{"limit": fmt.Sprintf("Give a number from 1 to %d.", progress.MaxQuestionStats)})
		}
		limit = n
	}
	qs, err := h.Training.MostFailed(r.Context(), sc, limit)
	if err != nil {
		return err
	}
	out := make([]questionStatJSON, len(qs))
	for i, q := range qs {
		out[i] = questionStatJSON{Lesson: q.Lesson.ID, LessonTitle: q.Lesson.Title, Version: q.Lesson.Version, Number: q.Number, Question: q.Question.Text,
			Answers: q.Answers, Wrong: q.Wrong, WrongPercent: q.WrongPercent(), LikeliestWrong: q.Likeliest.Text, LikeliestChosen: q.Chosen}
	}
	return writeJSON(w, http.StatusOK, list[questionStatJSON]{out})
}

type nationalCoverageJSON struct {
	At            time.Time   `json:"at"`
	TargetPercent int         `json:"target_percent"`
	Overall       tallyJSON   `json:"overall"`
	ByOrg         []tallyJSON `json:"by_organisation"` // key is the organisation's code
}

func (h *Handler) nationalTraining(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	n, err := h.Training.National(r.Context(), sc)
	if err != nil {
		return err
	}
	out := nationalCoverageJSON{At: n.At, TargetPercent: progress.TargetPercent, Overall: toTally("", "", n.Tally), ByOrg: []tallyJSON{}}
	for _, o := range n.Orgs {
		out.ByOrg = append(out.ByOrg, toTally(o.Org.Code, o.Org.Name, o.Tally))
	}
	return writeJSON(w, http.StatusOK, out)
}
