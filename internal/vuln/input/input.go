// Package input is what every reader of outside documents in vulnerability intelligence
// shares: reading with a size limit, and refusals that name the document and the place
// in it (line and column, or a JSON path) in plain words.
package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
)

// ReadAll reads the whole of r, refusing more than limit bytes.
func ReadAll(name string, r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, TooLarge(name, limit)
	}
	return data, nil
}

// TooLarge refuses a document over the size limit.
func TooLarge(name string, limit int64) *vigil.Error {
	return vigil.Errorf(vigil.Invalid, "%s is larger than %s, the most Vigil reads at once; split it or remove what is not needed", name, Size(limit))
}

// Size writes a byte count for people: "64 MiB", "512 KiB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Refuse builds the refusal of a document: what is wrong, and where.
func Refuse(name, where, format string, args ...any) *vigil.Error {
	msg := fmt.Sprintf(format, args...)
	e := &vigil.Error{Code: vigil.Invalid, Message: name + " cannot be read"}
	if where == "" {
		e.Message = name + ": " + msg
		return e
	}
	e.Fields = map[string]string{where: msg}
	return e
}

// Position turns a byte offset in data into a 1-based line and column.
func Position(data []byte, offset int64) (line, column int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	column = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, column
}

// At names a place by line and column: "line 12, column 3".
func At(line, column int) string { return fmt.Sprintf("line %d, column %d", line, column) }

// JSONError explains a JSON decoding error in data as a refusal of the named document;
// path names the place in the document's structure ("components[12]") when known.
// offset is where the decoder had got to, used when the error carries no offset.
func JSONError(name string, data []byte, offset int64, path string, err error) *vigil.Error {
	var (
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		what string
	)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &syn) && strings.HasPrefix(syn.Error(), "unexpected end of JSON input"):
		offset, what = int64(len(data)), "the file ends in the middle of the JSON (is it cut short?)"
	case errors.As(err, &syn):
		offset, what = syn.Offset, "this is not valid JSON: "+syn.Error()
	case errors.As(err, &typ):
		offset = typ.Offset
		field := typ.Field
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			field = field[i+1:] // the JSON name, not the Go path to it
		}
		if field == "" {
			field = "this value"
		}
		what = fmt.Sprintf("%s should be %s, not a JSON %s", field, article(typ.Type.Kind().String()), typ.Value)
	default:
		what = err.Error()
	}
	line, col := Position(data, offset)
	where := At(line, col)
	if path != "" {
		where += " (" + path + ")"
	}
	return &vigil.Error{Code: vigil.Invalid, Message: name + " cannot be read", Fields: map[string]string{where: what}}
}

func article(kind string) string {
	switch kind {
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "string":
		return "text"
	case "int", "int64", "uint", "uint64", "float64", "float32", "int32":
		return "a number"
	case "bool":
		return "true or false"
	}
	if strings.ContainsAny(kind[:1], "aeiou") {
		return "an " + kind
	}
	return "a " + kind
}
