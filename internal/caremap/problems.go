package caremap

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Problem is one thing wrong with a care map, with where it is.
type Problem struct {
	Line, Column int    // 1-based place in the file; 0 when the map did not come from a file or the place is unknown
	Path         string // where in the map, such as services[2].depends_on[0]; set when Line is 0
	Message      string
}

// Where names the problem's place: "line 12, column 3", "line 12" or its path.
func (p Problem) Where() string {
	switch {
	case p.Line > 0 && p.Column > 0:
		return fmt.Sprintf("line %d, column %d", p.Line, p.Column)
	case p.Line > 0:
		return fmt.Sprintf("line %d", p.Line)
	case p.Path != "":
		return p.Path
	}
	return "file"
}

func (p Problem) String() string { return p.Where() + ": " + p.Message }

// Problems is every problem found in one map, in file order. It is the cause (Err) of the
// *vigil.Error the loaders return, so a command line can print each on its own line.
type Problems []Problem

// Error is short because the *vigil.Error that carries Problems already lists each one.
func (ps Problems) Error() string {
	if len(ps) == 1 {
		return "1 care-map problem"
	}
	return fmt.Sprintf("%d care-map problems", len(ps))
}

func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// asError wraps the problems in the shared refusal, keyed by place.
func (ps Problems) asError() error {
	ps.sort()
	fields := make(map[string]string, len(ps))
	for _, p := range ps {
		k := p.Where()
		if prev, ok := fields[k]; ok {
			fields[k] = prev + "; " + p.Message
			continue
		}
		fields[k] = p.Message
	}
	msg := "the care map has a problem"
	if len(ps) > 1 {
		msg = fmt.Sprintf("the care map has %d problems", len(ps))
	}
	return &vigil.Error{Code: vigil.Invalid, Message: msg, Fields: fields, Err: ps}
}

// Error lets a single Problem travel as an error inside a loader.
func (p Problem) Error() string { return p.String() }
