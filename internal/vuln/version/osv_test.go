package version

import "testing"

func TestRangeContains(t *testing.T) {
	tests := []struct {
		name   string
		scheme Scheme
		events []Event
		in     []string
		out    []string
	}{
		{"from the start until fixed", SemVer, []Event{{Introduced: "0"}, {Fixed: "1.2.3"}},
			[]string{"0.0.1", "1.2.2", "1.2.3-rc.1"}, []string{"1.2.3", "2.0.0"}},
		{"last affected is included", SemVer, []Event{{Introduced: "1.0.0"}, {LastAffected: "1.4.0"}},
			[]string{"1.0.0", "1.4.0"}, []string{"0.9.9", "1.4.1"}},
		{"two windows, events out of order", PyPI,
			[]Event{{Fixed: "2.6.1"}, {Introduced: "2.0"}, {Fixed: "1.5.2"}, {Introduced: "1.0"}},
			[]string{"1.0", "1.5.1", "2.0", "2.6.0"}, []string{"0.9", "1.5.2", "1.9", "2.6.1"}},
		{"no fix yet", Maven, []Event{{Introduced: "2.0-beta9"}},
			[]string{"2.0-beta9", "2.14.1", "99"}, []string{"2.0-alpha1", "1.0"}},
		{"limit caps the range", SemVer, []Event{{Introduced: "0"}, {Limit: "2.0.0"}},
			[]string{"1.9.9"}, []string{"2.0.0", "3.0.0"}},
		{"limit * is no limit", SemVer, []Event{{Introduced: "0"}, {Limit: "*"}}, []string{"9.9.9"}, nil},
		{"Debian epochs", Debian, []Event{{Introduced: "0"}, {Fixed: "1:2.4-1"}},
			[]string{"2.9-1", "1:2.3-9"}, []string{"1:2.4-1", "2:0.1"}},
	}
	for _, tt := range tests {
		r, err := NewRange(tt.scheme, tt.events)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, want := range []struct {
			list []string
			in   bool
		}{{tt.in, true}, {tt.out, false}} {
			for _, s := range want.list {
				v, err := tt.scheme.Parse(s)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.Contains(v); got != want.in {
					t.Errorf("%s: %s contains %s = %v, want %v", tt.name, r, s, got, want.in)
				}
			}
		}
	}
}

func TestRangeRefusesBadEvents(t *testing.T) {
	for _, events := range [][]Event{
		nil,
		{{Introduced: "0", Fixed: "1.0.0"}},
		{{}},
		{{Introduced: "0"}, {Fixed: "not-a-version"}},
	} {
		if _, err := NewRange(SemVer, events); err == nil {
			t.Errorf("%v compiled", events)
		}
	}
	r, _ := NewRange(SemVer, []Event{{Introduced: "0"}})
	other, _ := PyPI.Parse("1.0")
	if r.Contains(other) {
		t.Error("a PyPI version was tested against a SemVer range")
	}
	if got := r.String(); got != "introduced 0" {
		t.Errorf("String() = %q", got)
	}
}
