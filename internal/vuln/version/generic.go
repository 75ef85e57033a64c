package version

import (
	"cmp"
	"strings"
)

// genericVersion is the best-effort order for vendor versions that follow no published
// scheme, such as the versions in CPE names ("r0.13", "4.8.1", "2.0.9-hotfix.7"). It splits
// the text into runs of digits and runs of letters and compares them in turn: numbers by
// value, and a number is newer than a word. Words that mark a pre-release (alpha, beta,
// rc, pre, preview, dev, snapshot, milestone) are older than other words and older than
// nothing at all (1.0rc1 < 1.0 < 1.0a); other words compare alphabetically, without
// regard to case. Punctuation only separates and missing numbers are zero (1 = 1.0.0).
// Matches made with it are marked as less certain.
type genericVersion struct {
	raw   string
	parts []gemSegment
}

func parseGeneric(s string) (Version, error) {
	var parts []gemSegment
	for i := 0; i < len(s); {
		j := i
		switch c := s[i]; {
		case isDigit(c):
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			digits := strings.TrimLeft(s[i:j], "0")
			n, ok := parseUint(digits)
			if !ok && digits != "" {
				n = ^uint64(0) // too long to hold: as large as can be
			}
			parts = append(parts, gemSegment{num: n})
		case isAlnum(rune(c)):
			for j < len(s) && isAlnum(rune(s[j])) && !isDigit(s[j]) {
				j++
			}
			parts = append(parts, gemSegment{word: strings.ToLower(s[i:j])})
		default:
			j++
		}
		i = j
	}
	return genericVersion{raw: s, parts: parts}, nil
}

var genericPreRelease = map[string]bool{"alpha": true, "beta": true, "rc": true, "pre": true,
	"preview": true, "dev": true, "snapshot": true, "milestone": true}

func (v genericVersion) String() string { return v.raw }

func (v genericVersion) compare(o Version) int {
	w := o.(genericVersion)
	for i := range max(len(v.parts), len(w.parts)) {
		var c int
		switch {
		case i >= len(v.parts):
			c = -genericTail(w.parts[i])
		case i >= len(w.parts):
			c = genericTail(v.parts[i])
		default:
			c = genericPart(v.parts[i], w.parts[i])
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// genericTail orders an extra part against nothing.
func genericTail(p gemSegment) int {
	switch {
	case p.word == "":
		return cmp.Compare(p.num, 0)
	case genericPreRelease[p.word]:
		return -1
	}
	return 1
}

func genericPart(a, b gemSegment) int {
	switch {
	case a.word == "" && b.word == "":
		return cmp.Compare(a.num, b.num)
	case a.word == "":
		return 1
	case b.word == "":
		return -1
	}
	rank := func(w string) int {
		if genericPreRelease[w] {
			return 0
		}
		return 1
	}
	return cmp.Or(cmp.Compare(rank(a.word), rank(b.word)), strings.Compare(a.word, b.word))
}
