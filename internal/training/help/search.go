package help

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Search finds the answers that match what someone typed, best first.
// Each word of the query matches a word of an answer that is the same, that
// it begins ("whats" finds "WhatsApp"), or that shares its stem ("clicked"
// finds "click"); a word also matches its synonyms ("whatsapp" finds
// "messaging", "opened" finds "clicked"). Answers that match more of the
// query's words come first; among those, a match in the question or the
// keywords counts for more than one in the answer. An empty query, or one
// of only common words, finds nothing.
func (as Answers) Search(query string) []Answer {
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil
	}
	type hit struct {
		i, matched, score int
	}
	var hits []hit
	for i, e := range as.index {
		h := hit{i: i}
		for _, t := range terms {
			if s := e.score(t); s > 0 {
				h.matched++
				h.score += s
			}
		}
		if h.matched > 0 {
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.matched, a.matched), cmp.Compare(b.score, a.score))
	})
	out := make([]Answer, len(hits))
	for i, h := range hits {
		out[i] = as.list[h.i]
	}
	return out
}

// Where a word is found, and what a match there is worth.
const (
	inBody     = 1
	inQuestion = 3 // the question and the keywords say what the answer is about
)

// entry is an answer's words, each once with the weight of the best field
// it came from.
type entry []indexed

type indexed struct {
	word, stem string
	weight     int
}

func indexAnswer(a Answer) entry {
	weights := map[string]int{}
	add := func(text string, weight int) {
		for _, w := range words(text) {
			if !stopWords[w] {
				weights[w] = max(weights[w], weight)
			}
		}
	}
	add(plainWords(a), inBody)
	add(a.Question, inQuestion)
	add(strings.Join(a.Keywords, " "), inQuestion)
	e := make(entry, 0, len(weights))
	for w, weight := range weights {
		e = append(e, indexed{word: w, stem: stem(w), weight: weight})
	}
	return e
}

// term is one word of a query (first) with its synonyms.
type term []indexed

func queryTerms(query string) []term {
	var out []term
	for _, w := range words(query) {
		if stopWords[w] {
			continue
		}
		t := term{{word: w, stem: stem(w)}}
		for _, group := range synonyms {
			if slices.ContainsFunc(group, func(s string) bool { return stem(s) == t[0].stem }) {
				for _, s := range group {
					t = append(t, indexed{word: s, stem: stem(s)})
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// score is what the best match of t in the entry is worth, as a multiple
// of the field's weight: the word itself or its stem 3, a synonym 2, a word
// that the query word begins 1. So "opened" ranks an answer that says
// "opened" above one that says "clicked".
func (e entry) score(t term) int {
	best := 0
	for _, w := range e {
		for i, q := range t {
			switch {
			case w.stem == q.stem:
				if i == 0 {
					best = max(best, 3*w.weight)
				} else {
					best = max(best, 2*w.weight)
				}
			case len(q.word) >= 2 && strings.HasPrefix(w.word, q.word),
				len(q.stem) >= 4 && strings.HasPrefix(w.word, q.stem):
				best = max(best, w.weight)
			}
		}
	}
	return best
}

// words splits text into lower-case words. Apostrophes vanish ("can't" is
// "cant") and a hyphenated word counts whole and in parts ("e-mail" is
// "email", "e" and "mail"); one-letter words are dropped.
func words(text string) []string {
	text = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(text))
	var out []string
	for _, chunk := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) && r != '-' }) {
		parts := strings.FieldsFunc(chunk, func(r rune) bool { return r == '-' })
		if len(parts) > 1 {
			parts = append(parts, strings.Join(parts, ""))
		}
		for _, p := range parts {
			if len([]rune(p)) > 1 {
				out = append(out, p)
			}
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// stem cuts the commonest English endings, enough for "clicked" to meet
// "click" and "passwords" to meet "password"; it is not a full stemmer.
func stem(w string) string {
	for _, suffix := range []string{"ing", "ed", "s"} {
		rest := strings.TrimSuffix(w, suffix)
		if rest != w && len(rest) >= 3 && !strings.HasSuffix(w, "ss") {
			return rest
		}
	}
	return w
}
