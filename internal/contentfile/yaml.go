package contentfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Document is a YAML text that decoded cleanly, kept as a node tree so
// that later checks can point at the line of any field.
type Document struct {
	File string
	root *yaml.Node
}

// Decode reads YAML into v, refusing fields that v does not have (a typo
// such as "explaination" must not silently lose a quiz explanation). Every
// problem is added to ps with its line; ok is false when there were any.
//
// Lines count from the start of text, so front matter should be passed
// with its opening "---" line for its lines to match the file's.
func Decode(file string, text []byte, v any, ps *Problems) (doc Document, ok bool) {
	doc.File = file
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		ps.Add(file, 0, "the file is empty")
		return doc, false
	}
	if err != nil {
		addYAMLError(file, err, ps)
		return doc, false
	}
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil { // cannot fail after a clean decode, but say so if it does
		addYAMLError(file, err, ps)
		return doc, false
	}
	doc.root = &root
	return doc, true
}

// Line finds the line of a field by its path of mapping keys (string) and
// list positions (int, from 0): Line("quiz", 1, "options"). When the path
// goes further than the file does, it answers the line of the deepest part
// that exists, which is where the author has to add what is missing.
func (d Document) Line(path ...any) int {
	n := d.root
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range path {
		next := child(n, step)
		if next == nil {
			break
		}
		n = next
	}
	return n.Line
}

func child(n *yaml.Node, step any) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch s := step.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}

var (
	lineRE       = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRE    = regexp.MustCompile(`^field (\S+) not found in type .+$`)
	unmarshalRE  = regexp.MustCompile("^cannot unmarshal (!!\\w+) (?:`(.*)` )?into (.+)$")
	alreadyDefRE = regexp.MustCompile(`^mapping key "(.*)" already defined at line \d+$`)
)

// addYAMLError turns yaml.v3's messages into plain English with lines.
func addYAMLError(file string, err error, ps *Problems) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			addYAMLMessage(file, e, ps)
		}
		return
	}
	addYAMLMessage(file, err.Error(), ps)
}

func addYAMLMessage(file, msg string, ps *Problems) {
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	switch {
	case unknownRE.MatchString(msg):
		msg = "unknown field “" + unknownRE.FindStringSubmatch(msg)[1] + "”: check its spelling against the format in content/README.md"
	case unmarshalRE.MatchString(msg):
		m := unmarshalRE.FindStringSubmatch(msg)
		msg = "expected " + goTypeWords(m[3]) + ", found " + yamlTagWords(m[1], m[2])
	case alreadyDefRE.MatchString(msg):
		msg = "the field “" + alreadyDefRE.FindStringSubmatch(msg)[1] + "” appears twice"
	default:
		msg = "the YAML cannot be read: " + msg
	}
	ps.Add(file, line, "%s", msg)
}

func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list (lines starting with -)"
	case strings.HasPrefix(t, "map["):
		return "a set of fields (key: value)"
	case t == "int" || t == "int64":
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "text"
	case t == "time.Month":
		return "a month as a number from 1 to 12"
	}
	return "a set of fields (key: value)"
}

func yamlTagWords(tag, value string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a set of fields"
	case "!!str":
		return "the text “" + value + "”"
	}
	return "“" + value + "”"
}

// Add notes a problem at the field a path leads to. A Document that did
// not come from a file (the zero Document with only File set, as for a
// curriculum edited on a page) names the path instead of a line.
func (d Document) Add(ps *Problems, path []any, format string, args ...any) {
	if d.root != nil {
		ps.Add(d.File, d.Line(path...), format, args...)
		return
	}
	file := d.File
	if p := PathString(path); p != "" {
		file += ": " + p
	}
	ps.Add(file, 0, format, args...)
}

// PathString writes a path as people read it: curricula.nurse-midwife.required[2].
func PathString(path []any) string {
	var b strings.Builder
	for _, step := range path {
		switch s := step.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(s) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}
