package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// The decoders read a record as a flat list of leaves named by dotted paths:
// {"rule": {"level": 10}} gives the leaf "rule.level", and so does the key
// "rule.level" written with a dot, which Elastic's exports use. Array items take
// the array's path, so "host.ip" is the same leaf whether it holds one address
// or a list. A format is a switch on the path; it never builds a tree or uses
// reflection, which keeps a typical alert to a few microseconds.
//
// The tokens come from jsontext (the JSON tokenizer of Go's encoding/json/v2,
// published as a module while the standard library keeps it behind an
// experiment). It checks the JSON strictly: UTF-8, escapes, numbers.

// sink is what a format implements to hear about one record's leaves.
type sink interface {
	// leaf is called for each string, number, true, false or null, and with
	// the value {} where an object starts, so that a format expecting text can say
	// so. path is valid only during the call.
	leaf(path []byte, v jsontext.Value)
	// closed is called when an object ends, so that a format can finish one item
	// of an array of objects (an OCSF observable, say).
	closed(path []byte)
}

// walker reads records, reusing its buffers from one record to the next.
type walker struct {
	in   bytes.Buffer
	dec  jsontext.Decoder
	path []byte
	text []byte         // scratch for unquoting
	obj  jsontext.Value // {}, passed to leaf where an object starts
}

var errNotObject = errors.New("want a JSON object for each alert")

// walk reads one record and tells s about each leaf. The record must be one
// JSON object.
func (w *walker) walk(rec []byte, s sink) error {
	w.in.Reset()
	w.in.Write(rec)
	// Duplicate names are allowed, as most JSON readers allow them; a format
	// takes the last value of a single-valued field.
	w.dec.Reset(&w.in, jsontext.AllowDuplicateNames(true))
	w.path = w.path[:0]
	if w.obj == nil {
		w.obj = jsontext.Value("{}")
	}
	if w.dec.PeekKind() != '{' {
		if _, err := w.dec.ReadToken(); err != nil {
			return syntaxProblem(err)
		}
		return errNotObject
	}
	if err := w.object(1, s); err != nil {
		return err
	}
	if _, err := w.dec.ReadToken(); err != io.EOF {
		return errors.New("want one JSON object per record, found more after it")
	}
	return nil
}

func (w *walker) object(depth int, s sink) error {
	if depth > MaxDepth {
		return fmt.Errorf("%s: objects and lists nest more than %d deep", w.pathText(), MaxDepth)
	}
	if _, err := w.dec.ReadToken(); err != nil {
		return syntaxProblem(err)
	}
	base := len(w.path)
	for w.dec.PeekKind() == '"' {
		name, err := w.dec.ReadValue()
		if err != nil {
			return syntaxProblem(err)
		}
		if base > 0 {
			w.path = append(w.path, '.')
		}
		w.path = appendUnquoted(w.path, name)
		if err := w.value(depth, s); err != nil {
			return err
		}
		w.path = w.path[:base]
	}
	if _, err := w.dec.ReadToken(); err != nil { // '}'
		return syntaxProblem(err)
	}
	s.closed(w.path)
	return nil
}

func (w *walker) array(depth int, s sink) error {
	if depth > MaxDepth {
		return fmt.Errorf("%s: objects and lists nest more than %d deep", w.pathText(), MaxDepth)
	}
	if _, err := w.dec.ReadToken(); err != nil {
		return syntaxProblem(err)
	}
	for k := w.dec.PeekKind(); k != ']' && k != 0; k = w.dec.PeekKind() {
		if err := w.value(depth, s); err != nil {
			return err
		}
	}
	if _, err := w.dec.ReadToken(); err != nil { // ']'
		return syntaxProblem(err)
	}
	return nil
}

func (w *walker) value(depth int, s sink) error {
	switch w.dec.PeekKind() {
	case '{':
		s.leaf(w.path, w.obj)
		return w.object(depth+1, s)
	case '[':
		return w.array(depth+1, s)
	}
	v, err := w.dec.ReadValue()
	if err != nil {
		return syntaxProblem(err)
	}
	s.leaf(w.path, v)
	return nil
}

func (w *walker) pathText() string {
	if len(w.path) == 0 {
		return "record"
	}
	return string(w.path)
}

// appendUnquoted appends the text of a JSON string. Most names and values have
// no escapes and are copied as they are.
func appendUnquoted(dst []byte, v jsontext.Value) []byte {
	inner := v[1 : len(v)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return append(dst, inner...)
	}
	out, err := jsontext.AppendUnquote(dst, v)
	if err != nil { // cannot happen: the decoder has checked the string
		return dst
	}
	return out
}

// syntaxProblem says plainly where the JSON is broken.
func syntaxProblem(err error) error {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		why := se.Err.Error()
		why = strings.TrimPrefix(why, "jsontext: ")
		if errors.Is(err, io.ErrUnexpectedEOF) {
			why = "the record ends too soon"
		}
		return fmt.Errorf("not valid JSON at character %d: %s", se.ByteOffset+1, why)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("not valid JSON: the record ends too soon")
	}
	return fmt.Errorf("not valid JSON: %w", err)
}
