package format

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// maxProblems caps the problems reported for one record; a record that is wrong
// everywhere is usually in another format.
const maxProblems = 8

// fill is what every format shares while it reads one record into an alert.
type fill struct {
	a        *alert.Alert
	w        *walker
	problems map[string]string
}

func (f *fill) reset(a *alert.Alert) {
	f.a = a
	f.problems = nil
}

// bad notes what is wrong with the field at path; the first problem of a field wins.
func (f *fill) bad(path string, format string, args ...any) {
	if f.problems == nil {
		f.problems = make(map[string]string, 2)
	}
	if _, ok := f.problems[path]; ok || len(f.problems) >= maxProblems {
		return
	}
	f.problems[path] = fmt.Sprintf(format, args...)
}

// text returns the characters of a string leaf, valid until the next call.
func (f *fill) text(v jsontext.Value) ([]byte, bool) {
	if v.Kind() != '"' {
		return nil, false
	}
	f.w.text = appendUnquoted(f.w.text[:0], v)
	return f.w.text, true
}

// str returns a string leaf as a string, or "" for any other leaf.
func (f *fill) str(v jsontext.Value) string {
	b, ok := f.text(v)
	if !ok {
		return ""
	}
	return string(b)
}

// id reads an identifier, which tools write as a string or a number.
func (f *fill) id(path []byte, v jsontext.Value) string {
	var s string
	switch v.Kind() {
	case '"':
		s = f.str(v)
	case '0':
		s = string(v)
	case 'n':
		return ""
	default:
		f.bad(string(path), "want a string or a number")
		return ""
	}
	if len(s) > alert.MaxIDLength {
		f.bad(string(path), "longer than %d characters", alert.MaxIDLength)
		return ""
	}
	return s
}

// integer reads a whole number written as a number or as a string of digits.
func (f *fill) integer(v jsontext.Value) (int64, bool) {
	b := []byte(v)
	if v.Kind() == '"' {
		b, _ = f.text(v)
	} else if v.Kind() != '0' {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		if x, ferr := strconv.ParseFloat(string(b), 64); ferr == nil && x == float64(int64(x)) {
			return int64(x), true
		}
		return 0, false
	}
	return n, true
}

// observe adds a string leaf (or each string in a list) as an observable,
// quietly dropping values that are not one of its kind.
func (f *fill) observe(kind alert.Kind, field string, v jsontext.Value) {
	if s := f.str(v); s != "" {
		f.a.Observe(kind, s, field)
	}
}

// time reads a time written as RFC 3339, with or without the colon in the offset.
func (f *fill) time(path []byte, v jsontext.Value) time.Time {
	b, ok := f.text(v)
	if ok {
		if t, ok := parseTime(b); ok {
			return t
		}
	}
	if v.Kind() != 'n' {
		f.bad(string(path), "want a date and time such as 2024-05-01T10:22:33Z")
	}
	return time.Time{}
}

// parseTime reads RFC 3339 times, and the variants tools write: a space for the
// T, and an offset without a colon (Wazuh writes 2024-05-01T10:22:33.123+0000).
func parseTime(b []byte) (time.Time, bool) {
	if len(b) < 20 || len(b) > 40 {
		return time.Time{}, false
	}
	var buf [41]byte
	s := append(buf[:0], b...)
	if s[10] == ' ' {
		s[10] = 'T'
	}
	if n := len(s); s[n-1] != 'Z' && s[n-1] != 'z' && (s[n-5] == '+' || s[n-5] == '-') && s[n-3] != ':' {
		s = append(s[:n-2], ':', s[n-2], s[n-1])
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// millis reads a time written as milliseconds since 1970, as OCSF does.
func millis(n int64) (time.Time, bool) {
	const tenThousandYears = 253402300799999 // 9999-12-31T23:59:59.999Z
	if n < 0 || n > tenThousandYears {
		return time.Time{}, false
	}
	return time.UnixMilli(n).UTC(), true
}

// short keeps a value quoted in an error message to a readable length.
func short(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// first returns the first of its arguments that is not empty.
func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
