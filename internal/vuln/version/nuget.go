package version

import (
	"cmp"
	"errors"
	"strings"
)

// nugetVersion is a NuGet version: up to four numbers, an optional pre-release label after
// "-" and build metadata after "+". Missing numbers are zero (1.0 = 1.0.0.0), leading
// zeros do not count, labels compare without regard to case, and metadata is ignored.
type nugetVersion struct {
	raw     string
	numbers [4]uint64
	labels  []string // pre-release labels; none for a release
}

func parseNuGet(s string) (Version, error) {
	rest, _, _ := strings.Cut(s, "+")
	core, pre, hasPre := strings.Cut(rest, "-")
	parts := strings.Split(core, ".")
	if len(parts) > 4 {
		return nil, errors.New("it has more than four numbers")
	}
	v := nugetVersion{raw: s}
	for i, p := range parts {
		n, ok := parseUint(p)
		if !ok {
			return nil, errors.New("each part before the label must be a number")
		}
		v.numbers[i] = n
	}
	if hasPre {
		if pre == "" {
			return nil, errors.New("the pre-release label after \"-\" is empty")
		}
		v.labels = strings.Split(pre, ".")
		for _, l := range v.labels {
			if l == "" || strings.IndexFunc(l, func(r rune) bool { return !isAlnum(r) && r != '-' }) >= 0 {
				return nil, errors.New("pre-release labels are letters, digits and hyphens")
			}
		}
	}
	return v, nil
}

func (v nugetVersion) String() string { return v.raw }

func (v nugetVersion) compare(o Version) int {
	w := o.(nugetVersion)
	for i := range v.numbers {
		if c := cmp.Compare(v.numbers[i], w.numbers[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(v.labels) == 0 && len(w.labels) == 0:
		return 0
	case len(v.labels) == 0:
		return 1 // a release is newer than its pre-releases
	case len(w.labels) == 0:
		return -1
	}
	for i := range min(len(v.labels), len(w.labels)) {
		if c := compareLabel(v.labels[i], w.labels[i], true); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(v.labels), len(w.labels))
}

// compareLabel orders two SemVer pre-release identifiers: numbers numerically and before
// words, words in ASCII order (ignoring case when foldCase).
func compareLabel(a, b string, foldCase bool) int {
	na, aNum := parseUint(a)
	nb, bNum := parseUint(b)
	switch {
	case aNum && bNum:
		return cmp.Compare(na, nb)
	case aNum:
		return -1
	case bNum:
		return 1
	}
	if foldCase {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	}
	return strings.Compare(a, b)
}

// parseUint reads a string of ASCII digits; numbers too large for 64 bits are refused.
func parseUint(s string) (uint64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
