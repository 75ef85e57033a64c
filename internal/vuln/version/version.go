// Package version orders package versions the way each ecosystem does, and decides
// whether a version lies inside an advisory's affected ranges: OSV range events
// (introduced, fixed, last_affected, limit) and vers ranges ("vers:npm/>=1.0.0|<2.0.0").
//
// Every ecosystem has its own rules: npm and Go follow Semantic Versioning, PyPI follows
// PEP 440, Maven has ComparableVersion, Debian, RPM and Alpine have their package
// managers' algorithms. Comparing two versions with the wrong rules gives wrong answers
// ("1.0.0-beta" is older than "1.0.0" in npm but "1.0-1" is newer than "1.0" in Maven), so
// a Version only compares with versions of its own Scheme.
package version

import (
	"fmt"
	"strings"
)

// Scheme is a way of ordering versions. Its value is the vers type that names it.
type Scheme string

const (
	SemVer  Scheme = "semver"  // npm, Go, crates.io, Hex, Pub and the OSV SEMVER range type
	PyPI    Scheme = "pypi"    // PEP 440
	Maven   Scheme = "maven"   // Maven ComparableVersion
	NuGet   Scheme = "nuget"   // NuGet SemVer 2 with a fourth number and case-blind labels
	Gem     Scheme = "gem"     // RubyGems Gem::Version
	Debian  Scheme = "deb"     // dpkg, for Debian and Ubuntu
	RPM     Scheme = "rpm"     // rpmvercmp, for Red Hat, SUSE, Rocky, AlmaLinux and others
	Alpine  Scheme = "apk"     // apk-tools, for Alpine, Wolfi and Chainguard
	Generic Scheme = "generic" // best effort for vendor versions (CPE): numbers as numbers, text as text
)

// Version is one parsed version. Compare it only with versions of the same Scheme.
type Version interface {
	String() string
	// compare orders v against another version of the same scheme.
	compare(other Version) int
}

// MaxLength is the longest version string accepted. Real versions are far shorter; the
// limit keeps hostile input from costing time in the comparators.
const MaxLength = 256

// ErrSchemeMismatch is reported when versions of two schemes are compared.
type ErrSchemeMismatch struct{ A, B Version }

func (e ErrSchemeMismatch) Error() string {
	return fmt.Sprintf("cannot compare %q and %q: they follow different version rules", e.A, e.B)
}

// Parse reads v by the rules of scheme s.
func (s Scheme) Parse(v string) (Version, error) {
	if v == "" {
		return nil, fmt.Errorf("empty %s version", s)
	}
	if len(v) > MaxLength {
		return nil, fmt.Errorf("%s version is %d characters long; the limit is %d", s, len(v), MaxLength)
	}
	var (
		out Version
		err error
	)
	switch s {
	case SemVer:
		out, err = parseSemVer(v)
	case PyPI:
		out, err = parsePEP440(v)
	case Maven:
		out, err = parseMaven(v)
	case NuGet:
		out, err = parseNuGet(v)
	case Gem:
		out, err = parseGem(v)
	case Debian:
		out, err = parseDebian(v)
	case RPM:
		out, err = parseRPM(v)
	case Alpine:
		out, err = parseAlpine(v)
	case Generic:
		out, err = parseGeneric(v)
	default:
		return nil, fmt.Errorf("unknown version scheme %q", s)
	}
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid %s version: %w", v, s.Name(), err)
	}
	return out, nil
}

// Compare parses a and b by scheme s and orders them like the package-level Compare.
func (s Scheme) Compare(a, b string) (int, error) {
	va, err := s.Parse(a)
	if err != nil {
		return 0, err
	}
	vb, err := s.Parse(b)
	if err != nil {
		return 0, err
	}
	return CompareVersions(va, vb)
}

// CompareVersions orders two parsed versions of the same scheme.
func CompareVersions(a, b Version) (int, error) {
	if SchemeOf(a) != SchemeOf(b) {
		return 0, ErrSchemeMismatch{a, b}
	}
	return a.compare(b), nil
}

// SchemeOf says which scheme parsed v.
func SchemeOf(v Version) Scheme {
	switch v.(type) {
	case semverVersion:
		return SemVer
	case pep440Version:
		return PyPI
	case mavenVersion:
		return Maven
	case nugetVersion:
		return NuGet
	case gemVersion:
		return Gem
	case debianVersion:
		return Debian
	case rpmVersion:
		return RPM
	case alpineVersion:
		return Alpine
	case genericVersion:
		return Generic
	}
	return ""
}

// Name is the scheme's name for people: "npm/SemVer", "PEP 440", …
func (s Scheme) Name() string {
	switch s {
	case SemVer:
		return "SemVer"
	case PyPI:
		return "PEP 440"
	case Maven:
		return "Maven"
	case NuGet:
		return "NuGet"
	case Gem:
		return "RubyGems"
	case Debian:
		return "Debian"
	case RPM:
		return "RPM"
	case Alpine:
		return "Alpine"
	case Generic:
		return "generic"
	}
	return string(s)
}

// ecosystemSchemes maps OSV ecosystem names (without any ":release" suffix) to schemes.
var ecosystemSchemes = map[string]Scheme{
	"npm": SemVer, "Go": SemVer, "crates.io": SemVer, "Hex": SemVer, "Pub": SemVer, "SwiftURL": SemVer,
	"PyPI": PyPI, "Maven": Maven, "NuGet": NuGet, "RubyGems": Gem,
	"Debian": Debian, "Ubuntu": Debian,
	"Red Hat": RPM, "SUSE": RPM, "openSUSE": RPM, "Rocky Linux": RPM, "AlmaLinux": RPM,
	"Mageia": RPM, "openEuler": RPM, "Photon OS": RPM, "Azure Linux": RPM,
	"Alpine": Alpine, "Wolfi": Alpine, "Chainguard": Alpine,
}

// ForEcosystem is the scheme of an OSV ecosystem such as "npm", "PyPI" or "Debian:12".
// The second result is false for ecosystems whose ordering Vigil does not know.
func ForEcosystem(ecosystem string) (Scheme, bool) {
	base, _, _ := strings.Cut(ecosystem, ":")
	s, ok := ecosystemSchemes[base]
	return s, ok
}

// Compare orders a and b by the rules of an OSV ecosystem such as "npm" or "Debian:12":
// -1 when a is older, 0 when they are the same version, +1 when a is newer.
func Compare(ecosystem, a, b string) (int, error) {
	s, ok := ForEcosystem(ecosystem)
	if !ok {
		return 0, fmt.Errorf("no version rules are known for the ecosystem %q", ecosystem)
	}
	return s.Compare(a, b)
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}
