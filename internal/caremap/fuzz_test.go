package caremap_test

import (
	"os"
	"reflect"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzParseYAML: the loader never panics, refuses bad input with a vigil.Invalid error, and
// whatever it accepts exports and reads back unchanged.
// Run longer with: go test -run x -fuzz FuzzParseYAML -fuzztime 60s ./internal/caremap/
func FuzzParseYAML(f *testing.F) {
	f.Add(demomap.YAML())
	if b, err := os.ReadFile("testdata/problems.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("organisation: {code: RXX, name: T}\nservices:\n  - {id: a, name: A, consequence: major, downtime: {procedure: p, safe_for: 1d2h}, depends_on: [{service: a, need: required}]}\n"))
	f.Add([]byte("organisation: &o {code: RXX, name: *o}\nassets: [*o, *o]\n"))
	f.Add([]byte("risk_model: {likelihood: {low: .nan}, matrix: {high: [1, 2, 3, 4, 5]}}\n"))
	f.Add([]byte("{\"organisation\": {\"code\": \"RXX\", \"name\": \"T\"}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := caremap.ParseYAML(data)
		check(t, m, err)
	})
}

// FuzzParseJSON does the same for the JSON reader, which has its own tokeniser.
func FuzzParseJSON(f *testing.F) {
	if m, err := demomap.Map(); err == nil {
		b, _ := m.IndentedJSON()
		f.Add(b)
	}
	f.Add([]byte(`{"organisation": {"code": "RXX", "name": "T"}, "assets": [{"id": "a", "name": "A", "kind": "server", "depends_on": [{"asset": "a", "need": "optional"}]}]}`))
	f.Add([]byte(`{"organisation": [1, 2.5e3, true, null, "\u00e9"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := caremap.ParseJSON(data)
		check(t, m, err)
	})
}

func check(t *testing.T, m *caremap.Map, err error) {
	if err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Fatalf("error is not Invalid: %v", err)
		}
		return
	}
	y, err := m.YAML()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	back, err := caremap.ParseYAML(y)
	if err != nil {
		t.Fatalf("the export of an accepted map was refused: %v\n%s", err, y)
	}
	if !reflect.DeepEqual(back.Contents, m.Contents) {
		t.Fatalf("the export read back differs:\n%s", y)
	}
	j, _ := m.JSON()
	if back, err := caremap.ParseJSON(j); err != nil || !reflect.DeepEqual(back.Contents, m.Contents) {
		t.Fatalf("the JSON export read back differs or fails: %v\n%s", err, j)
	}
	m.Cycles()
}
