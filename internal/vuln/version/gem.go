package version

import (
	"cmp"
	"errors"
	"strings"
)

// gemVersion is a RubyGems Gem::Version. It is split into runs of digits and runs of
// letters; any letter makes it a pre-release ("1.0.a" < "1.0"). Trailing zeros of the
// numeric part and of the pre-release part do not count, numbers are newer than letters,
// and "-" means ".pre.".
type gemVersion struct {
	raw      string
	segments []gemSegment
}

type gemSegment struct {
	num  uint64
	word string // empty for a number
}

func parseGem(s string) (Version, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, errors.New("it is blank")
	}
	t = strings.ReplaceAll(t, "-", ".pre.")
	if !isDigit(t[0]) {
		return nil, errors.New("it must start with a number")
	}
	var segs []gemSegment
	for i := 0; i < len(t); {
		c := t[i]
		j := i
		switch {
		case c == '.':
			i++
			continue
		case isDigit(c):
			for j < len(t) && isDigit(t[j]) {
				j++
			}
			n, ok := parseUint(strings.TrimLeft(t[i:j], "0"))
			if !ok && strings.TrimLeft(t[i:j], "0") != "" {
				return nil, errors.New("a number in it is too large")
			}
			segs = append(segs, gemSegment{num: n})
		case isAlnum(rune(c)):
			for j < len(t) && isAlnum(rune(t[j])) && !isDigit(t[j]) {
				j++
			}
			segs = append(segs, gemSegment{word: t[i:j]})
		default:
			return nil, errors.New("it may hold only letters, digits, dots and hyphens")
		}
		i = j
	}
	return gemVersion{raw: s, segments: canonicalGem(segs)}, nil
}

// canonicalGem drops trailing zeros from the release part and from the pre-release part.
func canonicalGem(segs []gemSegment) []gemSegment {
	split := len(segs)
	for i, s := range segs {
		if s.word != "" {
			split = i
			break
		}
	}
	trim := func(p []gemSegment) []gemSegment {
		for len(p) > 0 && p[len(p)-1].word == "" && p[len(p)-1].num == 0 {
			p = p[:len(p)-1]
		}
		return p
	}
	release := trim(segs[:split:split])
	return append(release, trim(segs[split:])...)
}

func (v gemVersion) String() string { return v.raw }

func (v gemVersion) compare(o Version) int {
	w := o.(gemVersion)
	for i := 0; i < max(len(v.segments), len(w.segments)); i++ {
		a, b := gemSegment{}, gemSegment{}
		if i < len(v.segments) {
			a = v.segments[i]
		}
		if i < len(w.segments) {
			b = w.segments[i]
		}
		switch {
		case a == b:
			continue
		case a.word != "" && b.word == "":
			return -1
		case a.word == "" && b.word != "":
			return 1
		case a.word != "":
			return strings.Compare(a.word, b.word)
		default:
			return cmp.Compare(a.num, b.num)
		}
	}
	return 0
}
