package programme

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

var roles = []string{"nurse-midwife", "doctor"}

// lessonFile is a minimal valid lesson with an id and job roles.
func lessonFile(id, jobRoles string) string {
	q := `  - question: Q%d?
    options:
      - text: A
        correct: true
        explanation: Yes — a.
      - text: B
        explanation: Not quite — b.
`
	return fmt.Sprintf("---\nid: %s\ntitle: T\nsummary: S\nminutes: 3\njob_roles: %s\ntopics: [t]\nversion: 1\nquiz:\n%s%s%s---\n## One\n\nText.\n\n## Two\n\nText.\n",
		id, jobRoles, fmt.Sprintf(q, 1), fmt.Sprintf(q, 2), fmt.Sprintf(q, 3))
}

func library(t *testing.T) lesson.Library {
	t.Helper()
	lib, err := lesson.Load(fstest.MapFS{
		"phishing.md": {Data: []byte(lessonFile("phishing", "[all]"))},
		"devices.md":  {Data: []byte(lessonFile("devices", "[doctor]"))},
	}, roles)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

const needs = `curricula:
  nurse-midwife:
    title: Nurses and midwives
    refresh_months: 12
    required: [phishing]
  doctor:
    title: Doctors
    refresh_months: 6
    required: [phishing, devices]
`

func TestParseNeeds(t *testing.T) {
	n, err := ParseNeeds("curricula.yaml", []byte(needs), library(t), roles)
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Curricula) != 2 || n.Curricula[0].JobRole != "nurse-midwife" || n.Curricula[1].JobRole != "doctor" {
		t.Fatalf("curricula = %+v, want one per role in job-role order", n.Curricula)
	}
	doc, _ := n.For("doctor")
	if !doc.Requires("devices") || doc.RefreshMonths != 6 {
		t.Errorf("doctor = %+v", doc)
	}
	done := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	if got := doc.DueAgain(done); !got.Equal(time.Date(2025, 7, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DueAgain = %v", got)
	}
}

func TestNeedsProblemsNameTheLine(t *testing.T) {
	tests := []struct {
		name, from, to, where, says string
	}{
		{"a lesson that does not exist", "[phishing]", "[phishing, fishing]", "line 5", `there is no lesson "fishing"`},
		{"a lesson not written for the role", "required: [phishing]", "required: [devices]", "line 5", "is not written for nurse-midwife"},
		{"a refresh too long", "refresh_months: 12", "refresh_months: 120", "line 4", "refresh_months must be from 1 to 36"},
		{"an unknown role", "  doctor:", "  porter:", "line 2", `no curriculum for the job role "doctor"`},
		{"a typo", "refresh_months: 6", "refresh_month: 6", "line 8", "unknown field “refresh_month”"},
		{"a lesson listed twice", "[phishing, devices]", "[phishing, devices, phishing]", "line 9", `"phishing" is listed twice`},
		{"nothing required", "required: [phishing]\n", "required: []\n", "line 5", "no lessons are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseNeeds("curricula.yaml", []byte(strings.Replace(needs, tt.from, tt.to, 1)), library(t), roles)
			var ve *vigil.Error
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v", err)
			}
			if got := ve.Fields["curricula.yaml, "+tt.where]; !strings.Contains(got, tt.says) {
				t.Errorf("at %s: %q, want %q; all: %v", tt.where, got, tt.says, ve.Fields)
			}
		})
	}
}

// An admin's edit is checked the same way, and the problem names the field.
func TestCheckAnEditedCurriculum(t *testing.T) {
	n, err := ParseNeeds("curricula.yaml", []byte(needs), library(t), roles)
	if err != nil {
		t.Fatal(err)
	}
	n.Curricula[0].Required = append(n.Curricula[0].Required, "devices")
	n.Curricula[1].RefreshMonths = 0
	var ve *vigil.Error
	if !errors.As(n.Check(library(t), roles), &ve) {
		t.Fatal("the edit was accepted")
	}
	for key, says := range map[string]string{
		"training needs: curricula.nurse-midwife.required[1]": "not written for nurse-midwife",
		"training needs: curricula.doctor.refresh_months":     "must be from 1 to 36",
	} {
		if !strings.Contains(ve.Fields[key], says) {
			t.Errorf("%s: %q, want %q; all: %v", key, ve.Fields[key], says, ve.Fields)
		}
	}
}

func TestBadHabitCardsAreLeftOutAndTheRestKept(t *testing.T) {
	habits := `habits:
  - id: lock-your-screen
    title: Lock your screen
    text: Press Windows and L.
    lesson: phishing
  - id: Bad Id
    title: x
    text: y
    lesson: phishing
  - id: no-lesson
    title: x
    text: y
    lesson: nowhere
  - id: lock-your-screen
    title: Again
    text: z
    lesson: phishing
`
	got, err := ParseHabits("habits.yaml", []byte(habits), library(t))
	if len(got) != 1 || got[0].ID != "lock-your-screen" || got[0].Title != "Lock your screen" {
		t.Errorf("kept %+v, want only the first card", got)
	}
	var ve *vigil.Error
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	for key, says := range map[string]string{
		"habits.yaml, line 6":  "must be lower-case letters",
		"habits.yaml, line 13": `there is no lesson "nowhere"`,
		"habits.yaml, line 14": "used by another card",
	} {
		if !strings.Contains(ve.Fields[key], says) {
			t.Errorf("%s: %q, want %q; all: %v", key, ve.Fields[key], says, ve.Fields)
		}
	}
}

const campaign = `id: october
title: Cyber Security Awareness Month
month: 10
theme: Cyber safety is patient safety
summary: Four weeks.
weeks:
  - title: Spot it
    message: Learn the signs.
    lessons: [phishing]
    habits: [lock-your-screen]
  - title: Report it
    message: No blame.
    lessons: [devices]
`

func TestCampaignWeeksStartOnMondays(t *testing.T) {
	c, err := ParseCampaign("campaigns/october.yaml", []byte(campaign), library(t), []Habit{{ID: "lock-your-screen"}})
	if err != nil {
		t.Fatal(err)
	}
	// 1 October 2025 is a Wednesday; 1 October 2029 is a Monday.
	for year, want := range map[int][]int{2025: {6, 13}, 2029: {1, 8}} {
		starts := c.Starts(year, time.UTC)
		for i, day := range want {
			if starts[i].Month() != time.October || starts[i].Day() != day || starts[i].Weekday() != time.Monday {
				t.Errorf("%d week %d starts %v, want Monday %d October", year, i+1, starts[i], day)
			}
		}
	}
}

func TestCampaignProblems(t *testing.T) {
	bad := strings.NewReplacer("month: 10", "month: 13", "[lock-your-screen]", "[wash-hands]", "[devices]", "[nothing]").Replace(campaign)
	_, err := ParseCampaign("campaigns/october.yaml", []byte(bad), library(t), []Habit{{ID: "lock-your-screen"}})
	var ve *vigil.Error
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	for key, says := range map[string]string{
		"campaigns/october.yaml, line 3":  "from 1 (January) to 12 (December)",
		"campaigns/october.yaml, line 10": `there is no habit card "wash-hands"`,
		"campaigns/october.yaml, line 13": `there is no lesson "nothing"`,
	} {
		if !strings.Contains(ve.Fields[key], says) {
			t.Errorf("%s: %q, want %q; all: %v", key, ve.Fields[key], says, ve.Fields)
		}
	}
}

func TestLoadReadsTheWholeProgramme(t *testing.T) {
	fsys := fstest.MapFS{
		NeedsFile:                {Data: []byte(needs)},
		HabitsFile:               {Data: []byte("habits:\n  - {id: lock-your-screen, title: Lock, text: Press Windows and L., lesson: phishing}\n")},
		"campaigns/october.yaml": {Data: []byte(campaign)},
		"campaigns/broken.yaml":  {Data: []byte("id: [")},
	}
	p, err := Load(fsys, library(t), roles)
	if len(p.Needs.Curricula) != 2 || len(p.Habits) != 1 || len(p.Campaigns) != 1 {
		t.Errorf("loaded %+v", p)
	}
	if err == nil || !strings.Contains(err.Error(), "campaigns/broken.yaml") {
		t.Errorf("err = %v, want it to name the broken campaign", err)
	}
}
