// Package classify learns from an organisation's own verdicts on reported e-mail. Every
// verdict an analyst gives is labelled data: Learn adds the report to a model, and Classify
// tells how much a new report looks like the ones marked malicious or genuine, and why.
//
// The model is a Bayesian token classifier in the spirit of SpamAssassin's and SpamBayes':
// each report is reduced to tokens — its words, its indicators, its sender's and links'
// domains, its attachments' types — and each token's share of malicious reports is
// combined with Robinson's smoothing and Fisher's chi-square method. Nothing leaves the
// organisation: the model is counts, kept as bytes (MarshalBinary) by whoever stores it.
//
// The model judges nothing until it has learnt MinEach reports of each kind, and its
// judgement is one explained indicator of the analysis, never the verdict.
package classify

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/vigil-health/vigil/internal/report/email"
)

// Label is an analyst's verdict, as the model learns it.
type Label int

const (
	Genuine   Label = iota // safe or spam: not an attack on the reader
	Malicious              // an attack
)

// LabelOf maps a verdict to what the model learns; false for verdicts it does not learn
// from (phishing simulations, and unknown).
func LabelOf(v email.Verdict) (Label, bool) {
	switch v {
	case email.Malicious:
		return Malicious, true
	case email.Safe, email.Spam:
		return Genuine, true
	}
	return 0, false
}

const (
	// DefaultMinEach is how many reports of each kind a model must learn before it judges.
	DefaultMinEach = 10
	// MaxTokens is how many distinct tokens a model keeps; past it, the rarest are dropped.
	MaxTokens = 200_000
	// maxTokensPerReport caps the tokens taken from one report.
	maxTokensPerReport = 1500
	// maxClues is how many of the most telling tokens are combined (SpamBayes uses 150).
	maxClues = 150
	// strength and neutral are Robinson's s and x: a token seen once counts for little.
	strength = 0.45
	neutral  = 0.5
	// minClue leaves out tokens that say almost nothing either way.
	minClue = 0.1
)

// Model is a token classifier. It is safe for one writer and many readers at once.
type Model struct {
	mu      sync.RWMutex
	docs    [2]uint32             // reports learnt, by label
	tokens  map[string]*[2]uint32 // token → reports containing it, by label
	minEach int
}

// New returns an empty model that judges once it has learnt DefaultMinEach of each kind.
func New() *Model {
	return &Model{tokens: map[string]*[2]uint32{}, minEach: DefaultMinEach}
}

// SetMinEach changes the minimum-evidence rule: the reports of each kind the model must learn
// before it judges. Values below 1 count as 1.
func (m *Model) SetMinEach(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.minEach = max(n, 1)
}

// Learn adds one report with the analyst's verdict.
func (m *Model) Learn(a *email.Analysis, l Label) {
	m.adjust(Tokens(a), l, +1)
}

// Unlearn removes a report learnt with the wrong label, for when an analyst changes a
// verdict: Unlearn with the old label, then Learn with the new one.
func (m *Model) Unlearn(a *email.Analysis, l Label) {
	m.adjust(Tokens(a), l, -1)
}

func (m *Model) adjust(tokens []string, l Label, by int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if by < 0 && m.docs[l] == 0 {
		return
	}
	m.docs[l] = uint32(int(m.docs[l]) + by)
	for _, t := range tokens {
		c := m.tokens[t]
		if c == nil {
			if by < 0 {
				continue
			}
			c = &[2]uint32{}
			m.tokens[t] = c
		}
		if by < 0 && c[l] == 0 {
			continue
		}
		c[l] = uint32(int(c[l]) + by)
		if c[0] == 0 && c[1] == 0 {
			delete(m.tokens, t)
		}
	}
	if len(m.tokens) > MaxTokens {
		m.prune()
	}
}

// prune drops the tokens seen in fewest reports until the model is a tenth under its limit.
func (m *Model) prune() {
	type counted struct {
		token string
		n     uint32
	}
	all := make([]counted, 0, len(m.tokens))
	for t, c := range m.tokens {
		all = append(all, counted{t, c[0] + c[1]})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n < all[j].n || all[i].n == all[j].n && all[i].token < all[j].token })
	for _, c := range all[:len(all)-MaxTokens*9/10] {
		delete(m.tokens, c.token)
	}
}

// Counts returns how many reports of each kind the model has learnt.
func (m *Model) Counts() (genuine, malicious int) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return int(m.docs[Genuine]), int(m.docs[Malicious])
}

// Ready reports whether the model has learnt enough of both kinds to judge.
func (m *Model) Ready() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return int(m.docs[Genuine]) >= m.minEach && int(m.docs[Malicious]) >= m.minEach
}

// Classify implements email.Classifier: how likely the report is an attack, going by the
// reports learnt, with the tokens that weighed most. It returns false until Ready.
func (m *Model) Classify(a *email.Analysis) (email.Judgement, bool) {
	if !m.Ready() {
		return email.Judgement{}, false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	type clue struct {
		token string
		p     float64
	}
	var clues []clue
	for _, t := range Tokens(a) {
		c := m.tokens[t]
		if c == nil {
			continue
		}
		bad := float64(c[Malicious]) / float64(m.docs[Malicious])
		good := float64(c[Genuine]) / float64(m.docs[Genuine])
		p := bad / (bad + good)
		n := float64(c[0] + c[1])
		f := (strength*neutral + n*p) / (strength + n)
		if math.Abs(f-neutral) >= minClue {
			clues = append(clues, clue{t, f})
		}
	}
	if len(clues) == 0 {
		return email.Judgement{Malicious: neutral}, false
	}
	sort.SliceStable(clues, func(i, j int) bool { return math.Abs(clues[i].p-neutral) > math.Abs(clues[j].p-neutral) })
	clues = clues[:min(len(clues), maxClues)]
	var logNotP, logP float64
	for _, c := range clues {
		p := math.Min(math.Max(c.p, 1e-6), 1-1e-6)
		logNotP += math.Log(1 - p)
		logP += math.Log(p)
	}
	n := len(clues)
	// Fisher: how unlikely these clues would be if they were random, each way.
	s := 1 - chi2Q(-2*logNotP, 2*n)
	h := 1 - chi2Q(-2*logP, 2*n)
	score := (1 + s - h) / 2

	j := email.Judgement{Malicious: score}
	lean := Genuine
	if score >= neutral {
		lean = Malicious
	}
	j.Similar = int(m.docs[lean])
	for _, c := range clues {
		if (c.p >= neutral) == (lean == Malicious) && len(j.Tokens) < 8 {
			j.Tokens = append(j.Tokens, c.token)
		}
	}
	return j, true
}

// chi2Q is the probability that a chi-square variable with v (even) degrees of freedom is at
// least x2.
func chi2Q(x2 float64, v int) float64 {
	m := x2 / 2
	sum := math.Exp(-m)
	term := sum
	for i := 1; i < v/2; i++ {
		term *= m / float64(i)
		sum += term
	}
	return math.Min(sum, 1)
}

// Merge adds another model's counts to this one: an organisation that opts in to the
// national centre's shared model starts from it and keeps learning its own verdicts.
func (m *Model) Merge(other *Model) {
	if other == m {
		return
	}
	other.mu.RLock()
	docs := other.docs
	tokens := make(map[string][2]uint32, len(other.tokens))
	for t, c := range other.tokens {
		tokens[t] = *c
	}
	other.mu.RUnlock()

	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[0] += docs[0]
	m.docs[1] += docs[1]
	for t, c := range tokens {
		have := m.tokens[t]
		if have == nil {
			have = &[2]uint32{}
			m.tokens[t] = have
		}
		have[0] += c[0]
		have[1] += c[1]
	}
	if len(m.tokens) > MaxTokens {
		m.prune()
	}
}

// Tokens reduces a report to what the model learns from: the words of its subject and body,
// its indicators, its sender's, links' and list's domains, its attachments' types and its
// sender checks. Each token counts once per report.
func Tokens(a *email.Analysis) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && len(t) <= maxTokenLength && !seen[t] && len(out) < maxTokensPerReport {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, in := range a.Indicators {
		if !strings.HasPrefix(string(in.Code), "learned.") { // never learn from its own judgement
			add("ind:" + string(in.Code))
		}
	}
	if a.From != nil {
		add("from:" + strings.ToLower(a.From.Domain))
		if i := strings.LastIndexByte(a.From.Domain, '.'); i >= 0 {
			add("tld:" + strings.ToLower(a.From.Domain[i+1:]))
		}
	}
	for i, u := range a.URLs {
		if i == 50 {
			break
		}
		add("link:" + u.Domain)
	}
	for _, at := range a.Attachments {
		add("attach:" + at.SniffedType)
	}
	add("dmarc:" + a.Auth.DMARC.Result)
	for _, w := range words(a.Subject) {
		add("subject:" + w)
	}
	for _, w := range words(a.Body.Text) {
		add(w)
	}
	slices.Sort(out) // the same report gives the same tokens, in the same order
	return out
}

const maxTokenLength = 64

// words splits text into lower-case words of 3 to 20 letters, from its first 20,000 bytes.
func words(text string) []string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	all := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !('a' <= r && r <= 'z' || r > 127 && r != '\u00a0')
	})
	out := all[:0]
	for _, w := range all {
		if n := len([]rune(w)); n >= 3 && n <= 20 {
			out = append(out, w)
		}
	}
	return out
}
