package help

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/prose"
)

// Answers is a set of quick answers with unique ids, indexed for search.
type Answers struct {
	list  []Answer // in id order
	index []entry  // index[i] is list[i]'s words
}

// Load reads every .md file at the top of fsys as an answer, named by its
// id. The answers that pass are returned even when err lists problems.
func Load(fsys fs.FS, links Links) (Answers, error) {
	var ps contentfile.Problems
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return Answers{}, fmt.Errorf("read the quick answers folder: %w", err)
	}
	var list []Answer
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".md" {
			continue
		}
		if len(list) >= MaxAnswers {
			ps.Add(name, 0, "only %d answers are read from one folder; this and later files were left out", MaxAnswers)
			break
		}
		if info, err := e.Info(); err == nil && info.Size() > MaxFileBytes {
			ps.Add(name, 0, "the file is larger than %d KB: a quick answer is a sentence or three", MaxFileBytes>>10)
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			ps.Add(name, 0, "the file cannot be read: %v", err)
			continue
		}
		a, ok := parse(name, data, links, &ps)
		if !ok {
			continue
		}
		if want := strings.TrimSuffix(name, ".md"); a.ID != want {
			ps.Add(name, 0, "the id is %q but the file is called %s: name the file %s.md", a.ID, name, a.ID)
			continue
		}
		list = append(list, a)
	}
	return newAnswers(list), ps.Err("quick answer")
}

func newAnswers(list []Answer) Answers {
	slices.SortFunc(list, func(a, b Answer) int { return strings.Compare(a.ID, b.ID) })
	out := Answers{list: list, index: make([]entry, len(list))}
	for i, a := range list {
		out.index[i] = indexAnswer(a)
	}
	return out
}

// With returns the answers with an organisation's own added. An own answer
// with the id of a built-in one replaces it, so an organisation can say
// "The system is down" its own way and keep the rest.
func (as Answers) With(own Answers) Answers {
	list := slices.Clone(own.list)
	for _, a := range as.list {
		if _, found := own.Answer(a.ID); !found {
			list = append(list, a)
		}
	}
	return newAnswers(list)
}

// Answer finds an answer by id.
func (as Answers) Answer(id string) (Answer, bool) {
	i, found := slices.BinarySearchFunc(as.list, id, func(a Answer, id string) int { return strings.Compare(a.ID, id) })
	if !found {
		return Answer{}, false
	}
	return as.list[i], true
}

// All returns every answer in id order.
func (as Answers) All() []Answer { return slices.Clone(as.list) }

// plainWords is an answer's text for search: placeholders read as who they
// reach ("the IT service desk"), whatever the organisation's numbers are.
func plainWords(a Answer) string { return a.Body.Plain(prose.Contacts{}) }
