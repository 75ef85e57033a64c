package progress

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// QuestionStat is how the organisation's staff answered one quiz question
// of a lesson's current version, so that a training lead can see which
// questions, or which lessons, need better words.
type QuestionStat struct {
	Lesson   lesson.Lesson
	Number   int // from 1
	Question lesson.Question
	Answers  int // times answered in a quiz (recorded completions carry no answers)
	Wrong    int
	// Likeliest is the wrong option chosen most often, and Chosen how
	// often; Chosen is 0 when nobody answered wrongly.
	Likeliest lesson.Option
	Chosen    int
}

// WrongPercent is the share of answers that were wrong.
func (q QuestionStat) WrongPercent() int { return percent(q.Wrong, q.Answers) }

// Limits of the most-failed list.
const (
	// MinAnswers is how often a question must have been answered to be
	// ranked: one nurse's bad night says nothing about the question.
	MinAnswers = 5
	// QuestionMonths is how far back the answers are counted.
	QuestionMonths   = 12
	MaxQuestionStats = 50
)

// MostFailed ranks the quiz questions of the caller's organisation by the
// share of wrong answers in the last QuestionMonths, worst first, among
// questions answered at least MinAnswers times; at most limit of them.
// Only attempts of each lesson's current version count, as an older
// version may have asked something else.
func (s *Service) MostFailed(ctx context.Context, scope vigil.Scope, limit int) ([]QuestionStat, error) {
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), MaxQuestionStats)
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT lesson_id, lesson_version, answers FROM training_attempts
		WHERE org_id = $1 AND questions > 0 AND finished_at >= $2`, scope.OrgID, s.clock().AddDate(0, -QuestionMonths, 0).UTC())
	if err != nil {
		return nil, fmt.Errorf("read quiz answers: %w", err)
	}
	defer rows.Close()
	type key struct {
		lesson string
		number int
	}
	stats := map[key]*QuestionStat{}
	chosen := map[key][]int{} // times each option was chosen
	for rows.Next() {
		var id, answers string
		var version int
		if err := rows.Scan(&id, &version, &answers); err != nil {
			return nil, err
		}
		l, ok := lib.Lesson(id)
		var picks []int
		if !ok || l.Version != version || json.Unmarshal([]byte(answers), &picks) != nil || checkAnswers(l, picks) != nil {
			continue
		}
		for i, q := range l.Quiz {
			k := key{id, i + 1}
			st, ok := stats[k]
			if !ok {
				st = &QuestionStat{Lesson: l, Number: i + 1, Question: q}
				stats[k], chosen[k] = st, make([]int, len(q.Options))
			}
			st.Answers++
			chosen[k][picks[i]]++
			if picks[i] != q.Right() {
				st.Wrong++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read quiz answers: %w", err)
	}
	var out []QuestionStat
	for k, st := range stats {
		if st.Answers < MinAnswers || st.Wrong == 0 {
			continue
		}
		for i, n := range chosen[k] {
			if i != st.Question.Right() && n > st.Chosen {
				st.Likeliest, st.Chosen = st.Question.Options[i], n
			}
		}
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b QuestionStat) int {
		return cmp.Or(cmp.Compare(b.Wrong*a.Answers, a.Wrong*b.Answers), cmp.Compare(b.Answers, a.Answers),
			cmp.Compare(a.Lesson.ID, b.Lesson.ID), cmp.Compare(a.Number, b.Number))
	})
	return out[:min(len(out), limit)], nil
}
