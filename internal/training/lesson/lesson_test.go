package lesson

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

var roles = []string{"nurse-midwife", "doctor", "admin-clerical"}

// good is a small valid lesson; the tests below break it one way at a time.
const good = `---
id: lock-up
title: Lock up
summary: Lock the screen when you step away.
minutes: 3
job_roles: [nurse-midwife, doctor]
topics: [lock-screen]
version: 2
quiz:
  - question: You step away. What do you do?
    options:
      - text: Leave it.
        explanation: Not quite — anyone could use it.
      - text: Lock it.
        correct: true
        explanation: Yes — it takes a second.
  - question: How do you lock it?
    options:
      - text: Windows and L.
        correct: true
        explanation: Yes — or take out your smartcard.
      - text: Turn off the monitor.
        explanation: Not quite — it stays signed in.
  - question: Who is recorded if someone uses your session?
    options:
      - text: They are.
        explanation: Not quite — the system only knows your card.
      - text: You are.
        correct: true
        explanation: Yes — so lock it.
---
## On the ward

Fiona steps away. Her screen stays open.

## What to do

Take out your card, or call {{service_desk_phone}} if it is lost.
`

func TestParseReadsALesson(t *testing.T) {
	l, err := Parse("lock-up.md", []byte(good), roles)
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "lock-up" || l.Title != "Lock up" || l.Minutes != 3 || l.Version != 2 || len(l.Quiz) != 3 || len(l.Screens) != 2 {
		t.Fatalf("got %+v", l)
	}
	if l.Quiz[0].Right() != 1 || l.Quiz[1].Right() != 0 {
		t.Errorf("right answers at %d and %d, want 1 and 0", l.Quiz[0].Right(), l.Quiz[1].Right())
	}
	if !l.For("doctor") || l.For("admin-clerical") {
		t.Errorf("job roles = %v", l.JobRoles)
	}
	screen := l.Screens[1]
	html := string(screen.Body.HTML(prose.Contacts{ServiceDeskPhone: "0300 555 0142"}))
	if screen.Title != "What to do" || !strings.Contains(html, `<a href="tel:03005550142">0300 555 0142</a>`) {
		t.Errorf("screen %q = %s", screen.Title, html)
	}
}

func TestAllRolesMeansEveryJobRole(t *testing.T) {
	l, err := Parse("lock-up.md", []byte(strings.Replace(good, "[nurse-midwife, doctor]", "[all]", 1)), roles)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if !l.For(r) {
			t.Errorf("a lesson for all is not for %s", r)
		}
	}
}

const q3 = `  - question: Who is recorded if someone uses your session?
    options:
      - text: They are.
        explanation: Not quite — the system only knows your card.
      - text: You are.
        correct: true
        explanation: Yes — so lock it.
`

// Each mistake an author can make is reported at its line, in words they can act on.
func TestParseSaysWhatIsWrongAndWhere(t *testing.T) {
	tests := []struct {
		name, from, to string
		where, says    string
	}{
		{"two right answers", "      - text: Leave it.\n", "      - text: Leave it.\n        correct: true\n", "line 12", "question 1 has 2 options marked correct"},
		{"no right answer", "        correct: true\n        explanation: Yes — it takes a second.", "        explanation: Yes — it takes a second.", "line 12", "question 1 has no right answer"},
		{"an option without explanation", "        explanation: Not quite — it stays signed in.\n", "", "line 22", "the explanation (say why this option is right or not) is missing"},
		{"a typo in a question", "  - question: Who is recorded", "  - questionx: Who is recorded", "line 24", "unknown field “questionx”"},
		{"too few questions", q3, "", "line 10", "the quiz has 2 questions; it needs from 3 to 5"},
		{"minutes out of range", "minutes: 3", "minutes: 12", "line 5", "minutes must be from 3 to 5"},
		{"unknown job role", "[nurse-midwife, doctor]", "[nurse-midwife, porter]", "line 6", `unknown job role "porter"`},
		{"a bad id", "id: lock-up", "id: Lock Up!", "line 2", "must be lower-case letters"},
		{"a placeholder in the quiz", "You step away. What", "Call {{service_desk_phone}}. What", "line 10", "they work only in the screens"},
		{"a typo in a field", "summary:", "sumary:", "line 4", "unknown field “sumary”"},
		{"version zero", "version: 2", "version: 0", "line 8", "the version must be a whole number from 1"},
		{"no first heading", "## On the ward\n", "", "line 33", "start the first screen with a heading"},
		{"one screen only", "## What to do\n\n", "", "line 32", "the lesson has 1 screens; it needs from 2 to 6"},
		{"raw HTML in a screen", "Her screen stays open.", "Her screen <b>stays</b> open.", "line 34", "HTML cannot be used"},
		{"the same option twice", "      - text: Turn off the monitor.", "      - text: Windows and L.", "line 22", "offers the same option twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(good, tt.from, tt.to, 1)
			if src == good {
				t.Fatalf("the test does not change the lesson")
			}
			_, err := Parse("lock-up.md", []byte(src), roles)
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid {
				t.Fatalf("err = %v, want an Invalid *vigil.Error", err)
			}
			if got := ve.Fields["lock-up.md, "+tt.where]; !strings.Contains(got, tt.says) {
				t.Errorf("at %s: %q; want it to say %q; all: %v", tt.where, got, tt.says, ve.Fields)
			}
		})
	}
}

func TestLimitsOnSize(t *testing.T) {
	long := strings.Repeat("word ", MaxScreenWords+1)
	_, err := Parse("lock-up.md", []byte(strings.Replace(good, "Her screen stays open.", long, 1)), roles)
	if err == nil || !strings.Contains(err.Error(), "keep each screen to 250") {
		t.Errorf("a long screen: %v", err)
	}
	huge := append([]byte(good), make([]byte, MaxFileBytes)...)
	if _, err := Parse("lock-up.md", huge, roles); err == nil || !strings.Contains(err.Error(), "at most 32 KB") {
		t.Errorf("a huge file: %v", err)
	}
}

// One bad file in an upload is reported by name; the good ones are kept.
func TestLoadKeepsTheGoodLessons(t *testing.T) {
	fsys := fstest.MapFS{
		"lock-up.md":   {Data: []byte(good)},
		"broken.md":    {Data: []byte("no front matter")},
		"misnamed.md":  {Data: []byte(strings.Replace(good, "id: lock-up", "id: other", 1))},
		"notes.txt":    {Data: []byte("not a lesson")},
		"drafts/x.md":  {Data: []byte("a folder is not read")},
		"too-large.md": {Data: make([]byte, MaxFileBytes+1)},
	}
	lib, err := Load(fsys, roles)
	if got := lib.IDs(); len(got) != 1 || got[0] != "lock-up" {
		t.Errorf("loaded %v, want only lock-up", got)
	}
	var ve *vigil.Error
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for key, says := range map[string]string{
		"broken.md, line 1": "must start with a line of three dashes",
		"misnamed.md":       "name the file other.md",
		"too-large.md":      "at most 32 KB",
	} {
		if !strings.Contains(ve.Fields[key], says) {
			t.Errorf("%s: %q, want %q", key, ve.Fields[key], says)
		}
	}
	if len(ve.Fields) != 3 {
		t.Errorf("fields = %v", ve.Fields)
	}
}

func TestAddRefusesADuplicateAndLeavesCopiesAlone(t *testing.T) {
	lib, err := Load(fstest.MapFS{"lock-up.md": {Data: []byte(good)}}, roles)
	if err != nil {
		t.Fatal(err)
	}
	own, _ := Parse("lock-up.md", []byte(good), roles)
	if err := lib.Add(own); vigil.CodeOf(err) != vigil.Conflict {
		t.Errorf("adding a second lock-up: %v, want a Conflict", err)
	}
	copyOf := lib
	extra, err := Parse("a-first.md", []byte(strings.Replace(good, "id: lock-up", "id: a-first", 1)), roles)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyOf.Add(extra); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(copyOf.IDs(), ","); got != "a-first,lock-up" {
		t.Errorf("copy has %s", got)
	}
	if got := strings.Join(lib.IDs(), ","); got != "lock-up" {
		t.Errorf("the original changed: %s", got)
	}
	if _, ok := copyOf.Lesson("a-first"); !ok {
		t.Error("Lesson(a-first) not found")
	}
	if got := len(copyOf.For("admin-clerical")); got != 0 {
		t.Errorf("%d lessons for admin-clerical, want 0", got)
	}
}
