package email

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
)

// wordPattern is one compiled pattern with the words any match must contain. The patterns
// are run only around those words: Go's regular expressions have no fast scan, and running
// a hundred patterns over every newsletter would cost more than the rest of the analysis.
type wordPattern struct {
	code     IndicatorCode
	re       *regexp.Regexp
	triggers []string // nil: no word is certain, and the pattern reads the whole text
	// also are further sets of words every match contains one of; a text missing any set
	// cannot match, which is cheaper to find out than running the pattern.
	also [][]string
}

// triggerWindow is how much text either side of a trigger word a pattern reads: more than
// any pattern's longest match.
const triggerWindow = 200

var compiledWordings = sync.OnceValue(func() []wordPattern {
	var out []wordPattern
	for _, w := range wordings {
		for _, p := range w.patterns {
			parsed, err := syntax.Parse(p, syntax.Perl)
			if err != nil {
				panic("wording pattern " + p + ": " + err.Error()) // a table in this file; tests compile it
			}
			simple := parsed.Simplify()
			out = append(out, wordPattern{code: w.code, re: regexp.MustCompile(p), triggers: requiredWords(simple), also: requiredSets(simple)})
		}
	}
	return out
})

// requiredWords returns literal strings one of which every match of re contains, or nil
// when there is no such set of useful length.
func requiredWords(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if len(string(re.Rune)) >= 3 {
			return []string{string(re.Rune)}
		}
	case syntax.OpCapture:
		return requiredWords(re.Sub[0])
	case syntax.OpPlus:
		return requiredWords(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredWords(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		consider := func(w []string) {
			if w != nil && shortest(w) >= 3 && (best == nil || usefulness(w) > usefulness(best)) {
				best = w
			}
		}
		// Runs of literal parts are joined first: the parser splits "bitcoin|btc" into "b"
		// and "itcoin|tc", neither useful alone.
		var run []string
		for _, sub := range re.Sub {
			if w := literals(sub); w != nil && len(run)*len(w) <= 64 {
				run = join(run, w)
				continue
			}
			consider(run)
			run = nil
			consider(requiredWords(sub))
		}
		consider(run)
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			w := requiredWords(sub)
			if w == nil {
				if lw := literals(sub); lw != nil && shortest(lw) >= 3 {
					w = lw
				} else {
					return nil
				}
			}
			all = append(all, w...)
		}
		return all
	}
	return nil
}

// requiredSets lists, for a pattern that is a sequence, the word sets of each of its parts
// that has one.
func requiredSets(re *syntax.Regexp) [][]string {
	if re.Op == syntax.OpCapture {
		return requiredSets(re.Sub[0])
	}
	if re.Op != syntax.OpConcat {
		return nil
	}
	var out [][]string
	for _, sub := range re.Sub {
		w := literals(sub)
		if w == nil {
			w = requiredWords(sub)
		}
		if w != nil && shortest(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// literals lists every string a part of a pattern can match when it is made of literals and
// alternations of them only; nil otherwise.
func literals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return literals(re.Sub[0])
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			w := literals(sub)
			if w == nil {
				return nil
			}
			all = append(all, w...)
		}
		return all
	case syntax.OpConcat:
		var out []string
		for _, sub := range re.Sub {
			w := literals(sub)
			if w == nil || len(out)*len(w) > 64 {
				return nil
			}
			out = join(out, w)
		}
		return out
	}
	return nil
}

// join returns every string of a followed by one of b; a nil a is the empty start.
func join(a, b []string) []string {
	if a == nil {
		return b
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// commonWords are too frequent in every message to be worth searching for.
var commonWords = map[string]bool{"your": true, "will": true, "the": true, "you": true, "with": true,
	"this": true, "and": true, "for": true, "have": true, "has": true, "been": true, "our": true,
	"are": true, "was": true, "that": true, "from": true, "sua": true, "seu": true, "los": true,
	"las": true, "eich": true, "votre": true, "vous": true, "sie": true, "ihr": true, "ihre": true,
	"der": true, "die": true, "das": true, "een": true, "not": true, "all": true, "can": true}

// usefulness ranks a set of trigger words: longer is rarer, and a common word is no filter.
func usefulness(words []string) int {
	for _, w := range words {
		if commonWords[strings.TrimSpace(w)] {
			return 0
		}
	}
	return shortest(words)
}

func shortest(words []string) int {
	n := 1 << 30
	for _, w := range words {
		n = min(n, len(w))
	}
	return n
}

// findWordings returns, for each kind of request found, the first few phrases that matched.
func findWordings(folded string) map[IndicatorCode][]string {
	found := map[IndicatorCode][]string{}
	index := newWordIndex(folded)
	record := func(code IndicatorCode, m string) {
		if len(found[code]) < 4 && !slices.Contains(found[code], m) {
			found[code] = append(found[code], m)
		}
	}
	for _, p := range compiledWordings() {
		if len(found[p.code]) >= 4 {
			continue
		}
		if !index.hasEachSet(p.also) {
			continue
		}
		if p.triggers == nil {
			for _, m := range p.re.FindAllString(folded, 4) {
				record(p.code, m)
			}
			continue
		}
		for _, w := range triggerWindows(folded, p.triggers) {
			window := folded[w[0]:w[1]]
			if !containsEachSet(window, p.also) {
				continue // the trigger is here, but not the pattern's other words
			}
			for _, m := range p.re.FindAllString(window, 4) {
				record(p.code, m)
			}
		}
	}
	return found
}

// triggerWindows returns the stretches of text around the trigger words, merged where they
// overlap, in order.
func triggerWindows(text string, triggers []string) [][2]int {
	var spans [][2]int
	for _, t := range triggers {
		for at, n := 0, 0; n < 50; n++ {
			i := strings.Index(text[at:], t)
			if i < 0 {
				break
			}
			i += at
			spans = append(spans, [2]int{max(0, i-triggerWindow), min(len(text), i+len(t)+triggerWindow)})
			at = i + len(t)
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var merged [][2]int
	for _, s := range spans {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// wordIndex answers, for a whole text at once, whether a word starts any of its words: far
// cheaper than searching the text for each of hundreds of trigger words.
type wordIndex []string // the text's words, without leading punctuation, sorted, distinct

func newWordIndex(folded string) wordIndex {
	words := strings.Fields(folded)
	for i, w := range words {
		words[i] = strings.TrimLeftFunc(w, notLetterOrDigit)
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// has reports whether some word of the text starts with the first word of t. It never says
// no when t is in the text, so it can rule a pattern out but never in.
func (x wordIndex) has(t string) bool {
	first, _, _ := strings.Cut(strings.TrimLeftFunc(t, notLetterOrDigit), " ")
	if first == "" {
		return true
	}
	i, _ := slices.BinarySearch(x, first)
	return i < len(x) && strings.HasPrefix(x[i], first)
}

// hasEachSet reports whether, for every set, the text may hold one of its words.
func (x wordIndex) hasEachSet(sets [][]string) bool {
	for _, set := range sets {
		if !slices.ContainsFunc(set, x.has) {
			return false
		}
	}
	return true
}

// containsEachSet reports whether text holds a word of every set.
func containsEachSet(text string, sets [][]string) bool {
	for _, set := range sets {
		if !slices.ContainsFunc(set, func(w string) bool { return strings.Contains(text, w) }) {
			return false
		}
	}
	return true
}
