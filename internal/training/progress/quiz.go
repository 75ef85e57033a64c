package progress

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Result is a marked quiz.
type Result struct {
	AttemptID string
	Lesson    lesson.Lesson
	Correct   int
	Questions int
	Percent   int
	PassMark  int
	Passed    bool
	Feedback  []Feedback // one per question, in order
}

// Feedback is what to tell the learner about one answer.
type Feedback struct {
	Question lesson.Question
	Chosen   lesson.Option
	Right    lesson.Option
	Correct  bool
}

// NoAnswer marks a question left unanswered.
const NoAnswer = -1

// Submit marks the signed-in person's answers to a lesson's quiz (the
// position of the option chosen for each question, in order) and records
// the attempt. Every question must be answered; a fail can be retried at
// once, as often as the learner likes.
//
// key, when not empty, is an id the learner's phone made for this attempt
// (a UUID), so that a quiz finished offline and sent again when the phone
// is back online is recorded once: sending the same key again returns the
// attempt already recorded.
func (s *Service) Submit(ctx context.Context, scope vigil.Scope, lessonID string, answers []int, key string) (Result, error) {
	person := scope.Person()
	if person == "" || scope.TokenID != "" {
		return Result{}, vigil.Errorf(vigil.Forbidden, "Only a signed-in person can take a lesson.")
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return Result{}, err
	}
	l, ok := lib.Lesson(lessonID)
	if !ok {
		return Result{}, vigil.Errorf(vigil.NotFound, "There is no such lesson.")
	}
	if err := checkAnswers(l, answers); err != nil {
		return Result{}, err
	}
	needs, err := s.Needs(ctx, scope)
	if err != nil {
		return Result{}, err
	}
	r := mark(l, answers, needs.PassMark)
	r.AttemptID = store.NewID()
	if key != "" {
		if !uuidPattern.MatchString(key) {
			return Result{}, vigil.InvalidFields("The quiz could not be recorded.", map[string]string{"attempt_id": "The attempt id must be a UUID."})
		}
		if done, err := s.Attempt(ctx, scope, key); err == nil {
			return done, nil
		}
		r.AttemptID = key
	}
	chosen, err := json.Marshal(answers)
	if err != nil {
		return Result{}, err
	}
	// Kept to the microsecond, as the databases keep it, so the statements
	// queued now match those exported from the database later.
	at := s.clock().UTC().Truncate(time.Microsecond)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO training_attempts (id, org_id, user_id, lesson_id, lesson_version, answers, correct, questions, passed, finished_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			r.AttemptID, scope.OrgID, person, l.ID, l.Version, string(chosen), r.Correct, r.Questions, r.Passed, at); err != nil {
			if s.db.Dialect.IsUniqueViolation(err) {
				return errReplayed
			}
			return fmt.Errorf("record the quiz: %w", err)
		}
		if err := s.queueStatements(ctx, tx, scope.OrgID, lib, attempt{id: r.AttemptID, user: person, lessonID: l.ID, chosen: string(chosen),
			correct: r.Correct, questions: r.Questions, passed: r.Passed, at: at}); err != nil {
			return err
		}
		verb := "failed"
		if r.Passed {
			verb = "passed"
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "training-attempt", EntityID: r.AttemptID,
			Summary: fmt.Sprintf("%s the quiz of %q with %d of %d", verb, l.Title, r.Correct, r.Questions),
			After:   map[string]any{"lesson": l.ID, "version": l.Version, "correct": r.Correct, "questions": r.Questions, "passed": r.Passed}})
	})
	if errors.Is(err, errReplayed) {
		// The same attempt arrived twice at once, or its key is someone else's.
		return s.Attempt(ctx, scope, key)
	}
	if err != nil {
		return Result{}, err
	}
	return r, nil
}

var (
	errReplayed = errors.New("the attempt is recorded already")
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

func checkAnswers(l lesson.Lesson, answers []int) error {
	if len(answers) != len(l.Quiz) {
		return vigil.Errorf(vigil.Invalid, "The quiz has %d questions; %d answers came.", len(l.Quiz), len(answers))
	}
	missing := map[string]string{}
	for i, a := range answers {
		if a < 0 || a >= len(l.Quiz[i].Options) {
			missing[QuestionField(i)] = fmt.Sprintf("Choose an answer to question %d.", i+1)
		}
	}
	if len(missing) > 0 {
		return vigil.InvalidFields("Answer every question, then check your answers.", missing)
	}
	return nil
}

// QuestionField is the form field of question i (from 0).
func QuestionField(i int) string { return "q" + strconv.Itoa(i+1) }

// mark scores checked answers against the pass mark.
func mark(l lesson.Lesson, answers []int, passMark int) Result {
	r := Result{Lesson: l, Questions: len(l.Quiz), PassMark: passMark}
	for i, q := range l.Quiz {
		f := Feedback{Question: q, Chosen: q.Options[answers[i]], Right: q.Options[q.Right()], Correct: answers[i] == q.Right()}
		if f.Correct {
			r.Correct++
		}
		r.Feedback = append(r.Feedback, f)
	}
	r.Percent = percent(r.Correct, r.Questions)
	r.Passed = r.Correct*100 >= passMark*r.Questions
	return r
}

// Attempt is one of the signed-in person's own marked quizzes; anyone
// else's, in any organisation, is NotFound.
func (s *Service) Attempt(ctx context.Context, scope vigil.Scope, id string) (Result, error) {
	var lessonID, chosen string
	var passed bool
	err := s.db.QueryRow(ctx, `SELECT lesson_id, answers, passed FROM training_attempts WHERE id = $1 AND org_id = $2 AND user_id = $3`,
		id, scope.OrgID, scope.Person()).Scan(&lessonID, &chosen, &passed)
	if errors.Is(err, sql.ErrNoRows) {
		return Result{}, vigil.Errorf(vigil.NotFound, "There is no such quiz result.")
	}
	if err != nil {
		return Result{}, fmt.Errorf("read quiz result %s: %w", id, err)
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return Result{}, err
	}
	l, ok := lib.Lesson(lessonID)
	var answers []int
	if err := json.Unmarshal([]byte(chosen), &answers); err != nil || !ok || checkAnswers(l, answers) != nil {
		return Result{}, vigil.Errorf(vigil.NotFound, "That lesson has changed since; take it again to see your result.")
	}
	needs, err := s.Needs(ctx, scope)
	if err != nil {
		return Result{}, err
	}
	r := mark(l, answers, needs.PassMark)
	r.AttemptID, r.Passed = id, passed
	return r, nil
}
