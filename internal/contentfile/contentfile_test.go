package contentfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, in      string
		front, body   string
		bodyLine      int
		wantErrSaying string
	}{
		{name: "plain", in: "---\nid: a\n---\nHello\n", front: "---\nid: a\n", body: "Hello\n", bodyLine: 4},
		{name: "windows line endings and a byte-order mark", in: "\ufeff---\r\nid: a\r\ntitle: b\r\n---\r\nHi\r\n",
			front: "---\nid: a\ntitle: b\n", body: "Hi\n", bodyLine: 5},
		{name: "trailing spaces on the dashes", in: "--- \nid: a\n---  \nx", front: "--- \nid: a\n", body: "x", bodyLine: 4},
		{name: "no body", in: "---\nid: a\n---", front: "---\nid: a\n", body: "", bodyLine: 4},
		{name: "no opening dashes", in: "id: a\n---\n", wantErrSaying: "must start with a line of three dashes"},
		{name: "not closed", in: "---\nid: a\n", wantErrSaying: "not closed"},
		{name: "not UTF-8", in: "---\nid: \xff\n---\n", wantErrSaying: "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, err := SplitFrontMatter([]byte(tt.in))
			if tt.wantErrSaying != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrSaying) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErrSaying)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(md.Front) != tt.front || string(md.Body) != tt.body || md.BodyLine != tt.bodyLine {
				t.Errorf("got front %q, body %q from line %d; want %q, %q from line %d", md.Front, md.Body, md.BodyLine, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

type sample struct {
	ID    string   `yaml:"id"`
	Count int      `yaml:"count"`
	Tags  []string `yaml:"tags"`
	Items []struct {
		Name string `yaml:"name"`
		On   bool   `yaml:"on"`
	} `yaml:"items"`
}

// YAML problems are told in plain English at the file's own line.
func TestDecodeSaysWhereAndWhy(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		says     string
	}{
		{"unknown field", "---\nid: a\nexplaination: b\n", 3, "unknown field “explaination”"},
		{"nested unknown field", "---\nitems:\n  - name: a\n    colour: red\n", 4, "unknown field “colour”"},
		{"text for a number", "---\ncount: lots\n", 2, "expected a whole number, found the text “lots”"},
		{"list for text", "---\nid: [a, b]\n", 2, "expected text, found a list"},
		{"text for a list", "---\ntags: phishing\n", 2, "expected a list"},
		{"text for true or false", "---\nitems:\n  - on: maybe\n", 3, "expected true or false"},
		{"a field twice", "---\nid: a\nid: b\n", 3, "the field “id” appears twice"},
		{"broken YAML", "---\nid: a\n  count: [\n", 3, "the YAML cannot be read"},
		{"empty", "", 0, "the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps Problems
			var v sample
			if _, ok := Decode("f.md", []byte(tt.in), &v, &ps); ok {
				t.Fatal("decoded without a problem")
			}
			list := ps.List()
			if len(list) == 0 || list[0].Line != tt.line || !strings.Contains(list[0].Message, tt.says) {
				t.Errorf("problems = %v, want line %d saying %q", list, tt.line, tt.says)
			}
		})
	}
}

func TestDocumentLineFollowsAPath(t *testing.T) {
	in := "---\nid: a\nitems:\n  - name: one\n  - name: two\n    on: true\n"
	var ps Problems
	var v sample
	doc, ok := Decode("f.md", []byte(in), &v, &ps)
	if !ok {
		t.Fatal(ps.List())
	}
	tests := []struct {
		path []any
		want int
	}{
		{[]any{"id"}, 2},
		{[]any{"items"}, 4},
		{[]any{"items", 1}, 5},
		{[]any{"items", 1, "on"}, 6},
		{[]any{"items", 1, "missing"}, 5}, // where the missing field belongs
		{[]any{"items", 9}, 4},
	}
	for _, tt := range tests {
		if got := doc.Line(tt.path...); got != tt.want {
			t.Errorf("Line(%v) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestADocumentWithoutAFileNamesThePath(t *testing.T) {
	var ps Problems
	Document{File: "training needs"}.Add(&ps, []any{"curricula", "doctor", "required", 2}, "there is no lesson %q", "x")
	got := ps.List()[0].Where()
	if got != "training needs: curricula.doctor.required[2]" {
		t.Errorf("Where() = %q", got)
	}
}

func TestProblemsBecomeOneInvalidError(t *testing.T) {
	var ps Problems
	if ps.Err("lesson") != nil {
		t.Fatal("no problems must be no error")
	}
	ps.Add("b.md", 7, "second")
	ps.Add("a.md", 3, "first")
	ps.Add("a.md", 3, "also here")
	ps.Add("a.md", 3, "also here") // the same mistake found twice is one problem
	err := ps.Err("lesson")
	var ve *vigil.Error
	if !errors.As(err, &ve) || ve.Code != vigil.Invalid {
		t.Fatalf("err = %#v, want an Invalid *vigil.Error", err)
	}
	if ve.Fields["a.md, line 3"] != "first; also here" || ve.Fields["b.md, line 7"] != "second" {
		t.Errorf("fields = %v", ve.Fields)
	}
	if ve.Message != "lesson files have 3 problems" {
		t.Errorf("message = %q", ve.Message)
	}
}

func TestProblemsStopGrowingAtTheLimit(t *testing.T) {
	var ps Problems
	for i := range MaxProblems + 50 {
		ps.Add("f.md", i+1, "bad")
	}
	if len(ps.List()) != MaxProblems || ps.Len() != MaxProblems+50 {
		t.Errorf("kept %d of %d", len(ps.List()), ps.Len())
	}
	if msg := ps.Err("lesson").(*vigil.Error).Message; !strings.Contains(msg, "the first 200 are listed") {
		t.Errorf("message = %q", msg)
	}
}
