package framework

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/contentfile"
)

// Limits on a framework file.
const (
	MaxFileBytes    = 512 << 10
	MaxFrameworks   = 20
	MaxObjectives   = 26
	MaxPrinciples   = 100 // in the whole framework
	MaxOutcomes     = 500 // in the whole framework
	MaxTitleChars   = 120
	MaxSummaryChars = 300
	MaxGoodChars    = 1000
)

// The shape of ids: objective "A", principle "A1", outcome "A1.a". A
// principle's id starts with its objective's, an outcome's with its
// principle's and a dot, so an id says where it belongs.
var (
	frameworkID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9.]+)*$`)
	objectiveID = regexp.MustCompile(`^[A-Z]$`)
	principleID = regexp.MustCompile(`^[A-Z][0-9]{1,2}$`)
	outcomeID   = regexp.MustCompile(`^[A-Z][0-9]{1,2}\.[a-z]$`)
)

// Load reads every .yaml file at the top of fsys as a framework. The
// frameworks that pass are returned even when err lists problems.
func Load(fsys fs.FS) ([]Framework, error) {
	var ps contentfile.Problems
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list frameworks: %w", err)
	}
	if len(names) > MaxFrameworks {
		ps.Add(".", 0, "only %d frameworks are read from one folder", MaxFrameworks)
		names = names[:MaxFrameworks]
	}
	var out []Framework
	for _, name := range names {
		if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxFileBytes {
			ps.Add(name, 0, "the file is larger than %d KB", MaxFileBytes>>10)
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			ps.Add(name, 0, "the file cannot be read: %v", err)
			continue
		}
		f, ok := parse(name, data, &ps)
		switch {
		case !ok:
		case slices.ContainsFunc(out, func(o Framework) bool { return o.ID == f.ID }):
			ps.Add(name, 0, "another framework has the id %q", f.ID)
		default:
			out = append(out, f)
		}
	}
	return out, ps.Err("framework")
}

// Parse reads one framework file. A framework with any problem is refused
// whole: half a framework would give a misleading assessment.
func Parse(file string, data []byte) (Framework, error) {
	var ps contentfile.Problems
	f, _ := parse(file, data, &ps)
	if err := ps.Err("framework"); err != nil {
		return Framework{}, err
	}
	return f, nil
}

func parse(file string, data []byte, ps *contentfile.Problems) (Framework, bool) {
	before := ps.Len()
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is larger than %d KB", MaxFileBytes>>10)
		return Framework{}, false
	}
	var f Framework
	doc, ok := contentfile.Decode(file, data, &f, ps)
	if !ok {
		return Framework{}, false
	}
	f.File = path.Clean(file)
	c := checker{doc: doc, ps: ps, seen: map[string]bool{}}
	c.framework(f)
	return f, ps.Len() == before
}

type checker struct {
	doc                  contentfile.Document
	ps                   *contentfile.Problems
	seen                 map[string]bool
	principles, outcomes int
}

func (c *checker) add(path []any, format string, args ...any) { c.doc.Add(c.ps, path, format, args...) }

func (c *checker) text(path []any, what, v string, limit int) {
	if strings.TrimSpace(v) == "" {
		c.add(path, "the %s is missing", what)
	} else if utf8.RuneCountInString(v) > limit {
		c.add(path, "the %s is longer than %d characters", what, limit)
	}
}

// id checks an id's shape, its parent's prefix and that it is unique.
func (c *checker) id(path []any, id, parent string, shape *regexp.Regexp, example string) {
	switch {
	case !shape.MatchString(id):
		c.add(path, "the id %q must look like %s", id, example)
	case !strings.HasPrefix(id, parent):
		c.add(path, "the id %q must start with %q, the id of what it sits under", id, parent)
	case c.seen[id]:
		c.add(path, "the id %q is used twice", id)
	}
	c.seen[id] = true
}

func (c *checker) framework(f Framework) {
	if !frameworkID.MatchString(f.ID) {
		c.add([]any{"id"}, "the id %q must be lower-case letters, digits and hyphens, such as caf-v4", f.ID)
	}
	c.text([]any{"title"}, "title", f.Title, MaxTitleChars)
	c.text([]any{"version"}, "version", f.Version, MaxTitleChars)
	c.text([]any{"based_on"}, "based_on (where the structure comes from)", f.BasedOn, MaxSummaryChars)
	if len(f.Objectives) == 0 || len(f.Objectives) > MaxObjectives {
		c.add([]any{"objectives"}, "a framework has from 1 to %d objectives", MaxObjectives)
	}
	for i, obj := range f.Objectives {
		at := []any{"objectives", i}
		c.id(field(at, "id"), obj.ID, "", objectiveID, "A")
		c.text(field(at, "title"), "title", obj.Title, MaxTitleChars)
		c.text(field(at, "summary"), "summary", obj.Summary, MaxSummaryChars)
		if len(obj.Principles) == 0 {
			c.add(at, "the objective %s has no principles", obj.ID)
		}
		for j, p := range obj.Principles {
			c.principle([]any{"objectives", i, "principles", j}, p, obj.ID)
		}
	}
}

func (c *checker) principle(at []any, p Principle, objective string) {
	if c.principles++; c.principles > MaxPrinciples {
		c.add(at, "a framework has at most %d principles", MaxPrinciples)
		return
	}
	c.id(field(at, "id"), p.ID, objective, principleID, "A1")
	c.text(field(at, "title"), "title", p.Title, MaxTitleChars)
	c.text(field(at, "summary"), "summary", p.Summary, MaxSummaryChars)
	if len(p.Outcomes) == 0 {
		c.add(at, "the principle %s has no outcomes", p.ID)
	}
	for k, o := range p.Outcomes {
		c.outcome(field(at, "outcomes", k), o, p.ID+".")
	}
}

func (c *checker) outcome(at []any, o Outcome, prefix string) {
	if c.outcomes++; c.outcomes > MaxOutcomes {
		c.add(at, "a framework has at most %d outcomes", MaxOutcomes)
		return
	}
	c.id(field(at, "id"), o.ID, prefix, outcomeID, "A1.a")
	c.text(field(at, "title"), "title", o.Title, MaxTitleChars)
	c.text(field(at, "summary"), "summary", o.Summary, MaxSummaryChars)
	c.text(field(at, "good"), "what good looks like (good)", o.Good, MaxGoodChars)
	for i, s := range o.Answers {
		if !slices.Contains(Statuses, s) {
			c.add(field(at, "answers", i), "unknown answer %q: use not-achieved, partially-achieved or achieved", s)
		}
	}
	if len(o.Answers) > 0 && (!slices.Contains(o.Answers, NotAchieved) || !slices.Contains(o.Answers, Achieved)) {
		c.add(field(at, "answers"), "an outcome must allow both not-achieved and achieved")
	}
	for i, e := range o.EvidenceHints {
		switch {
		case !slices.Contains(Evidences, e):
			c.add(field(at, "evidence_hints", i), "unknown evidence hint %q: use one of %s", e, evidenceNames())
		case slices.Contains(o.EvidenceHints[:i], e):
			c.add(field(at, "evidence_hints", i), "the evidence hint %q is listed twice", e)
		}
	}
}

func evidenceNames() string {
	names := make([]string, len(Evidences))
	for i, e := range Evidences {
		names[i] = string(e)
	}
	return strings.Join(names, ", ")
}

// field is the path of a field under at; at is never written to, so paths
// handed out earlier stay as they were.
func field(at []any, more ...any) []any { return append(slices.Clip(at), more...) }
