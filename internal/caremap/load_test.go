package caremap

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

// TestEveryProblemAtOnce loads a file with many mistakes and expects each one, with its place.
func TestEveryProblemAtOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/problems.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseYAML(data)
	want := []struct {
		line, col int
		says      string
	}{
		{1, 15, "the organisation has no name"},
		{1, 22, `bad organisation code "rxx"`},
		{1, 33, `bad organisation type "Acute"`},
		{5, 5, `unknown field "phone" in the supplier`},
		{8, 11, "the service's name is empty"},
		{9, 18, `unknown consequence "catastophic"`},
		{10, 23, "patients_per_day must be a whole number"},
		{13, 17, `bad duration "4 hours"`},
		{15, 17, `unknown asset "epr"`},
		{15, 28, `unknown need "requred"`},
		{16, 19, `unknown service "pathology"`},
		{16, 37, "give only one of asset, service or supplier"},
		{17, 17, `unknown asset "wif"`},
		{18, 17, `"pathlab" is a supplier, not an asset`},
		{19, 9, "the dependency names nothing"},
		{20, 5, "the service has no name"},
		{20, 9, `id "pathlab" is already used by the supplier on line 3`},
		{22, 15, "the downtime procedure has no safe_for"},
		{24, 9, `bad id "EPR"`},
		{26, 11, `unknown kind "app"`},
		{28, 21, `bad date "2028-02-30"`},
		{29, 24, `bad IP address "10.1.2.300"`},
		{32, 17, `asset "epr-db" is listed twice`},
		{39, 5, `field "kind" appears twice`},
		{40, 19, "patient_data must be true or false"},
		{41, 15, `"epr-db" is an asset, not a supplier`},
		{42, 24, `bad CPE "cp:x"`},
		{42, 43, `bad hostname "bad host"`},
		{44, 15, "thresholds must rise"},
		{45, 27, `unknown likelihood "sometimes"`},
		{47, 5, "risk must not fall"},
		{47, 11, "a matrix row has five risk levels"},
	}
	got := ProblemsOf(err)
	if len(got) != len(want) {
		for _, p := range got {
			t.Log(p)
		}
		t.Fatalf("got %d problems, want %d", len(got), len(want))
	}
	for i, w := range want {
		p := got[i]
		if p.Line != w.line || p.Column != w.col || !strings.Contains(p.Message, w.says) {
			t.Errorf("problem %d = %v, want line %d, column %d saying %q", i, p, w.line, w.col, w.says)
		}
	}
	var ve *vigil.Error
	if !errors.As(err, &ve) || ve.Code != vigil.Invalid || !strings.Contains(ve.Fields["line 9, column 18"], "catastophic") {
		t.Errorf("error is not a vigil.Invalid keyed by place: %#v", err)
	}
}

func TestOneProblemEach(t *testing.T) {
	const head = "organisation: {code: RXX, name: Test}\n"
	tests := []struct {
		name, file string
		line, col  int
		says       string
	}{
		{"empty file", "", 1, 0, "empty"},
		{"not yaml", "organisation: [\n", 1, 0, "not valid YAML"},
		{"tabs", "organisation:\n\t- x\n", 2, 0, "not valid YAML"},
		{"no organisation", "services: []\n", 1, 1, "no organisation"},
		{"top is a list", "- a\n- b\n", 1, 1, "must be a set of fields"},
		{"unknown top field", head + "servces: []\n", 2, 1, `unknown field "servces"`},
		{"services not a list", head + "services: {id: ed}\n", 2, 11, "services must be a list"},
		{"service not a mapping", head + "services:\n  - ed\n", 3, 5, "the service must be a set of fields"},
		{"missing consequence", head + "services:\n  - {id: ed, name: ED}\n", 3, 5, "no consequence"},
		{"missing kind", head + "assets:\n  - {id: a, name: A}\n", 3, 5, "no kind"},
		{"missing id", head + "assets:\n  - {name: A, kind: server}\n", 3, 5, "no id"},
		{"bad exposure", head + "assets:\n  - {id: a, name: A, kind: server, exposure: public}\n", 3, 46, `unknown exposure "public"`},
		{"missing need", head + "assets:\n  - {id: a, name: A, kind: server, depends_on: [{asset: a}]}\n", 3, 49, "no need"},
		{"name is a list", head + "suppliers:\n  - {id: s, name: [a]}\n", 3, 19, "must be a single value"},
		{"negative patients", head + "services:\n  - {id: ed, name: ED, consequence: minor, patients_per_day: -1}\n", 3, 62, "between 0 and"},
		{"downtime without procedure", head + "services:\n  - {id: ed, name: ED, consequence: minor, downtime: {safe_for: 4h}}\n", 3, 54, "no procedure"},
		{"long id", head + "suppliers:\n  - {id: " + strings.Repeat("a", 65) + ", name: S}\n", 3, 10, "bad id"},
		{"id with underscore", head + "suppliers:\n  - {id: a_b, name: S}\n", 3, 10, "bad id"},
		{"zero threshold", head + "risk_model: {likelihood: {low: 0}}\n", 2, 32, "more than zero"},
		{"risk level out of range", head + "risk_model: {matrix: {low: [1, 2, 3, 4, 6]}}\n", 2, 28, "from 1 to 5"},
		{"unknown field in downtime", head + "services:\n  - {id: ed, name: ED, consequence: minor, downtime: {procedure: p, safe_for: 4h, safe: 1}}\n", 3, 83, `unknown field "safe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(tt.file))
			ps := ProblemsOf(err)
			if len(ps) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(ps), err)
			}
			p := ps[0]
			if p.Line != tt.line || p.Column != tt.col || !strings.Contains(p.Message, tt.says) {
				t.Errorf("got %v, want line %d, column %d saying %q", p, tt.line, tt.col, tt.says)
			}
		})
	}
}

func TestSyntaxErrorHasItsLine(t *testing.T) {
	_, err := ParseYAML([]byte("organisation: {code: RXX, name: Test}\nservices:\n  - id: ed\n   name: x\n"))
	ps := ProblemsOf(err)
	if len(ps) != 1 || ps[0].Line != 2 || ps[0].Column != 0 {
		t.Errorf("got %v, want one problem on line 2", ps)
	}
}

func TestCyclesAreWarningsNotErrors(t *testing.T) {
	m, err := ParseYAML([]byte(`organisation: {code: RXX, name: Test}
services:
  - {id: a, name: A, consequence: major, depends_on: [{service: b, need: required}]}
  - {id: b, name: B, consequence: major, depends_on: [{service: a, need: optional}]}
  - {id: c, name: C, consequence: major, depends_on: [{service: c, need: degraded}]}
assets:
  - {id: x, name: X, kind: server, depends_on: [{asset: y, need: required}]}
  - {id: y, name: Y, kind: server}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"a", "b"}, {"c"}}
	if got := m.Cycles(); !reflect.DeepEqual(got, want) {
		t.Errorf("Cycles() = %v, want %v", got, want)
	}
}

func TestLimits(t *testing.T) {
	t.Run("file size", func(t *testing.T) {
		_, err := ParseYAML(make([]byte, MaxFileBytes+1))
		if vigil.CodeOf(err) != vigil.Invalid || !strings.Contains(err.Error(), "64 MiB") {
			t.Errorf("err = %v", err)
		}
		_, err = Read(strings.NewReader(strings.Repeat(" ", MaxFileBytes+10)))
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("Read: err = %v", err)
		}
	})
	t.Run("entries", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("organisation: {code: RXX, name: Test}\nsuppliers:\n")
		for range MaxEntries + 1 {
			b.WriteString("- 1\n")
		}
		_, err := ParseYAML([]byte(b.String()))
		ps := ProblemsOf(err)
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "the limit is 250000") {
			t.Errorf("got %v", ps)
		}
	})
	t.Run("aliases", func(t *testing.T) {
		// A small file whose aliases would copy in millions of dependencies.
		var b strings.Builder
		b.WriteString("organisation: {code: RXX, name: Test}\nassets:\n  - &a {id: a, name: A, kind: server, depends_on: [")
		for i := range 1000 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("{asset: a, need: optional}")
		}
		b.WriteString("]}\n")
		for range 2000 {
			b.WriteString("  - *a\n")
		}
		_, err := ParseYAML([]byte(b.String()))
		ps := ProblemsOf(err)
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "repeats too much") {
			t.Errorf("got %d problems, first %v", len(ps), ps)
		}
	})
	t.Run("a recursive alias ends", func(t *testing.T) {
		_, err := ParseYAML([]byte("organisation: &o {code: RXX, name: Test, type: *o}\n"))
		if err == nil {
			t.Error("no error")
		}
	})
}

func TestAliasesAreFollowed(t *testing.T) {
	m, err := ParseYAML([]byte(`organisation: {code: RXX, name: Test}
services:
  - id: ed
    name: ED
    consequence: major
    downtime: &paper {procedure: Paper notes., safe_for: 4h}
  - id: amu
    name: AMU
    consequence: major
    downtime: *paper
`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Services[1].Downtime != m.Services[0].Downtime || m.Services[1].Downtime.SafeFor != 4*Hour {
		t.Errorf("downtime = %+v", m.Services[1].Downtime)
	}
}

func TestJSONProblemsHaveLinesAndColumns(t *testing.T) {
	_, err := ParseJSON([]byte(`{
  "organisation": {"code": "RXX", "name": "Test"},
  "services": [
    {"id": "ed", "name": "ED", "consequence": "huge", "depends_on": [{"asset": "nope", "need": "required"}]}
  ],
  "assets": [{"id": "é", "name": "A", "kind": "server", "patient_data": "yes"}]
}`))
	want := []string{
		`4:47 unknown consequence "huge"`,
		`4:80 unknown asset "nope"`,
		`6:21 bad id "é"`,
		`6:73 patient_data must be true or false`,
	}
	var got []string
	for _, p := range ProblemsOf(err) {
		got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Message))
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q…", i, got[i], want[i])
		}
	}
	for _, bad := range []string{`{"organisation": `, `{"a": 1} x`, `{"a": [1,}`} {
		if _, err := ParseJSON([]byte(bad)); len(ProblemsOf(err)) != 1 {
			t.Errorf("ParseJSON(%q) = %v, want one problem", bad, err)
		}
	}
}

func TestNewChecksMapsBuiltInMemory(t *testing.T) {
	_, err := New(Contents{
		Organisation: Organisation{Code: "RXX", Name: "Test"},
		Services: []Service{{ID: "ed", Name: "ED", Consequence: Major,
			DependsOn: []Dependency{{Type: TypeAsset, ID: "missing", Need: Required}, {Type: TypeService, ID: "ed"}}}},
		Assets: []Asset{{ID: "a", Name: "A", Kind: "toaster"}},
	})
	ve, ok := errors.AsType[*vigil.Error](err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{
		"services[0].depends_on[0].asset": `unknown asset "missing"`,
		"services[0].depends_on[1]":       "no need",
		"assets[0].kind":                  `unknown kind "toaster"`,
	}
	for k, v := range want {
		if !strings.Contains(ve.Fields[k], v) {
			t.Errorf("Fields[%q] = %q, want %q; all: %v", k, ve.Fields[k], v, ve.Fields)
		}
	}
	if len(ve.Fields) != len(want) {
		t.Errorf("Fields = %v", ve.Fields)
	}
}
