package help

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Fields are a quick answer typed into a form, one field each, as an
// organisation writes its own.
type Fields struct {
	ID         string
	Question   string
	Keywords   string // separated by commas
	Lesson     string
	ReportKind string
	Body       string // Markdown, as in an answer file
}

// MaxBodyBytes bounds the answer typed in a form, as MaxFileBytes bounds a file.
const MaxBodyBytes = MaxFileBytes

// FromFields checks a typed answer exactly as an answer file is checked
// and compiles it. The error is Invalid, with a message for each form
// field ("id", "question", "keywords", "lesson", "report_kind", "body").
func FromFields(f Fields, links Links) (Answer, error) {
	var ps contentfile.Problems
	fm := frontMatter{ID: strings.TrimSpace(f.ID), Question: strings.TrimSpace(f.Question), Lesson: strings.TrimSpace(f.Lesson),
		ReportKind: strings.TrimSpace(f.ReportKind), Keywords: splitKeywords(f.Keywords)}
	// Problems are noted with the form field as their "file" and no line,
	// so that each lands next to its field.
	checkFront(fm, links, func(path []any, format string, args ...any) {
		ps.Add(fmt.Sprint(path[0]), 0, format, args...)
	})
	var a Answer
	switch body := strings.TrimSpace(f.Body); {
	case body == "":
		ps.Add("body", 0, "write the answer: a sentence or three")
	case len(body) > MaxBodyBytes:
		ps.Add("body", 0, "the answer is longer than %d KB: a quick answer is a sentence or three", MaxBodyBytes>>10)
	default:
		a.Body = compileBody("body", []byte(body), 1, &ps)
	}
	if ps.Len() > 0 {
		return Answer{}, formError(ps)
	}
	a.ID, a.Question, a.Keywords, a.Lesson, a.ReportKind = fm.ID, fm.Question, fm.Keywords, fm.Lesson, fm.ReportKind
	return a, nil
}

// splitKeywords reads "clicked, link" as two keywords; at most a few more
// than are allowed are kept, so that the count check still sees too many.
func splitKeywords(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" && len(out) <= MaxKeywords {
			out = append(out, k)
		}
	}
	return out
}

// formError gathers problems by field. A problem in the answer's text
// keeps its line, so that the author can find it in a long answer.
func formError(ps contentfile.Problems) error {
	fields := map[string]string{}
	for _, p := range ps.List() {
		msg := capitalise(strings.TrimSuffix(p.Message, ".")) + "."
		if p.Line > 0 {
			msg = fmt.Sprintf("Line %d: %s", p.Line, msg)
		}
		if prev, ok := fields[p.File]; ok {
			msg = prev + " " + msg
		}
		fields[p.File] = msg
	}
	return vigil.InvalidFields("There is a problem with the answer.", fields)
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// New indexes a list of answers, such as an organisation's own, for
// search and for With. Later answers with an id already seen are dropped.
func New(list []Answer) Answers {
	seen := map[string]bool{}
	var kept []Answer
	for _, a := range list {
		if !seen[a.ID] {
			seen[a.ID] = true
			kept = append(kept, a)
		}
	}
	return newAnswers(kept)
}
