package lesson

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/prose"
)

type frontMatter struct {
	ID       string     `yaml:"id"`
	Title    string     `yaml:"title"`
	Summary  string     `yaml:"summary"`
	Minutes  int        `yaml:"minutes"`
	JobRoles []string   `yaml:"job_roles"`
	Topics   []string   `yaml:"topics"`
	Version  int        `yaml:"version"`
	Quiz     []Question `yaml:"quiz"`
}

// Slug is the form of ids and topics: lower-case words joined by hyphens.
var Slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads one lesson file. jobRoles are the job-role codes the lesson
// may name. The error is an Invalid *vigil.Error listing every problem with
// its line.
func Parse(file string, data []byte, jobRoles []string) (Lesson, error) {
	var ps contentfile.Problems
	l, _ := parse(file, data, jobRoles, &ps)
	if err := ps.Err("lesson"); err != nil {
		return Lesson{}, err
	}
	return l, nil
}

func parse(file string, data []byte, jobRoles []string, ps *contentfile.Problems) (Lesson, bool) {
	before := ps.Len()
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is %d KB; a lesson may be at most %d KB", len(data)>>10, MaxFileBytes>>10)
		return Lesson{}, false
	}
	md, err := contentfile.SplitFrontMatter(data)
	if err != nil {
		ps.Add(file, 1, "%v", err)
		return Lesson{}, false
	}
	var fm frontMatter
	doc, ok := contentfile.Decode(file, md.Front, &fm, ps)
	if !ok {
		return Lesson{}, false
	}
	c := checker{file: file, doc: doc, ps: ps}
	l := Lesson{ID: fm.ID, Title: fm.Title, Summary: fm.Summary, Minutes: fm.Minutes, Topics: fm.Topics,
		Version: fm.Version, Quiz: fm.Quiz, File: file}
	c.fields(fm)
	l.JobRoles = c.jobRoles(fm.JobRoles, jobRoles)
	c.quiz(fm.Quiz)
	l.Screens = c.screens(md)
	return l, ps.Len() == before
}

type checker struct {
	file string
	doc  contentfile.Document
	ps   *contentfile.Problems
}

func (c checker) add(path []any, format string, args ...any) { c.doc.Add(c.ps, path, format, args...) }

func (c checker) text(path []any, what, v string, limit int) {
	switch {
	case strings.TrimSpace(v) == "":
		c.add(path, "%s is missing", what)
	case utf8.RuneCountInString(v) > limit:
		c.add(path, "%s is %d characters; keep it to %d", what, utf8.RuneCountInString(v), limit)
	case strings.Contains(v, "{{"):
		c.add(path, "%s cannot use placeholders such as {{service_desk_phone}}: they work only in the screens", what)
	}
}

func (c checker) fields(fm frontMatter) {
	switch {
	case fm.ID == "":
		c.add([]any{"id"}, "the id is missing: add a line such as “id: spotting-phishing”")
	case !Slug.MatchString(fm.ID) || len(fm.ID) > 64:
		c.add([]any{"id"}, "the id %q must be lower-case letters, digits and hyphens, at most 64 of them", fm.ID)
	}
	c.text([]any{"title"}, "the title", fm.Title, MaxTitleChars)
	c.text([]any{"summary"}, "the summary", fm.Summary, MaxSummaryChars)
	if fm.Minutes < MinMinutes || fm.Minutes > MaxMinutes {
		c.add([]any{"minutes"}, "minutes must be from %d to %d: a lesson should fit a break", MinMinutes, MaxMinutes)
	}
	if fm.Version < 1 {
		c.add([]any{"version"}, "the version must be a whole number from 1: raise it when the lesson changes enough to be taken again")
	}
	if len(fm.Topics) == 0 || len(fm.Topics) > MaxTopics {
		c.add([]any{"topics"}, "give from 1 to %d topics, such as “phishing”", MaxTopics)
	}
	for i, t := range fm.Topics {
		if !Slug.MatchString(t) {
			c.add([]any{"topics", i}, "the topic %q must be lower-case letters, digits and hyphens", t)
		}
	}
}

// jobRoles checks the roles named and expands "all".
func (c checker) jobRoles(named, known []string) []string {
	if len(named) == 0 {
		c.add([]any{"job_roles"}, "job_roles is missing: list the job roles the lesson is for, or write [all]")
		return nil
	}
	if slices.Contains(named, AllRoles) {
		if len(named) > 1 {
			c.add([]any{"job_roles"}, "“all” already means every job role: list nothing else with it")
		}
		return slices.Clone(known)
	}
	var out []string
	for i, r := range named {
		switch {
		case !slices.Contains(known, r):
			c.add([]any{"job_roles", i}, "unknown job role %q: use %s, or all", r, strings.Join(known, ", "))
		case slices.Contains(out, r):
			c.add([]any{"job_roles", i}, "the job role %q is listed twice", r)
		default:
			out = append(out, r)
		}
	}
	return out
}

func (c checker) quiz(qs []Question) {
	if len(qs) < MinQuestions || len(qs) > MaxQuestions {
		c.add([]any{"quiz"}, "the quiz has %d questions; it needs from %d to %d", len(qs), MinQuestions, MaxQuestions)
	}
	for i, q := range qs {
		c.text([]any{"quiz", i, "question"}, "the question", q.Text, MaxQuizChars)
		options := []any{"quiz", i, "options"}
		if len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
			c.add(options, "question %d has %d options; give from %d to %d", i+1, len(q.Options), MinOptions, MaxOptions)
		}
		right := 0
		for j, o := range q.Options {
			c.text([]any{"quiz", i, "options", j, "text"}, "the option's text", o.Text, MaxQuizChars)
			c.text([]any{"quiz", i, "options", j, "explanation"}, "the explanation (say why this option is right or not)", o.Explanation, MaxQuizChars)
			if o.Correct {
				right++
			}
			if slices.ContainsFunc(q.Options[:j], func(p Option) bool { return p.Text == o.Text }) {
				c.add([]any{"quiz", i, "options", j, "text"}, "question %d offers the same option twice", i+1)
			}
		}
		switch {
		case right == 0 && len(q.Options) > 0:
			c.add(options, "question %d has no right answer: mark one option with “correct: true”", i+1)
		case right > 1:
			c.add(options, "question %d has %d options marked correct; exactly one must be", i+1, right)
		}
	}
}

func (c checker) screens(md contentfile.Markdown) []Screen {
	sections := prose.Sections(c.file, md.Body, md.BodyLine, c.ps)
	if len(sections) > 0 && sections[0].Title == "" {
		c.ps.Add(c.file, sections[0].Line, "start the first screen with a heading line such as “## What happened”")
	}
	if len(sections) < MinScreens || len(sections) > MaxScreens {
		c.ps.Add(c.file, md.BodyLine, "the lesson has %d screens; it needs from %d to %d, each starting with a “## ” heading", len(sections), MinScreens, MaxScreens)
	}
	out := make([]Screen, 0, len(sections))
	for _, s := range sections {
		words := len(strings.Fields(s.Body.Plain(prose.Contacts{})))
		switch {
		case s.Title != "" && words == 0:
			c.ps.Add(c.file, s.Line, "the screen “%s” has no text", s.Title)
		case words > MaxScreenWords:
			c.ps.Add(c.file, s.Line, "the screen “%s” has %d words; keep each screen to %d so it reads on a phone", s.Title, words, MaxScreenWords)
		}
		out = append(out, Screen{Title: s.Title, Body: s.Body})
	}
	return out
}
