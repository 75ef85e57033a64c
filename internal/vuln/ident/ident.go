// Package ident reads the names software goes by — package URLs (purl) and CPE 2.3
// names — and puts package names in the form each ecosystem compares them, so that an
// advisory and an inventory that name the same package meet on one key.
package ident

import (
	"strings"
)

// Package is a package in an ecosystem, named the way that ecosystem compares names.
// It is comparable, so it can key a map.
type Package struct {
	Ecosystem string // OSV ecosystem name without a release: npm, PyPI, Maven, Debian, …
	Name      string // normalised by NormaliseName
}

// IsZero reports whether p names no package.
func (p Package) IsZero() bool { return p == Package{} }

func (p Package) String() string { return p.Ecosystem + "/" + p.Name }

// NewPackage makes the key of a package as an advisory or inventory names it. The
// ecosystem may carry a release ("Debian:12"); it is dropped here and kept by callers
// that need it (see SplitEcosystem).
func NewPackage(ecosystem, name string) Package {
	base, _ := SplitEcosystem(ecosystem)
	return Package{Ecosystem: base, Name: NormaliseName(base, name)}
}

// SplitEcosystem splits "Debian:12" into "Debian" and "12", and "Ubuntu:Pro:22.04:LTS"
// into "Ubuntu" and "Pro:22.04:LTS".
func SplitEcosystem(ecosystem string) (base, release string) {
	base, release, _ = strings.Cut(ecosystem, ":")
	return base, release
}

// NormaliseName puts a package name in the form its ecosystem compares names in:
//   - PyPI: lower case, with runs of "-", "_" and "." as one "-" (PEP 503);
//   - NuGet, crates.io, Packagist, Hex, Pub and the Linux distributions: lower case, as
//     those registries treat names without regard to case;
//   - npm, Maven, Go, RubyGems and anything else: as written. npm names are compared as
//     written because the registry still holds old packages whose names differ only in
//     case ("JSONStream" and "jsonstream" are two packages).
func NormaliseName(ecosystem, name string) string {
	switch ecosystem {
	case "PyPI":
		return normalisePyPI(name)
	case "NuGet", "crates.io", "Packagist", "Hex", "Pub",
		"Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard",
		"Red Hat", "SUSE", "openSUSE", "Rocky Linux", "AlmaLinux", "Mageia", "openEuler":
		return strings.ToLower(name)
	}
	return name
}

func normalisePyPI(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// LooseName folds a name the way every ecosystem's rules would agree is "possibly the
// same": lower case, with "-", "_" and "." runs as one "-". It is for quick filters that
// must never miss a match; an exact check with NormaliseName follows.
func LooseName(name string) string { return normalisePyPI(name) }
