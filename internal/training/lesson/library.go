package lesson

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Library is a set of lessons with unique ids, in id order.
type Library struct {
	lessons []Lesson
}

// Load reads every .md file at the top of fsys as a lesson; each file's
// name must be its id followed by ".md". The lessons that pass are returned
// even when err is not nil, so one bad file in an organisation's upload
// does not lose the good ones; err lists every problem by file and line.
func Load(fsys fs.FS, jobRoles []string) (Library, error) {
	var ps contentfile.Problems
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return Library{}, fmt.Errorf("read the lessons folder: %w", err)
	}
	var lib Library
	read := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".md" {
			continue
		}
		if read++; read > MaxLessons {
			ps.Add(name, 0, "only %d lessons are read from one folder; this and later files were left out", MaxLessons)
			break
		}
		data, ok := readLimited(fsys, name, &ps)
		if !ok {
			continue
		}
		l, ok := parse(name, data, jobRoles, &ps)
		if !ok {
			continue
		}
		if want := strings.TrimSuffix(name, ".md"); l.ID != want {
			ps.Add(name, 0, "the id is %q but the file is called %s: name the file %s.md", l.ID, name, l.ID)
			continue
		}
		lib.lessons = append(lib.lessons, l)
	}
	slices.SortFunc(lib.lessons, func(a, b Lesson) int { return strings.Compare(a.ID, b.ID) })
	return lib, ps.Err("lesson")
}

func readLimited(fsys fs.FS, name string, ps *contentfile.Problems) ([]byte, bool) {
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxFileBytes {
		ps.Add(name, 0, "the file is %d KB; a lesson may be at most %d KB", info.Size()>>10, MaxFileBytes>>10)
		return nil, false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		ps.Add(name, 0, "the file cannot be read: %v", err)
		return nil, false
	}
	return data, true
}

// Add puts a lesson into the library, such as an organisation's own next to
// the built-in ones. An id already in use is a Conflict: lessons are
// tracked by id, so two lessons may not share one.
func (lib *Library) Add(l Lesson) error {
	i, found := slices.BinarySearchFunc(lib.lessons, l.ID, func(x Lesson, id string) int { return strings.Compare(x.ID, id) })
	if found {
		return &vigil.Error{Code: vigil.Conflict, Message: fmt.Sprintf("a lesson with the id %q exists already (in %s): choose another id", l.ID, lib.lessons[i].File)}
	}
	// Clip first: a copy of this Library may share the array, and must not see the insert.
	lib.lessons = slices.Insert(slices.Clip(lib.lessons), i, l)
	return nil
}

// Lesson finds a lesson by id.
func (lib Library) Lesson(id string) (Lesson, bool) {
	i, found := slices.BinarySearchFunc(lib.lessons, id, func(x Lesson, id string) int { return strings.Compare(x.ID, id) })
	if !found {
		return Lesson{}, false
	}
	return lib.lessons[i], true
}

// All returns every lesson in id order.
func (lib Library) All() []Lesson { return slices.Clone(lib.lessons) }

// IDs returns every lesson id, for the files that refer to lessons.
func (lib Library) IDs() []string {
	out := make([]string, len(lib.lessons))
	for i, l := range lib.lessons {
		out[i] = l.ID
	}
	return out
}

// For returns the lessons written for a job role, in id order.
func (lib Library) For(jobRole string) []Lesson {
	var out []Lesson
	for _, l := range lib.lessons {
		if l.For(jobRole) {
			out = append(out, l)
		}
	}
	return out
}
