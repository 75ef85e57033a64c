package contentfile

import (
	"bytes"
	"errors"
	"unicode/utf8"
)

// Markdown is a Markdown file cut at its front matter.
type Markdown struct {
	Front    []byte // the YAML, with the opening "---" line so its line numbers are the file's
	Body     []byte // the Markdown after the closing "---" line
	BodyLine int    // the file line on which Body starts
}

// SplitFrontMatter cuts a file that starts with a "---" line, YAML, and a
// second "---" line, followed by Markdown. Windows line endings and a
// byte-order mark (which some editors add) are accepted.
func SplitFrontMatter(data []byte) (Markdown, error) {
	if !utf8.Valid(data) {
		return Markdown{}, errors.New("the file is not UTF-8 text: save it as UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return Markdown{}, errors.New(`the file must start with a line of three dashes (---), then its fields, then another line of three dashes`)
	}
	line := 2
	for len(rest) > 0 {
		l, after, _ := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(l, " \t")) == "---" {
			front := data[:len(data)-len(rest)]
			return Markdown{Front: front, Body: after, BodyLine: line + 1}, nil
		}
		rest = after
		line++
	}
	return Markdown{}, errors.New("the fields at the top of the file are not closed: add a line of three dashes (---) after them")
}
