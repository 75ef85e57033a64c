package version

import (
	"testing"
)

var allSchemes = []Scheme{SemVer, PyPI, Maven, NuGet, Gem, Debian, RPM, Alpine, Generic}

// FuzzParse checks that no scheme panics on any input and that comparison is
// antisymmetric and reflexive for whatever parses.
func FuzzParse(f *testing.F) {
	for _, o := range orderings {
		for i := 1; i < len(o.list); i++ {
			f.Add(o.list[i-1], o.list[i])
		}
	}
	f.Add("1.0.0.X1", "1.0.0-X2")
	f.Add("8.2.0015", "8.2.002")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range allSchemes {
			va, errA := s.Parse(a)
			vb, errB := s.Parse(b)
			if errA != nil || errB != nil {
				continue
			}
			ab, _ := CompareVersions(va, vb)
			ba, _ := CompareVersions(vb, va)
			if ab != -ba {
				t.Errorf("%s: compare(%q, %q) = %d but compare(%q, %q) = %d", s, a, b, ab, b, a, ba)
			}
			if c, _ := CompareVersions(va, va); c != 0 {
				t.Errorf("%s: %q is not equal to itself", s, a)
			}
		}
	})
}

// FuzzParseVers checks that vers parsing never panics and that a parsed range prints as
// text that parses back to the same range.
func FuzzParseVers(f *testing.F) {
	for _, s := range []string{"vers:npm/>=1.0.0|<2.0.0", "vers:pypi/<=1.3.0|3.0.0", "vers:npm/*",
		"vers:maven/>=2.0-beta9|<2.15.0", "vers:deb/<1:2.0-1", "vers:npm/1.0%2G0", "vers:gem/!=1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseVers(s)
		if err != nil {
			return
		}
		again, err := ParseVers(r.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, r, err)
		}
		if again.String() != r.String() {
			t.Errorf("%q printed as %q, then as %q", s, r, again)
		}
	})
}
