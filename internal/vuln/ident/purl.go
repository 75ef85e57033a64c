package ident

import (
	"fmt"
	"strings"

	"github.com/package-url/packageurl-go"
)

// MaxPURLLength is the longest package URL accepted.
const MaxPURLLength = 4096

// PURL is a parsed package URL and, when its type maps to an OSV ecosystem, the package
// it names.
type PURL struct {
	packageurl.PackageURL
	Package Package // zero when the type has no OSV ecosystem (generic, github, …)
	Release string  // the distribution release from the "distro" qualifier, such as "12"
}

// purlEcosystems maps purl types to OSV ecosystems; the Linux package types depend on
// the namespace, which names the distribution.
var purlEcosystems = map[string]string{
	"npm": "npm", "pypi": "PyPI", "maven": "Maven", "golang": "Go", "nuget": "NuGet",
	"gem": "RubyGems", "cargo": "crates.io", "composer": "Packagist", "hex": "Hex",
	"pub": "Pub", "swift": "SwiftURL",
}

var distroEcosystems = map[string]map[string]string{
	"deb": {"debian": "Debian", "ubuntu": "Ubuntu"},
	"rpm": {"redhat": "Red Hat", "suse": "SUSE", "opensuse": "openSUSE", "rocky": "Rocky Linux",
		"almalinux": "AlmaLinux", "mageia": "Mageia", "openeuler": "openEuler"},
	"apk": {"alpine": "Alpine", "wolfi": "Wolfi", "chainguard": "Chainguard"},
}

// ParsePURL reads a package URL. The error says what is wrong in plain words.
func ParsePURL(s string) (PURL, error) {
	if len(s) > MaxPURLLength {
		return PURL{}, fmt.Errorf("the package URL is %d characters long; the limit is %d", len(s), MaxPURLLength)
	}
	if !strings.HasPrefix(strings.ToLower(s), "pkg:") {
		return PURL{}, fmt.Errorf("%q is not a package URL: it must start with \"pkg:\"", s)
	}
	p, err := packageurl.FromString(s)
	if err != nil {
		return PURL{}, fmt.Errorf("%q is not a valid package URL: %v", s, err)
	}
	out := PURL{PackageURL: p}
	eco, ok := ecosystemOf(p)
	if ok {
		out.Package = Package{Ecosystem: eco, Name: NormaliseName(eco, purlName(p))}
		out.Release = releaseOf(p)
	}
	return out, nil
}

func ecosystemOf(p packageurl.PackageURL) (string, bool) {
	if eco, ok := purlEcosystems[p.Type]; ok {
		return eco, true
	}
	if m, ok := distroEcosystems[p.Type]; ok {
		eco, ok := m[strings.ToLower(p.Namespace)]
		return eco, ok
	}
	return "", false
}

// purlName is the package name as OSV writes it for the purl's ecosystem.
func purlName(p packageurl.PackageURL) string {
	if p.Namespace == "" {
		return p.Name
	}
	switch p.Type {
	case "maven":
		return p.Namespace + ":" + p.Name
	case "npm", "golang", "composer", "swift":
		return p.Namespace + "/" + p.Name
	}
	return p.Name
}

// releaseOf reads the distribution release from a qualifier such as distro=debian-12 or
// distro=bookworm; it is empty when there is none.
func releaseOf(p packageurl.PackageURL) string {
	d := p.Qualifiers.Map()["distro"]
	if d == "" {
		return ""
	}
	if _, rel, ok := strings.Cut(d, "-"); ok {
		return rel
	}
	return d
}

// HasEcosystem reports whether the purl names a package in an OSV ecosystem.
func (p PURL) HasEcosystem() bool { return !p.Package.IsZero() }

// Ecosystem is the OSV ecosystem the purl's type maps to, or "" when there is none.
func (p PURL) Ecosystem() string { return p.Package.Ecosystem }

// Unversioned is the purl without its version, qualifiers and subpath: the identity of
// the package, for comparing two purls that may differ in version or build details.
func (p PURL) Unversioned() string {
	q := packageurl.NewPackageURL(p.Type, p.Namespace, p.Name, "", nil, "")
	return q.ToString()
}
