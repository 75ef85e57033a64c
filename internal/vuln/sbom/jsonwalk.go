package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/input"
)

// jsonWalk reads a JSON document one value at a time, so that a long list (a million
// components) is decoded element by element and can be stopped at a limit, and so that
// every error names the line, column and path where it happened.
type jsonWalk struct {
	name string
	full []byte // the whole document, for line and column numbers
	base int64  // where the part being read starts in full
	dec  *json.Decoder
}

func newJSONWalk(name string, data []byte) *jsonWalk {
	return &jsonWalk{name: name, full: data, dec: json.NewDecoder(bytes.NewReader(data))}
}

// offset is where the walk has got to in the whole document.
func (w *jsonWalk) offset() int64 { return w.base + w.dec.InputOffset() }

// within walks part, a value already read that lies in the document at or after from,
// giving places in the whole document.
func (w *jsonWalk) within(from int64, part []byte) *jsonWalk {
	at := from
	if i := bytes.Index(w.full[from:], part); i >= 0 {
		at = from + int64(i)
		part = w.full[at : at+int64(len(part))]
	}
	return &jsonWalk{name: w.name, full: w.full, base: at, dec: json.NewDecoder(bytes.NewReader(part))}
}

// fail turns a decoding error at path into a refusal naming the place.
func (w *jsonWalk) fail(path string, err error) error {
	if _, ok := err.(*vigil.Error); ok {
		return err
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		syn.Offset += w.base
	}
	return input.JSONError(w.name, w.full, w.offset(), path, err)
}

// refuse rejects the document at the decoder's current place for a reason of ours.
func (w *jsonWalk) refuse(path, format string, args ...any) error {
	line, col := input.Position(w.full, w.offset())
	where := input.At(line, col)
	if path != "" {
		where += " (" + path + ")"
	}
	return input.Refuse(w.name, where, format, args...)
}

func (w *jsonWalk) delim(path string, want json.Delim) error {
	tok, err := w.dec.Token()
	if err != nil {
		return w.fail(path, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		kind := "an object"
		if want == '[' {
			kind = "a list"
		}
		return w.refuse(path, "this should be %s", kind)
	}
	return nil
}

// object calls fn for each key of the object that starts next; fn must consume the value.
func (w *jsonWalk) object(path string, fn func(key string) error) error {
	if err := w.delim(path, '{'); err != nil {
		return err
	}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return w.fail(path, err)
		}
		key, _ := tok.(string)
		if err := fn(key); err != nil {
			return err
		}
	}
	_, err := w.dec.Token()
	if err != nil {
		return w.fail(path, err)
	}
	return nil
}

// array calls fn for each element of the list that starts next; fn must consume it.
func (w *jsonWalk) array(path string, fn func(i int) error) error {
	if err := w.delim(path, '['); err != nil {
		return err
	}
	for i := 0; w.dec.More(); i++ {
		if err := fn(i); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return w.fail(path, err)
	}
	return nil
}

// decode reads the next value into v.
func (w *jsonWalk) decode(path string, v any) error {
	start := w.offset()
	if err := w.dec.Decode(v); err != nil {
		// A type error's offset counts from the start of the value decoded.
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			typ.Offset += w.valueStart(start)
		}
		return w.fail(path, err)
	}
	return nil
}

// valueStart is where the value after offset begins, past separators and spaces.
func (w *jsonWalk) valueStart(offset int64) int64 {
	for offset < int64(len(w.full)) && strings.IndexByte(" \t\r\n,:", w.full[offset]) >= 0 {
		offset++
	}
	return offset
}

// skip reads past the next value.
func (w *jsonWalk) skip(path string) error {
	var raw json.RawMessage
	return w.decode(path, &raw)
}

// end checks that nothing follows the document.
func (w *jsonWalk) end() error {
	_, err := w.dec.Token()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return w.fail("", err)
	}
	return w.refuse("", "there is more after the end of the JSON document")
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
