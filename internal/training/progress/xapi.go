package progress

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Statements are the organisation's quiz attempts as xAPI 1.0.3
// statements, for a trust's Learning Record Store: an attempted and a
// passed or failed statement per quiz, a completed statement per
// completion recorded by an admin, and one answered statement per
// question. The actor is an opaque account (Vigil's id for the person, no
// name or address); activity ids are stable addresses under base, the
// address people reach Vigil at; statement ids are made from the attempt
// id, so sending the same attempt twice sends the same statements.

// Statement is one xAPI statement.
type Statement struct {
	ID        string    `json:"id"`
	Actor     Actor     `json:"actor"`
	Verb      Verb      `json:"verb"`
	Object    Activity  `json:"object"`
	Result    *XResult  `json:"result,omitempty"`
	Context   *XContext `json:"context,omitempty"`
	Timestamp time.Time `json:"timestamp"`
	// Version is the statement format, 1.0.0 for every 1.0.x statement
	// (the API version, 1.0.3, travels in a request header).
	Version string `json:"version"`
}

// Actor is an xAPI agent identified by an account.
type Actor struct {
	ObjectType string  `json:"objectType"` // Agent
	Account    Account `json:"account"`
}

// Account is the learner's opaque account.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is an ADL verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Activity is a lesson or a question.
type Activity struct {
	ObjectType string     `json:"objectType"` // Activity
	ID         string     `json:"id"`
	Definition Definition `json:"definition"`
}

// Definition names an activity.
type Definition struct {
	Name map[string]string `json:"name"`
	Type string            `json:"type"`
}

// XResult is how the attempt or answer went.
type XResult struct {
	Score      *Score `json:"score,omitempty"`
	Success    *bool  `json:"success,omitempty"`
	Completion *bool  `json:"completion,omitempty"`
	Response   string `json:"response,omitempty"`
}

// Score is a quiz score.
type Score struct {
	Scaled float64 `json:"scaled"`
	Raw    int     `json:"raw"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
}

// XContext ties an answer to its lesson.
type XContext struct {
	Registration      string                `json:"registration,omitempty"`
	ContextActivities map[string][]Activity `json:"contextActivities,omitempty"`
}

// The ADL verbs and activity types used.
const (
	verbBase = "http://adlnet.gov/expapi/verbs/"
	// StatementVersion is the statement format version of xAPI 1.0.x.
	StatementVersion = "1.0.0"
	lessonType       = "http://adlnet.gov/expapi/activities/lesson"
	questionType     = "http://adlnet.gov/expapi/activities/cmi.interaction"
	// MaxStatements bounds one page of attempts.
	MaxStatements = 500
)

func verb(name string) Verb {
	return Verb{ID: verbBase + name, Display: map[string]string{"en-GB": name}}
}

// Statements returns the statements of attempts finished after since, the
// oldest first, at most limit attempts (and their answers).
func (s *Service) Statements(ctx context.Context, scope vigil.Scope, base string, since time.Time, limit int) ([]Statement, error) {
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxStatements {
		limit = MaxStatements
	}
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, user_id, lesson_id, answers, correct, questions, passed, finished_at FROM training_attempts
		WHERE org_id = $1 AND finished_at > $2 ORDER BY finished_at, id LIMIT $3`, scope.OrgID, since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("read attempts for xAPI: %w", err)
	}
	defer rows.Close()
	var out []Statement
	for rows.Next() {
		var a attempt
		if err := rows.Scan(&a.id, &a.user, &a.lessonID, &a.chosen, &a.correct, &a.questions, &a.passed, &a.at); err != nil {
			return nil, err
		}
		out = append(out, attemptStatements(lib, base, a)...)
	}
	return out, rows.Err()
}

// attempt is one finished quiz, or a completion recorded by an admin (no
// questions), as the statements about it need it.
type attempt struct {
	id, user, lessonID, chosen string
	correct, questions         int
	passed                     bool
	at                         time.Time
}

func attemptStatements(lib lesson.Library, base string, a attempt) []Statement {
	l, known := lib.Lesson(a.lessonID)
	title := a.lessonID
	if known {
		title = l.Title
	}
	at := a.at.UTC()
	actor := Actor{ObjectType: "Agent", Account: Account{HomePage: base, Name: a.user}}
	lessonIRI := base + "/training/lessons/" + a.lessonID
	object := Activity{ObjectType: "Activity", ID: lessonIRI, Definition: Definition{Name: map[string]string{"en-GB": title}, Type: lessonType}}
	registration := statementID(a.id, "")
	done := true
	passed := a.passed
	st := Statement{ID: registration, Actor: actor, Object: object, Timestamp: at, Version: StatementVersion, Context: &XContext{Registration: registration},
		Result: &XResult{Success: &passed, Completion: &done}}
	if a.questions == 0 {
		// Completed elsewhere and recorded by an admin: no score to give.
		st.Verb = verb("completed")
		return []Statement{st}
	}
	st.Verb = verb("failed")
	if a.passed {
		st.Verb = verb("passed")
	}
	st.Result.Score = &Score{Scaled: float64(a.correct) / float64(a.questions), Raw: a.correct, Min: 0, Max: a.questions}
	// The attempt opens the registration; its id is made like the answers'
	// so the passed or failed statement keeps the id it always had.
	out := []Statement{
		{ID: statementID(a.id, "attempted"), Actor: actor, Verb: verb("attempted"), Object: object, Timestamp: at, Version: StatementVersion,
			Context: &XContext{Registration: registration}},
		st,
	}
	var answers []int
	if err := json.Unmarshal([]byte(a.chosen), &answers); err != nil || !known || checkAnswers(l, answers) != nil {
		return out // the lesson has changed since: the answers no longer match its questions
	}
	for i, chosen := range answers {
		q := l.Quiz[i]
		right := chosen == q.Right()
		n := strconv.Itoa(i + 1)
		out = append(out, Statement{ID: statementID(a.id, n), Actor: actor, Verb: verb("answered"), Timestamp: at, Version: StatementVersion,
			Object:  Activity{ObjectType: "Activity", ID: lessonIRI + "/quiz/" + n, Definition: Definition{Name: map[string]string{"en-GB": q.Text}, Type: questionType}},
			Result:  &XResult{Success: &right, Response: strconv.Itoa(chosen)},
			Context: &XContext{Registration: registration, ContextActivities: map[string][]Activity{"parent": {object}}}})
	}
	return out
}

// Attempts says whether a statement tells of a whole attempt (passed,
// failed or completed) rather than a part of one, for counting attempts
// in a page of statements.
func (st Statement) Attempts() bool {
	switch st.Verb.ID {
	case verbBase + "passed", verbBase + "failed", verbBase + "completed":
		return true
	}
	return false
}

// statementID is the UUID of the statement about an attempt (part "") or
// one of its answers: the attempt's own id when the phone made it as a
// UUID, otherwise a name-based UUID (version 5) of the attempt and part.
func statementID(attempt, part string) string {
	if part == "" && uuidPattern.MatchString(attempt) {
		return strings.ToLower(attempt)
	}
	sum := sha1.Sum([]byte("vigil-training/" + attempt + "/" + part))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
