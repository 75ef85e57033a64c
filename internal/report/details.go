package report

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/vigil"
)

// InputType is how a question is answered.
type InputType string

const (
	Text       InputType = "text"
	Tel        InputType = "tel"
	TextArea   InputType = "textarea"
	Radios     InputType = "radios"
	Checkboxes InputType = "checkboxes"
)

// Field is one question on a kind's details page. The same definition draws
// the form, checks the answer and lists it on the check-answers page, so the
// three cannot disagree.
type Field struct {
	Name     string // form field and key in Details
	Label    string // the question
	Hint     string
	Input    InputType
	Options  []Option // for radios and checkboxes
	Required bool
	Missing  string // the error when a required answer is missing, e.g. "Enter where it happened"
	Max      int    // characters; 0 means the input type's default
}

// Option is one answer to a radios or checkboxes question.
type Option struct{ Value, Label string }

// Default answer lengths. Long enough for a tired person to say what happened,
// short enough that a report cannot be used to store a file.
const (
	maxShortAnswer = 200
	maxLongAnswer  = 4000
)

func (f Field) max() int {
	switch {
	case f.Max > 0:
		return f.Max
	case f.Input == TextArea:
		return maxLongAnswer
	}
	return maxShortAnswer
}

// OptionLabel is the label of an option value, or the value itself.
func (f Field) OptionLabel(value string) string {
	for _, o := range f.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// Details are a report's answers, by field name. Checkbox answers are the
// chosen values joined by commas.
type Details map[string]string

// Value is one answer, for templates.
func (d Details) Value(name string) string { return d[name] }

// AnswerLabel is an answer as the reporter saw it ("I'm not sure", not
// "not-sure"), for the kind's question of that name.
func (k Kind) AnswerLabel(d Details, name string) string {
	for _, f := range k.Fields() {
		if f.Name == name {
			return f.OptionLabel(d[name])
		}
	}
	return d[name]
}

// Has reports whether a checkbox answer includes value.
func (d Details) Has(name, value string) bool {
	return slices.Contains(strings.Split(d[name], ","), value)
}

func (d Details) encode() string {
	if len(d) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(d) // a map of strings always marshals
	return string(b)
}

func decodeDetails(s string) Details {
	d := Details{}
	_ = json.Unmarshal([]byte(s), &d) // written only by encode; a bad row shows as no answers
	return d
}

// ParseDetails reads a kind's answers from a submitted form, keeping only the
// kind's own fields. Every problem is returned at once, keyed by field, in
// words for the person filling in the form.
func ParseDetails(kind Kind, form map[string][]string) (Details, error) {
	d := Details{}
	problems := map[string]string{}
	for _, f := range kind.Fields() {
		values := form[f.Name]
		var answer string
		switch f.Input {
		case Radios, Checkboxes:
			var chosen []string
			for _, v := range values {
				v = strings.TrimSpace(v)
				if v == "" {
					continue
				}
				if !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
					problems[f.Name] = "Choose one of the answers given."
					break
				}
				if !slices.Contains(chosen, v) {
					chosen = append(chosen, v)
				}
			}
			if f.Input == Radios && len(chosen) > 1 {
				problems[f.Name] = "Choose only one answer."
			}
			answer = strings.Join(chosen, ",")
		default:
			if len(values) > 0 {
				answer = clean(values[0], f.Input == TextArea)
			}
			if utf8.RuneCountInString(answer) > f.max() {
				problems[f.Name] = "Keep this shorter, please (up to " + strconv.Itoa(f.max()) + " characters)."
			}
		}
		if _, bad := problems[f.Name]; bad {
			continue
		}
		if answer == "" {
			if f.Required {
				problems[f.Name] = requiredMessage(f)
			}
			continue
		}
		d[f.Name] = answer
	}
	if len(problems) > 0 {
		return d, vigil.InvalidFields("", problems)
	}
	return d, nil
}

func requiredMessage(f Field) string {
	if f.Missing != "" {
		return f.Missing
	}
	switch f.Input {
	case Radios:
		return "Choose an answer: " + strings.TrimSuffix(f.Label, "?") + "."
	case Checkboxes:
		return "Choose at least one answer: " + strings.TrimSuffix(f.Label, "?") + "."
	}
	return "Answer this question: " + strings.TrimSuffix(f.Label, "?") + "."
}

// clean trims an answer and removes control characters, keeping line breaks
// in long answers. What people type is shown to analysts and written into
// e-mails, so nothing invisible may ride along.
func clean(s string, multiline bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && multiline:
			return r
		case r == '\t', r == '\n', r == '\r', r == '\u2028', r == '\u2029':
			return ' '
		case unicode.IsControl(r), r == utf8.RuneError, unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Answer is one row of the check-answers page.
type Answer struct {
	Field Field
	Text  string // the answer as the person chose or typed it
}

// Answers lists a kind's questions with the answers given, in page order.
func Answers(kind Kind, d Details) []Answer {
	var out []Answer
	for _, f := range kind.Fields() {
		v := d[f.Name]
		if f.Input == Radios || f.Input == Checkboxes {
			var labels []string
			for _, part := range strings.Split(v, ",") {
				if part != "" {
					labels = append(labels, f.OptionLabel(part))
				}
			}
			v = strings.Join(labels, "; ")
		}
		out = append(out, Answer{Field: f, Text: v})
	}
	return out
}
