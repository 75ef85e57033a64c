package framework

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-health/vigil/internal/vigil"
)

const small = `id: mini
title: A small framework
version: "1"
based_on: Written for these tests.
objectives:
  - id: A
    title: Managing risk
    summary: Know the risks.
    principles:
      - id: A1
        title: Governance
        summary: Leaders own it.
        outcomes:
          - id: A1.a
            title: Board direction
            summary: The board sets direction.
            good: The board talks about it.
            evidence_hints: [hazard_log]
          - id: A1.b
            title: Roles
            summary: People know their part.
            good: Roles are written down.
            answers: [not-achieved, achieved]
  - id: B
    title: Protecting
    summary: Keep attackers out.
    principles:
      - id: B6
        title: Staff awareness
        summary: Staff know what to do.
        outcomes:
          - id: B6.b
            title: Training
            summary: Everyone is trained.
            good: Training fits the role.
            evidence_hints: [training_coverage]
`

func TestParseReadsAFramework(t *testing.T) {
	f, err := Parse("mini.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range f.Outcomes() {
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, ",") != "A1.a,A1.b,B6.b" {
		t.Errorf("outcomes = %v", ids)
	}
	o, ok := f.Outcome("A1.b")
	if !ok || o.Allows(PartiallyAchieved) || !o.Allows(Achieved) {
		t.Errorf("A1.b = %+v: want it to allow achieved but not partially", o)
	}
	if b, _ := f.Outcome("B6.b"); !b.Allows(PartiallyAchieved) || b.EvidenceHints[0] != TrainingCoverage {
		t.Errorf("B6.b = %+v", b)
	}
}

func TestParseSaysWhatIsWrongAndWhere(t *testing.T) {
	tests := []struct {
		name, from, to, where, says string
	}{
		{"an outcome under the wrong principle", "id: A1.b", "id: A2.b", "line 19", `must start with "A1."`},
		{"a principle under the wrong objective", "id: B6\n", "id: A6\n", "line 28", `must start with "B"`},
		{"an id used twice", "id: A1.b", "id: A1.a", "line 19", `the id "A1.a" is used twice`},
		{"a badly shaped id", "id: B6.b", "id: B6-b", "line 32", `must look like A1.a`},
		{"an unknown evidence hint", "[training_coverage]", "[staff_happiness]", "line 36", `unknown evidence hint "staff_happiness"`},
		{"an unknown answer", "[not-achieved, achieved]", "[not-achieved, nearly, achieved]", "line 23", `unknown answer "nearly"`},
		{"answers without achieved", "[not-achieved, achieved]", "[not-achieved]", "line 23", "must allow both not-achieved and achieved"},
		{"no summary", "            summary: Everyone is trained.\n", "", "line 32", "the summary is missing"},
		{"a misspelt field", "        outcomes:\n          - id: B6.b", "        outcomez:\n          - id: B6.b", "line 31", "unknown field “outcomez”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(small, tt.from, tt.to, 1)
			if src == small {
				t.Fatal("the test does not change the framework")
			}
			_, err := Parse("mini.yaml", []byte(src))
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if got := ve.Fields["mini.yaml, "+tt.where]; !strings.Contains(got, tt.says) {
				t.Errorf("at %s: %q, want %q; all: %v", tt.where, got, tt.says, ve.Fields)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	tests := map[string]Status{
		"not-achieved": NotAchieved, "Not achieved": NotAchieved, " partially achieved ": PartiallyAchieved,
		"ACHIEVED": Achieved, "partially-achieved": PartiallyAchieved,
	}
	for in, want := range tests {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "done", "mostly achieved"} {
		if _, err := ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
	if PartiallyAchieved.Label() != "Partially achieved" {
		t.Errorf("label = %q", PartiallyAchieved.Label())
	}
}

func TestLoadRefusesABrokenFrameworkWhole(t *testing.T) {
	got, err := Load(fstest.MapFS{
		"mini.yaml":   {Data: []byte(small)},
		"broken.yaml": {Data: []byte(strings.Replace(small, "id: mini", "id: other\nobjectivez: []", 1))},
		"copy.yaml":   {Data: []byte(small)},
	})
	if len(got) != 1 || got[0].ID != "mini" {
		t.Errorf("loaded %d frameworks, want mini alone", len(got))
	}
	if err == nil || !strings.Contains(err.Error(), "broken.yaml") || !strings.Contains(err.Error(), `mini.yaml: another framework has the id "mini"`) {
		t.Errorf("err = %v", err)
	}
}
