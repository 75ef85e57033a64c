package help

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

var links = Links{Lessons: []string{"spotting-phishing", "phones-and-messaging"}, ReportKinds: []string{"email", "clicked", "other"}}

func answer(id, question, keywords, body string) string {
	return fmt.Sprintf("---\nid: %s\nquestion: %q\nkeywords: [%s]\nlesson: spotting-phishing\nreport_kind: clicked\n---\n%s\n", id, question, keywords, body)
}

func TestParseAnAnswer(t *testing.T) {
	a, err := Parse("clicked.md", []byte(answer("clicked", "I clicked a link", "clicked, link", "Call {{service_desk_phone}} now.")), links)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "clicked" || a.Question != "I clicked a link" || a.Lesson != "spotting-phishing" || a.ReportKind != "clicked" {
		t.Errorf("got %+v", a)
	}
	if got := string(a.Body.HTML(prose.Contacts{ServiceDeskPhone: "111"})); !strings.Contains(got, `<a href="tel:111">111</a>`) {
		t.Errorf("HTML = %s", got)
	}
}

func TestParseSaysWhatIsWrongAndWhere(t *testing.T) {
	good := answer("clicked", "I clicked a link", "clicked", "Call {{service_desk_phone}} now.")
	tests := []struct {
		name, from, to, where, says string
	}{
		{"an unknown lesson", "lesson: spotting-phishing", "lesson: fishing", "line 5", `there is no lesson "fishing"`},
		{"an unknown report kind", "report_kind: clicked", "report_kind: clicking", "line 6", `unknown report kind "clicking"`},
		{"no question", `question: "I clicked a link"`, `question: ""`, "line 3", "the question is missing"},
		{"a placeholder in the question", `"I clicked a link"`, `"Call {{service_desk_phone}}?"`, "line 3", "they work only in the answer"},
		{"no answer", "Call {{service_desk_phone}} now.", "", "line 8", "the answer is missing"},
		{"a long answer", "Call {{service_desk_phone}} now.", strings.Repeat("word ", MaxBodyWords+1), "line 8", "keep it to 120"},
		{"a heading", "Call {{service_desk_phone}} now.", "## What to do\n\nCall.", "line 8", "a heading with ## cannot be used here"},
		{"a misspelt placeholder", "{{service_desk_phone}}", "{{helpdesk}}", "line 8", "unknown placeholder {{helpdesk}}"},
		{"a misspelt field", "keywords:", "keyword:", "line 4", "unknown field “keyword”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("clicked.md", []byte(strings.Replace(good, tt.from, tt.to, 1)), links)
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if got := ve.Fields["clicked.md, "+tt.where]; !strings.Contains(got, tt.says) {
				t.Errorf("at %s: %q, want %q; all: %v", tt.where, got, tt.says, ve.Fields)
			}
		})
	}
}

func fixture(t *testing.T) Answers {
	t.Helper()
	as, err := Load(fstest.MapFS{
		"clicked.md":  {Data: []byte(answer("clicked", "I think I clicked a link", "link", "Change your password and call {{service_desk_phone}}."))},
		"whatsapp.md": {Data: []byte(answer("whatsapp", "Can I send a patient photo on WhatsApp?", "photo", "No. Use the approved tool."))},
		"opened.md":   {Data: []byte(answer("opened", "I opened an attachment", "attachment", "Stop using the computer and leave it on."))},
		"sticks.md":   {Data: []byte(answer("sticks", "I found a memory stick", "usb", "Do not plug it in. It could be a phishing trap."))},
	}, links)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func TestSearch(t *testing.T) {
	as := fixture(t)
	tests := []struct {
		query string
		want  []string // in order
	}{
		{"clicked", []string{"clicked", "opened"}},         // the word, then its synonym
		{"click", []string{"clicked", "opened"}},           // the stem
		{"clicking a link", []string{"clicked", "opened"}}, // another ending; "link" adds to the first
		{"opened", []string{"opened", "clicked"}},          // the word itself first, then its synonym
		{"messaging", []string{"whatsapp"}},                // a synonym
		{"whats", []string{"whatsapp"}},                    // a word being typed
		{"PHOTO!", []string{"whatsapp"}},                   // case and punctuation do not matter
		{"phishing", []string{"sticks"}},                   // a match in the answer alone
		{"usb phishing", []string{"sticks"}},               // more words matched ranks higher
		{"what is it", nil},                                // only common words
		{"", nil},
		{"zebra", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range as.Search(tt.query) {
			got = append(got, a.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

// A match in the question counts for more than the same match in an answer.
func TestSearchRanksTheQuestionAboveTheAnswer(t *testing.T) {
	as, err := Load(fstest.MapFS{
		"a.md": {Data: []byte(answer("a", "Something else", "other", "A password helps."))},
		"b.md": {Data: []byte(answer("b", "My password", "other", "Change it."))},
	}, links)
	if err != nil {
		t.Fatal(err)
	}
	if got := as.Search("password"); len(got) != 2 || got[0].ID != "b" {
		t.Errorf("Search = %v, want b first", got)
	}
}

func TestWordsAndStems(t *testing.T) {
	if got := strings.Join(words("Can't open the e-mail — it's NHSmail’s"), " "); got != "cant open the mail email its nhsmails" {
		t.Errorf("words = %q", got)
	}
	for in, want := range map[string]string{"clicked": "click", "opening": "open", "passwords": "password", "access": "access", "bus": "bus"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// An organisation's own answer replaces the built-in one with its id.
func TestWithLetsAnOrganisationReplaceAnAnswer(t *testing.T) {
	builtIn := fixture(t)
	own, err := Load(fstest.MapFS{
		"clicked.md": {Data: []byte(answer("clicked", "I clicked a link", "link", "Ring the Riverside desk on 4444."))},
		"parking.md": {Data: []byte(answer("parking", "A parking fine text", "parking", "It is a scam."))},
	}, links)
	if err != nil {
		t.Fatal(err)
	}
	all := builtIn.With(own)
	if len(all.All()) != 5 {
		t.Errorf("%d answers, want 5", len(all.All()))
	}
	a, _ := all.Answer("clicked")
	if !strings.Contains(a.Body.Plain(prose.Contacts{}), "Riverside desk") {
		t.Errorf("clicked = %q, want the organisation's own", a.Body.Plain(prose.Contacts{}))
	}
	if got := all.Search("parking"); len(got) != 1 || got[0].ID != "parking" {
		t.Errorf("the own answer is not searchable: %v", got)
	}
	if b, _ := builtIn.Answer("clicked"); strings.Contains(b.Body.Plain(prose.Contacts{}), "Riverside") {
		t.Error("the built-in answers changed")
	}
}

func TestLoadKeepsTheGoodAnswers(t *testing.T) {
	as, err := Load(fstest.MapFS{
		"good.md":  {Data: []byte(answer("good", "Q", "k", "A."))},
		"wrong.md": {Data: []byte(answer("right", "Q", "k", "A."))},
		"bad.md":   {Data: []byte("---\nid: bad\n")},
	}, links)
	if len(as.All()) != 1 {
		t.Errorf("kept %d answers, want 1", len(as.All()))
	}
	if err == nil || !strings.Contains(err.Error(), "wrong.md: the id is \"right\"") || !strings.Contains(err.Error(), "bad.md") {
		t.Errorf("err = %v", err)
	}
}
