package version

import "testing"

// The ecosystems without vers-spec comparison files are checked against the orderings
// their own specifications give as examples. Each list is strictly increasing.
var orderings = []struct {
	scheme Scheme
	source string
	list   []string
}{
	{SemVer, "semver.org §11", []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
		"1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"}},
	{SemVer, "Go modules (v prefix, pseudo-versions)", []string{"v0.0.0-20191109021931-daa7c04131f5",
		"v0.1.0", "v1.2.3-pre", "v1.2.3", "v1.2.4-0.20200101000000-abcdefabcdef", "v1.2.4"}},
	{PyPI, "PEP 440 summary of permitted suffixes and relative ordering", []string{"1.0.dev456", "1.0a1",
		"1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
		"1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5",
		"1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1"}},
	{Debian, "Debian Policy §5.6.12 (tilde, epoch, revision)", []string{"1.0~~", "1.0~~a", "1.0~",
		"1.0~rc1", "1.0", "1.0-1", "1.0-1ubuntu1", "1.0+dfsg-1", "1.0.1", "1:0.9"}},
	{RPM, "rpmvercmp (tilde before, caret after, epoch first)", []string{"1.0~rc1", "1.0", "1.0^git1",
		"1.0a", "1.0.1", "1.0.1-2", "1.0.1-10", "1.10", "1:0.1"}},
	{Gem, "Gem::Version", []string{"1.0.a", "1.0.b", "1.0.0-rc1", "1.0", "1.0.1", "1.1.a", "1.1", "1.10"}},
	{NuGet, "NuGet version precedence", []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-Beta", "1.0.0",
		"1.0.0.1", "1.0.1", "1.10"}},
	{Maven, "Maven ComparableVersion", []string{"1.0-alpha-1", "1.0-beta", "1.0-rc1", "1.0-SNAPSHOT",
		"1.0", "1.0-sp1", "1.0.1", "1.1"}},
	{Alpine, "apk-tools", []string{"1.0_alpha", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1", "1.0a", "1.0.1"}},
	{Generic, "Vigil's best effort for vendor versions", []string{"1.0rc1", "1.0", "1.0a", "2.0.9",
		"2.0.9-hotfix.7", "4.8.1", "4.10"}},
}

var equalities = []struct {
	scheme Scheme
	a, b   string
}{
	{SemVer, "1.0.0+build.5", "1.0.0"},
	{SemVer, "v1.2.3", "1.2.3"},
	{PyPI, "1.0", "1.0.0"},
	{PyPI, "1.0a1", "1.0alpha1"},
	{PyPI, "1.0-post1", "1.0.post1"},
	{Debian, "0:1.0-1", "1.0-1"},
	{RPM, "0:1.0-1", "1.0-1"},
	{Gem, "1.0.0", "1"},
	{Gem, "1.0-rc1", "1.0.pre.rc1"},
	{Maven, "1.0.0", "1-ga"},
	{Maven, "1-cr1", "1-rc1"},
	{Generic, "1.0.0", "1"},
	{Generic, "4.8.1", "4_8_1"},
}

func TestOrderings(t *testing.T) {
	for _, o := range orderings {
		parsed := make([]Version, len(o.list))
		for i, s := range o.list {
			v, err := o.scheme.Parse(s)
			if err != nil {
				t.Fatalf("%s (%s): %v", o.scheme, o.source, err)
			}
			parsed[i] = v
		}
		// Every pair, not only neighbours, so a comparator that is not transitive is caught.
		for i := range parsed {
			for j := range parsed {
				got, err := CompareVersions(parsed[i], parsed[j])
				if err != nil {
					t.Fatal(err)
				}
				want := sign(i - j)
				if got != want {
					t.Errorf("%s (%s): compare(%s, %s) = %d, want %d", o.scheme, o.source, o.list[i], o.list[j], got, want)
				}
			}
		}
	}
}

func TestEqualities(t *testing.T) {
	for _, e := range equalities {
		if c, err := e.scheme.Compare(e.a, e.b); err != nil || c != 0 {
			t.Errorf("%s: compare(%s, %s) = %d, %v; want equal", e.scheme, e.a, e.b, c, err)
		}
	}
}

func TestEcosystems(t *testing.T) {
	tests := []struct {
		ecosystem, a, b string
		want            int
	}{
		{"npm", "1.2.3-beta.1", "1.2.3", -1},
		{"PyPI", "2.0.0rc1", "2.0.0", -1},
		{"Maven", "2.0.1-klm", "2.0.1-lmn", -1},
		{"Go", "1.20.1", "1.3.0", 1},
		{"Debian:12", "2.36-9+deb12u4", "2.36-9+deb12u10", -1},
		{"Alpine:v3.18", "3.1.4-r5", "3.1.4-r10", -1},
		{"Red Hat", "0:1.1.1k-12.el8_9", "1:1.1.1k-12.el8_9", -1},
		{"RubyGems", "6.1.7.10", "6.1.7.9", 1},
		{"NuGet", "13.0.1", "13.0.1.0", 0},
	}
	for _, tt := range tests {
		got, err := Compare(tt.ecosystem, tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("Compare(%s, %s, %s) = %d, %v; want %d", tt.ecosystem, tt.a, tt.b, got, err, tt.want)
		}
	}
	if _, err := Compare("COBOL", "1", "2"); err == nil {
		t.Error("an unknown ecosystem compared")
	}
	if _, ok := ForEcosystem("Ubuntu:22.04:LTS"); !ok {
		t.Error("Ubuntu with a release suffix is not known")
	}
}

func TestBadVersions(t *testing.T) {
	tests := []struct {
		scheme Scheme
		v      string
	}{
		{SemVer, "not.a.version"},
		{PyPI, "1.0-foo-bar"},
		{Debian, "1.0:abc"},
		{Gem, "1.0 beta"},
		{NuGet, "1.0.0.0.0"},
		{NuGet, "1.0.0-"},
		{Alpine, "1.0_gamma"},
		{Alpine, "1.0a.3"},
		{SemVer, ""},
		{SemVer, string(make([]byte, MaxLength+1))},
	}
	for _, tt := range tests {
		if v, err := tt.scheme.Parse(tt.v); err == nil {
			t.Errorf("%s: %q parsed as %s", tt.scheme, tt.v, v)
		}
	}
	a, _ := SemVer.Parse("1.0.0")
	b, _ := PyPI.Parse("1.0.0")
	if _, err := CompareVersions(a, b); err == nil {
		t.Error("versions of two schemes compared")
	}
}
