package caremap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on what a loader accepts, so that a mistaken or hostile file is refused plainly
// instead of exhausting memory.
const (
	MaxFileBytes  = 64 << 20   // 64 MiB
	MaxEntries    = 250_000    // services, assets and suppliers together
	MaxYAMLNodes  = 10_000_000 // YAML nodes visited, counting each use of an alias
	MaxAliasNodes = 1_000_000  // nodes copied in by aliases, over the whole file
)

// Parse reads a care map written as YAML or as JSON (a file whose first character is '{').
func Parse(data []byte) (*Map, error) {
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return ParseJSON(data)
	}
	return ParseYAML(data)
}

// Read reads a care map in YAML or JSON from r, refusing more than MaxFileBytes.
func Read(r io.Reader) (*Map, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read care map: %w", err)
	}
	return Parse(data)
}

// ParseYAML reads a care map file. If anything is wrong it returns a *vigil.Error whose
// Fields hold every problem keyed by "line L, column C", and whose cause is Problems.
func ParseYAML(data []byte) (*Map, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := unmarshalNode(data, &doc); err != nil {
		return nil, Problems{syntaxProblem(err)}.asError()
	}
	return fromTree(&doc)
}

func checkSize(data []byte) error {
	if len(data) > MaxFileBytes {
		return vigil.Errorf(vigil.Invalid, "the care map file is more than %d MiB; split it or remove what is not needed", MaxFileBytes>>20)
	}
	return nil
}

// unmarshalNode parses YAML into a node tree. The parser is outside code fed with outside
// input: a panic in it becomes an error rather than taking the server down.
func unmarshalNode(data []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the file could not be read: %v", r)
		}
	}()
	return yaml.Unmarshal(data, doc)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxProblem turns a YAML syntax error into a Problem with its line when it names one.
func syntaxProblem(err error) Problem {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Line: line, Message: "the file is not valid YAML: " + m[2]}
	}
	return Problem{Path: "file", Message: "the file is not valid YAML: " + msg}
}

// fromTree decodes, checks and builds a map from a parsed document.
func fromTree(doc *yaml.Node) (*Map, error) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, Problems{{Line: 1, Message: "the care map file is empty"}}.asError()
	}
	d := &decoder{budget: MaxYAMLNodes, aliases: MaxAliasNodes, loc: &fileLocator{bad: make(map[*yaml.Node]bool)}}
	c := d.contents(d.node(doc.Content[0]))
	if d.over {
		return nil, d.problems.asError()
	}
	more := check(&c, d.loc)
	problems := append(d.problems, more...)
	if len(problems) > 0 {
		return nil, problems.asError()
	}
	return build(c), nil
}

// ProblemsOf returns the problems a loader or New found, or nil if err is not about a map's content.
func ProblemsOf(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return nil
}
