package caremap

import (
	"fmt"
	"reflect"
	"testing"
)

func describeReach(rs []Reached) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s %s %s via %v", r.Type, r.ID, r.Need, r.Via)
	}
	return out
}

func TestDependenciesFollowTheStrongestPath(t *testing.T) {
	m := smallMap(t)
	got := describeReach(m.Dependencies("ed"))
	want := []string{
		"asset epr required via []",
		"asset db required via [epr]",
		"service lab degraded via []",
		"asset lims degraded via [lab]",
		"supplier vendor degraded via [epr]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Dependencies(ed) =\n%q\nwant\n%q", got, want)
	}
	if got := m.Dependencies("clinic"); len(got) != 1 || got[0].Need != Optional || !got[0].Direct() {
		t.Errorf("Dependencies(clinic) = %v, want the printer, optional and direct", got)
	}
}

func TestDependantsFollowTheStrongestPath(t *testing.T) {
	m := smallMap(t)
	got := describeReach(m.Dependants("vendor"))
	want := []string{
		"asset lims required via []",
		"service lab required via [lims]",
		"asset epr degraded via []",
		"service ed degraded via [epr]",
		"asset db optional via [epr]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Dependants(vendor) =\n%q\nwant\n%q", got, want)
	}
	// epr and db depend on each other: the walk ends, and neither lists itself.
	for _, r := range m.Dependants("db") {
		if r.ID == "db" {
			t.Errorf("db depends on itself: %v", r)
		}
	}
	if m.Dependants("nothing") != nil {
		t.Error("an unknown id has dependants")
	}
}
