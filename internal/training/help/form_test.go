package help

import (
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// A typed answer is checked as an answer file is, with each problem named
// by its form field.
func TestFromFieldsNamesTheField(t *testing.T) {
	good := Fields{ID: "parking-fine", Question: "A text says I have a parking fine", Keywords: "parking, fine",
		Lesson: "spotting-phishing", ReportKind: "other", Body: "It is a scam. Call {{service_desk_phone}} if you paid."}
	a, err := FromFields(good, links)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "parking-fine" || strings.Join(a.Keywords, "|") != "parking|fine" ||
		!strings.Contains(string(a.Body.HTML(prose.Contacts{ServiceDeskPhone: "4444"})), `<a href="tel:4444">4444</a>`) {
		t.Errorf("got %+v", a)
	}
	tests := []struct {
		name, field, says string
		edit              func(*Fields)
	}{
		{"a bad id", "id", "lower-case letters", func(f *Fields) { f.ID = "Parking Fine" }},
		{"no question", "question", "The question is missing", func(f *Fields) { f.Question = "" }},
		{"too many keywords", "keywords", "at most 20", func(f *Fields) { f.Keywords = strings.Repeat("word, ", 30) }},
		{"an unknown lesson", "lesson", `There is no lesson "nope"`, func(f *Fields) { f.Lesson = "nope" }},
		{"an unknown report kind", "report_kind", "Unknown report kind", func(f *Fields) { f.ReportKind = "pigeon" }},
		{"no answer", "body", "Write the answer", func(f *Fields) { f.Body = " " }},
		{"HTML", "body", "Line 1: HTML cannot be used", func(f *Fields) { f.Body = "<b>Hi</b> there" }},
		{"a misspelt placeholder", "body", "Line 2: Unknown placeholder {{helpdesk}}", func(f *Fields) { f.Body = "Hello.\nCall {{helpdesk}}." }},
		{"a long answer", "body", "keep it to 120", func(f *Fields) { f.Body = strings.Repeat("word ", MaxBodyWords+1) }},
		{"a huge answer", "body", "longer than 8 KB", func(f *Fields) { f.Body = strings.Repeat("w", MaxBodyBytes+1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good
			tt.edit(&f)
			_, err := FromFields(f, links)
			e, ok := err.(*vigil.Error)
			if !ok || e.Code != vigil.Invalid || !strings.Contains(e.Fields[tt.field], tt.says) {
				t.Fatalf("err = %v (%v), want %q at %s", err, fieldsOf(err), tt.says, tt.field)
			}
		})
	}
}

func fieldsOf(err error) map[string]string {
	if e, ok := err.(*vigil.Error); ok {
		return e.Fields
	}
	return nil
}

// unfilled finds a placeholder left unfilled in HTML.
var unfilled = regexp.MustCompile(`\{\{[a-z_]+\}\}`)

// FuzzFromFields feeds the form checks anything: an Invalid error, or an
// answer whose HTML is safe and has every placeholder unfilled in.
func FuzzFromFields(f *testing.F) {
	f.Add("parking-fine", "A parking fine text?", "parking, fine", "spotting-phishing", "other", "It is a scam. Call {{service_desk_phone}}.")
	f.Add("x", "{{q}}", ",,,", "", "email", "<script>alert(1)</script> [a](javascript:alert(1)) {{ig_email}}")
	f.Fuzz(func(t *testing.T, id, question, keywords, lesson, kind, body string) {
		a, err := FromFields(Fields{ID: id, Question: question, Keywords: keywords, Lesson: lesson, ReportKind: kind, Body: body}, links)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			return
		}
		html := string(a.Body.HTML(prose.Contacts{SwitchboardPhone: "<b>0300</b>"}))
		if unfilled.MatchString(html) || strings.Contains(html, "<script") || strings.Contains(html, "<b>") || strings.Contains(html, "javascript:") {
			t.Fatalf("unsafe answer HTML: %s", html)
		}
	})
}
