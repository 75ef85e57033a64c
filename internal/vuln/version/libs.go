package version

import (
	"cmp"
	"errors"
	"strings"

	"github.com/Masterminds/semver/v3"
	pep440 "github.com/aquasecurity/go-pep440-version"
	debver "github.com/knqyf263/go-deb-version"
	rpmver "github.com/knqyf263/go-rpm-version"
)

// semverVersion is a Semantic Versioning 2.0 version, as npm, Go and Cargo use. A leading
// "v" (Go) is accepted.
type semverVersion struct{ v *semver.Version }

func parseSemVer(s string) (Version, error) {
	v, err := semver.NewVersion(s)
	if err != nil {
		return nil, err
	}
	return semverVersion{v}, nil
}

func (v semverVersion) String() string        { return v.v.Original() }
func (v semverVersion) compare(o Version) int { return v.v.Compare(o.(semverVersion).v) }

// pep440Version is a Python package version (PEP 440).
type pep440Version struct{ v pep440.Version }

func parsePEP440(s string) (Version, error) {
	v, err := pep440.Parse(s)
	if err != nil {
		return nil, errors.New("it does not follow PEP 440")
	}
	return pep440Version{v}, nil
}

func (v pep440Version) String() string        { return v.v.Original() }
func (v pep440Version) compare(o Version) int { return sign(v.v.Compare(o.(pep440Version).v)) }

// debianVersion is a dpkg version: [epoch:]upstream[-revision].
type debianVersion struct {
	v   debver.Version
	raw string
}

func parseDebian(s string) (Version, error) {
	v, err := debver.NewVersion(s)
	if err != nil {
		return nil, err
	}
	return debianVersion{v, s}, nil
}

func (v debianVersion) String() string        { return v.raw }
func (v debianVersion) compare(o Version) int { return sign(v.v.Compare(o.(debianVersion).v)) }

// rpmVersion is an RPM [epoch:]version[-release], compared with rpmvercmp (tilde sorts
// before, caret after the base version).
type rpmVersion struct {
	v   rpmver.Version
	raw string
}

func parseRPM(s string) (Version, error) {
	if strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\n") {
		return nil, errors.New("it contains spaces")
	}
	return rpmVersion{rpmver.NewVersion(s), s}, nil
}

func (v rpmVersion) String() string { return v.raw }
func (v rpmVersion) compare(o Version) int {
	ov := o.(rpmVersion)
	if v.raw == ov.raw {
		return 0
	}
	return cmp.Compare(v.v.Compare(ov.v), 0)
}
