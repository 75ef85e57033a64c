package version

import (
	"cmp"
	"errors"
	"strings"
)

// alpineVersion is an apk-tools version: numbers separated by dots, an optional letter,
// suffixes such as _alpha2 or _p1, an optional ~commit hash and a package revision -rN.
// Pre-release suffixes (_alpha, _beta, _pre, _rc) sort before the plain version and the
// others (_cvs, _svn, _git, _hg, _p) after it. A dotted number with a leading zero is
// compared as text, as apk does (8.2.0015 < 8.2.002). When one version runs out of parts
// first, the kind of the other's next part decides (1.2 < 1.2.1, 1.2-r1 < 1.2.1, but
// 1.2_rc1 < 1.2).
type alpineVersion struct {
	raw    string
	tokens []apkToken // always ends with apkEnd
}

// apkKind is the kind of a part, in the order parts may appear; the order also decides
// when one version runs out of parts.
type apkKind int8

const (
	apkFirst    apkKind = iota // the first number
	apkDotted                  // a number after a dot
	apkLetter                  // one lower-case letter after the numbers
	apkSuffix                  // _alpha, _p, …
	apkSuffixNo                // the number after a suffix
	apkHash                    // ~ and a commit hash
	apkRevision                // the number after -r
	apkEnd
)

type apkToken struct {
	kind apkKind
	text string // the digits, letter or hash as written
	num  uint64 // numbers and suffix ranks
}

// apkSuffixRank orders suffixes around the plain version (rank 5).
var apkSuffixRank = map[string]uint64{"alpha": 1, "beta": 2, "pre": 3, "rc": 4, "cvs": 6, "svn": 7, "git": 8, "hg": 9, "p": 10}

const apkNoSuffix = 5

func parseAlpine(s string) (Version, error) {
	var toks []apkToken
	kind, rest := apkFirst, s
	for rest != "" {
		var t apkToken
		var err error
		t, rest, err = apkPart(kind, rest)
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if rest == "" {
			break
		}
		if kind, rest, err = apkNext(kind, rest); err != nil {
			return nil, err
		}
	}
	if len(toks) == 0 {
		return nil, errors.New("it must start with a number")
	}
	return alpineVersion{raw: s, tokens: append(toks, apkToken{kind: apkEnd})}, nil
}

// apkPart reads one part of the given kind from the start of s.
func apkPart(kind apkKind, s string) (apkToken, string, error) {
	t := apkToken{kind: kind}
	switch kind {
	case apkLetter:
		t.text, s = s[:1], s[1:]
		return t, s, nil
	case apkSuffix:
		n := 0
		for n < len(s) && s[n] >= 'a' && s[n] <= 'z' {
			n++
		}
		rank, ok := apkSuffixRank[s[:n]]
		if !ok {
			return t, "", errors.New("it has an unknown _suffix")
		}
		t.text, t.num = s[:n], rank
		return t, s[n:], nil
	case apkHash:
		n := 0
		for n < len(s) && (isDigit(s[n]) || s[n] >= 'a' && s[n] <= 'f') {
			n++
		}
		if n == 0 {
			return t, "", errors.New("a commit hash after ~ is missing")
		}
		t.text = s[:n]
		return t, s[n:], nil
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n == 0 {
		return t, "", errors.New("a number is missing")
	}
	t.text = s[:n]
	num, ok := parseUint(s[:n])
	if !ok && kind != apkDotted {
		return t, "", errors.New("a number in it is too long")
	}
	t.num = num
	return t, s[n:], nil
}

// apkNext reads the separator after a part of kind prev and says what comes next.
func apkNext(prev apkKind, s string) (apkKind, string, error) {
	c := s[0]
	var next apkKind
	switch {
	case c >= 'a' && c <= 'z' && (prev == apkFirst || prev == apkDotted):
		return apkLetter, s, nil
	case isDigit(c) && prev == apkSuffix:
		return apkSuffixNo, s, nil
	case c == '.' && (prev == apkFirst || prev == apkDotted):
		next, s = apkDotted, s[1:]
	case c == '_' && prev <= apkSuffixNo:
		next, s = apkSuffix, s[1:]
	case c == '~' && prev < apkHash:
		next, s = apkHash, s[1:]
	case strings.HasPrefix(s, "-r") && prev < apkRevision:
		next, s = apkRevision, s[2:]
	default:
		return 0, "", errors.New("it has a character apk does not allow here: " + string(c))
	}
	if s == "" {
		return 0, "", errors.New("it ends with a separator")
	}
	return next, s, nil
}

func (v alpineVersion) String() string { return v.raw }

func (v alpineVersion) compare(o Version) int {
	a, b := v.tokens, o.(alpineVersion).tokens
	for i := 0; ; i++ {
		ta, tb := a[i], b[i]
		if ta.kind != tb.kind {
			// One version has run out of matching parts: the kind of its next part decides.
			if ta.kind == apkSuffix && ta.num < apkNoSuffix {
				return -1
			}
			if tb.kind == apkSuffix && tb.num < apkNoSuffix {
				return 1
			}
			return cmp.Compare(tb.kind, ta.kind)
		}
		if ta.kind == apkEnd {
			return 0
		}
		if c := ta.compare(tb); c != 0 {
			return c
		}
	}
}

func (t apkToken) compare(u apkToken) int {
	switch t.kind {
	case apkDotted:
		if t.text[0] == '0' || u.text[0] == '0' {
			return strings.Compare(t.text, u.text)
		}
		if len(t.text) != len(u.text) { // no leading zeros: the longer number is larger
			return cmp.Compare(len(t.text), len(u.text))
		}
		return strings.Compare(t.text, u.text)
	case apkFirst, apkSuffix, apkSuffixNo, apkRevision:
		return cmp.Compare(t.num, u.num)
	}
	return strings.Compare(t.text, u.text)
}
