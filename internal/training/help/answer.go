// Package help holds Vigil's quick answers: the questions staff really ask
// ("I think I clicked a link — what now?"), each answered in a sentence or
// three with the organisation's own contacts, a link to the lesson that
// explains more and the kind of report to make. A small search finds them
// by the words people type.
package help

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/prose"
)

// Answer is one quick answer.
type Answer struct {
	ID         string
	Question   string // as staff would ask it
	Keywords   []string
	Lesson     string // the id of the lesson that explains more
	ReportKind string // the report kind code to offer, or "" when reporting does not fit
	Body       prose.Text
	File       string
}

// Links are the ids an answer may point at, owned by other parts of Vigil:
// the lessons, and the report kinds of the report journey.
type Links struct {
	Lessons     []string
	ReportKinds []string
}

// Limits on an answer file: a quick answer is a sentence or three.
const (
	MaxFileBytes     = 8 << 10
	MaxAnswers       = 1000
	MaxQuestionChars = 150
	MaxKeywords      = 20
	MaxBodyWords     = 120
	MaxIDChars       = 64
	MaxKeywordChars  = 30
)

type frontMatter struct {
	ID         string   `yaml:"id"`
	Question   string   `yaml:"question"`
	Keywords   []string `yaml:"keywords"`
	Lesson     string   `yaml:"lesson"`
	ReportKind string   `yaml:"report_kind"`
}

// Parse reads one answer file. The error is an Invalid *vigil.Error listing
// every problem with its line.
func Parse(file string, data []byte, links Links) (Answer, error) {
	var ps contentfile.Problems
	a, _ := parse(file, data, links, &ps)
	if err := ps.Err("quick answer"); err != nil {
		return Answer{}, err
	}
	return a, nil
}

func parse(file string, data []byte, links Links, ps *contentfile.Problems) (Answer, bool) {
	before := ps.Len()
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is larger than %d KB: a quick answer is a sentence or three", MaxFileBytes>>10)
		return Answer{}, false
	}
	md, err := contentfile.SplitFrontMatter(data)
	if err != nil {
		ps.Add(file, 1, "%v", err)
		return Answer{}, false
	}
	var fm frontMatter
	doc, ok := contentfile.Decode(file, md.Front, &fm, ps)
	if !ok {
		return Answer{}, false
	}
	checkFront(fm, links, func(path []any, format string, args ...any) { doc.Add(ps, path, format, args...) })
	body := compileBody(file, md.Body, md.BodyLine, ps)
	a := Answer{ID: fm.ID, Question: strings.TrimSpace(fm.Question), Keywords: fm.Keywords, Lesson: fm.Lesson,
		ReportKind: fm.ReportKind, Body: body, File: file}
	return a, ps.Len() == before
}

// checkFront checks an answer's fields; add notes a problem at a field's
// path ("keywords", 2).
func checkFront(fm frontMatter, links Links, add func(path []any, format string, args ...any)) {
	field := func(name string, format string, args ...any) { add([]any{name}, format, args...) }
	if !lesson.Slug.MatchString(fm.ID) || len(fm.ID) > MaxIDChars {
		field("id", "the id %q must be lower-case letters, digits and hyphens, at most %d of them", fm.ID, MaxIDChars)
	}
	switch q := strings.TrimSpace(fm.Question); {
	case q == "":
		field("question", "the question is missing")
	case utf8.RuneCountInString(q) > MaxQuestionChars:
		field("question", "the question is longer than %d characters", MaxQuestionChars)
	case strings.Contains(q, "{{"):
		field("question", "the question cannot use placeholders: they work only in the answer")
	}
	if len(fm.Keywords) > MaxKeywords {
		field("keywords", "give at most %d keywords", MaxKeywords)
	}
	for i, k := range fm.Keywords {
		if k = strings.TrimSpace(k); k == "" || utf8.RuneCountInString(k) > MaxKeywordChars {
			add([]any{"keywords", i}, "a keyword must be a word or two, at most %d characters", MaxKeywordChars)
		}
	}
	if !slices.Contains(links.Lessons, fm.Lesson) {
		field("lesson", "there is no lesson %q: give the id of the lesson that explains more", fm.Lesson)
	}
	if fm.ReportKind != "" && !slices.Contains(links.ReportKinds, fm.ReportKind) {
		field("report_kind", "unknown report kind %q: use %s, or leave it out", fm.ReportKind, strings.Join(links.ReportKinds, ", "))
	}
}

// compileBody compiles an answer's Markdown and checks its length.
func compileBody(file string, src []byte, line int, ps *contentfile.Problems) prose.Text {
	body := prose.Compile(file, src, line, ps)
	switch words := len(strings.Fields(body.Plain(prose.Contacts{}))); {
	case words == 0:
		ps.Add(file, line, "the answer is missing: write it under the second line of dashes")
	case words > MaxBodyWords:
		ps.Add(file, line, "the answer has %d words; keep it to %d (a sentence or three)", words, MaxBodyWords)
	}
	return body
}
