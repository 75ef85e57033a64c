package version

import (
	"math/big"
	"strings"
)

// mavenVersion follows Maven's ComparableVersion: a version is a list of numbers and
// qualifiers separated by "." and "-", where a change between digits and letters is a
// separator too; "-" (and a letter-digit change) starts a nested list. Known qualifiers sort
// alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, and
// unknown qualifiers after those, alphabetically. Trailing zeros and release qualifiers
// do not count, so 1 = 1.0 = 1.0.0 = 1-ga.
type mavenVersion struct {
	raw   string
	items mavenList
}

// mavenItem is a number (*big.Int), a qualifier (mavenQualifier) or a nested list.
type mavenItem interface{}

type mavenList []mavenItem

// mavenQualifier is a qualifier reduced to the key it sorts by.
type mavenQualifier string

var mavenQualifierOrder = []string{"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"}

var mavenAliases = map[string]string{"ga": "", "final": "", "release": "", "cr": "rc"}

// releaseKey is the sort key of the empty (release) qualifier.
var releaseKey = mavenQualifierKey("")

func mavenQualifierKey(q string) mavenQualifier {
	if a, ok := mavenAliases[q]; ok {
		q = a
	}
	for i, k := range mavenQualifierOrder {
		if k == q {
			return mavenQualifier(string(rune('0' + i)))
		}
	}
	// Unknown qualifiers sort after all known ones, among themselves alphabetically.
	return mavenQualifier(string(rune('0'+len(mavenQualifierOrder))) + "-" + q)
}

func parseMaven(s string) (Version, error) {
	v := strings.ToLower(s)
	root := &mavenList{}
	list := root
	stack := []*mavenList{root}
	start, digits := 0, false
	newList := func() {
		child := &mavenList{}
		*list = append(*list, child)
		list = child
		stack = append(stack, child)
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '.':
			*list = append(*list, mavenToken(v[start:i], digits))
			start = i + 1
		case c == '-':
			*list = append(*list, mavenToken(v[start:i], digits))
			start = i + 1
			newList()
		case c >= '0' && c <= '9':
			if !digits && i > start {
				// "a1": the qualifier ends; single letters before a number stand for words.
				*list = append(*list, mavenWord(v[start:i], true))
				start = i
				newList()
			}
			digits = true
		default:
			if digits && i > start {
				*list = append(*list, mavenToken(v[start:i], true))
				start = i
				newList()
			}
			digits = false
		}
	}
	if len(v) > start {
		*list = append(*list, mavenToken(v[start:], digits))
	}
	for i := len(stack) - 1; i >= 0; i-- {
		stack[i].normalize()
	}
	return mavenVersion{raw: s, items: *root}, nil
}

// mavenToken turns one run of characters into an item; an empty run is a zero.
func mavenToken(tok string, digits bool) mavenItem {
	if tok == "" {
		return new(big.Int)
	}
	if digits {
		n, ok := new(big.Int).SetString(tok, 10)
		if ok {
			return n
		}
	}
	return mavenWord(tok, false)
}

// mavenWord is a qualifier; "a", "b" and "m" directly before a number mean alpha, beta, milestone.
func mavenWord(w string, beforeDigit bool) mavenItem {
	if beforeDigit && len(w) == 1 {
		switch w {
		case "a":
			w = "alpha"
		case "b":
			w = "beta"
		case "m":
			w = "milestone"
		}
	}
	return mavenQualifierKey(w)
}

// normalize drops trailing items that mean nothing: zeros, release qualifiers and empty
// lists, stopping at the first item that is not one of those and not a list.
func (l *mavenList) normalize() {
	for i := len(*l) - 1; i >= 0; i-- {
		switch it := (*l)[i].(type) {
		case *mavenList:
			if len(*it) == 0 {
				*l = append((*l)[:i], (*l)[i+1:]...)
			}
			continue
		default:
			if mavenIsNull(it) {
				*l = append((*l)[:i], (*l)[i+1:]...)
				continue
			}
		}
		break
	}
}

func mavenIsNull(it mavenItem) bool {
	switch it := it.(type) {
	case *big.Int:
		return it.Sign() == 0
	case mavenQualifier:
		return it == releaseKey
	case *mavenList:
		return len(*it) == 0
	}
	return it == nil
}

func (v mavenVersion) String() string { return v.raw }

func (v mavenVersion) compare(o Version) int {
	w := o.(mavenVersion)
	return mavenCompare(&v.items, &w.items)
}

// mavenCompare orders item a against b; nil stands for a missing item.
func mavenCompare(a, b mavenItem) int {
	if a == nil {
		if b == nil {
			return 0
		}
		return -mavenCompare(b, nil)
	}
	switch x := a.(type) {
	case *big.Int:
		switch y := b.(type) {
		case nil:
			return x.Sign()
		case *big.Int:
			return x.Cmp(y)
		default:
			return 1 // a number is newer than a qualifier or a list
		}
	case mavenQualifier:
		switch y := b.(type) {
		case nil:
			return strings.Compare(string(x), string(releaseKey))
		case mavenQualifier:
			return strings.Compare(string(x), string(y))
		default:
			return -1 // a qualifier is older than a number or a list
		}
	case *mavenList:
		switch y := b.(type) {
		case nil:
			if len(*x) == 0 {
				return 0
			}
			return mavenCompare((*x)[0], nil)
		case *big.Int:
			return -1
		case mavenQualifier:
			return 1
		case *mavenList:
			for i := 0; i < max(len(*x), len(*y)); i++ {
				var l, r mavenItem
				if i < len(*x) {
					l = (*x)[i]
				}
				if i < len(*y) {
					r = (*y)[i]
				}
				if c := mavenCompare(l, r); c != 0 {
					return c
				}
			}
			return 0
		}
	}
	return 0
}
