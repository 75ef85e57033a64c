// Package contentfile reads the files that Vigil's content is written in —
// YAML, and Markdown with YAML front matter — and says where a problem is:
// every problem names its file and line, so the author of a lesson or an
// organisation's own quick answer can find and fix it.
package contentfile

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Problem is one thing wrong with a content file.
type Problem struct {
	File    string // the file's name, as the loader was given it
	Line    int    // 1-based; 0 when the problem is with the whole file
	Message string // plain English: what is wrong and, where it helps, what to write instead
}

// Where names the problem's place: "lessons/phishing.md, line 12".
func (p Problem) Where() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s, line %d", p.File, p.Line)
	}
	return p.File
}

func (p Problem) String() string { return p.Where() + ": " + p.Message }

// Problems collects what is wrong across one or many files.
// The zero value is ready to use.
type Problems struct {
	list []Problem
	more int // problems not kept once MaxProblems were
}

// MaxProblems is how many problems are kept: enough to fix a batch of
// files, and a bound on the work a hostile file can cause.
const MaxProblems = 200

// Add notes a problem at a line of a file (0 for the whole file).
// The same problem at the same place is kept once (an HTML tag that opens
// and closes on one line is one mistake, not two).
func (ps *Problems) Add(file string, line int, format string, args ...any) {
	p := Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	switch {
	case slices.Contains(ps.list, p):
	case len(ps.list) >= MaxProblems:
		ps.more++
	default:
		ps.list = append(ps.list, p)
	}
}

// Merge adds every problem of other.
func (ps *Problems) Merge(other Problems) {
	for _, p := range other.list {
		ps.Add(p.File, p.Line, "%s", p.Message)
	}
	ps.more += other.more
}

// Len is how many problems there are.
func (ps Problems) Len() int { return len(ps.list) + ps.more }

// List returns the problems in file and line order.
func (ps Problems) List() []Problem {
	out := slices.Clone(ps.list)
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return out
}

// Err is nil when there are no problems, and otherwise an Invalid
// *vigil.Error whose Fields map each place to what is wrong there.
// what names the content in the message: "lesson", "quick answer".
func (ps Problems) Err(what string) error {
	if len(ps.list) == 0 {
		return nil
	}
	list := ps.List()
	fields := make(map[string]string, len(list))
	for _, p := range list {
		k := p.Where()
		if prev, ok := fields[k]; ok {
			fields[k] = prev + "; " + p.Message
			continue
		}
		fields[k] = p.Message
	}
	msg := fmt.Sprintf("a %s file has a problem", what)
	if ps.Len() > 1 {
		msg = fmt.Sprintf("%s files have %d problems", what, ps.Len())
	}
	if ps.more > 0 {
		msg += fmt.Sprintf(" (the first %d are listed)", len(list))
	}
	return &vigil.Error{Code: vigil.Invalid, Message: msg, Fields: fields}
}
