// Package lesson reads Vigil's micro-lessons: Markdown files with YAML front
// matter, each a few short screens and a quiz, written for one or more job
// roles. The built-in lessons and an organisation's own are read and checked
// the same way, and every problem names its file and line.
//
// The file format is described in content/README.md.
package lesson

import (
	"slices"

	"github.com/vigil-health/vigil/internal/training/prose"
)

// Lesson is one micro-lesson.
type Lesson struct {
	ID       string
	Title    string
	Summary  string   // one line, for lists and reminders
	Minutes  int      // how long it takes, quiz included: 3 to 5
	JobRoles []string // job-role codes it is written for; "all" in the file is every role
	Topics   []string
	Version  int // raised when the lesson changes enough to be taken again
	Screens  []Screen
	Quiz     []Question
	File     string // where it was read from, for messages
}

// Screen is one short page of a lesson, read on its own.
type Screen struct {
	Title string
	Body  prose.Text // render with Body.HTML(contacts)
}

// Question is one quiz question with its options.
type Question struct {
	Text    string   `yaml:"question"`
	Options []Option `yaml:"options"`
}

// Option is one answer to a question, with what to tell someone who picks it.
type Option struct {
	Text        string `yaml:"text"`
	Correct     bool   `yaml:"correct"`
	Explanation string `yaml:"explanation"`
}

// Right is the position of the question's correct option. A checked lesson
// has exactly one.
func (q Question) Right() int {
	return slices.IndexFunc(q.Options, func(o Option) bool { return o.Correct })
}

// For says whether the lesson is written for a job role.
func (l Lesson) For(jobRole string) bool { return slices.Contains(l.JobRoles, jobRole) }

// AllRoles is the job_roles value that means every job role.
const AllRoles = "all"

// Limits on a lesson file. They keep a lesson to "a few short screens" that
// load quickly on a ward phone, and bound the work of reading any file.
const (
	MaxFileBytes    = 32 << 10
	MaxLessons      = 500 // files one Load reads
	MinScreens      = 2
	MaxScreens      = 6
	MaxScreenWords  = 250
	MinQuestions    = 3
	MaxQuestions    = 5
	MinOptions      = 2
	MaxOptions      = 5
	MinMinutes      = 3
	MaxMinutes      = 5
	MaxTitleChars   = 120
	MaxSummaryChars = 200
	MaxQuizChars    = 400 // a question, an option or an explanation
	MaxTopics       = 10
)
