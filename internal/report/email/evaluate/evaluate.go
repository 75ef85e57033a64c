// Package evaluate measures how well the e-mail analysis judges labelled messages: how much
// phishing it calls malicious, how much genuine mail it wrongly calls malicious, and where
// the rest goes. It carries its own labelled set — messages generated in code from a seed,
// and a smaller hand-written set — and reads any other from a folder with a labels file.
package evaluate

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/report/email"
)

// Label is what a message really is.
type Label string

const (
	Phishing Label = "phishing" // an attack: phishing, malware, fraud
	Genuine  Label = "genuine"  // legitimate mail, wanted or not
	Spam     Label = "spam"     // unwanted bulk mail, not an attack
)

func parseLabel(s string) (Label, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "phishing", "malicious", "phish", "fraud":
		return Phishing, true
	case "genuine", "ham", "safe", "legitimate":
		return Genuine, true
	case "spam", "junk":
		return Spam, true
	}
	return "", false
}

// Sample is one labelled message.
type Sample struct {
	Name   string
	Family string // the pattern it was made from, for the per-family figures
	Label  Label
	Raw    []byte
}

// Result is what one evaluation found.
type Result struct {
	Counts map[Label]map[email.Verdict]int // label → suggested verdict → messages
	// Silent counts phishing with no warning sign at all (only informational indicators).
	Silent int
	// Unexplained counts malicious verdicts with no indicator behind them: always 0 when
	// every malicious verdict names its evidence.
	Unexplained int
	// Refused counts messages Analyse refused as not e-mail.
	Refused  int
	Failures []Failure // misjudged messages, for reading
	Families map[string]map[email.Verdict]int
	Median   time.Duration
	P95      time.Duration
}

// Failure is a message judged against its label: phishing not called malicious, or genuine
// mail called malicious.
type Failure struct {
	Name, Family string
	Label        Label
	Verdict      email.Verdict
	Indicators   []email.IndicatorCode
}

// Evaluate analyses every sample with the options and counts the outcomes.
func Evaluate(samples []Sample, opts email.Options) Result {
	r := Result{Counts: map[Label]map[email.Verdict]int{}, Families: map[string]map[email.Verdict]int{}}
	var took []time.Duration
	for _, s := range samples {
		start := time.Now()
		a, err := email.Analyse(s.Raw, opts)
		took = append(took, time.Since(start))
		verdict := email.Verdict("refused")
		if err != nil {
			r.Refused++
		} else {
			verdict = a.SuggestedVerdict
		}
		if r.Counts[s.Label] == nil {
			r.Counts[s.Label] = map[email.Verdict]int{}
		}
		r.Counts[s.Label][verdict]++
		family := string(s.Label) + "/" + s.Family
		if r.Families[family] == nil {
			r.Families[family] = map[email.Verdict]int{}
		}
		r.Families[family][verdict]++
		if a == nil {
			continue
		}
		warned := slices.ContainsFunc(a.Indicators, func(in email.Indicator) bool { return in.Severity != email.Info })
		if s.Label == Phishing && !warned {
			r.Silent++
		}
		if verdict == email.Malicious && len(a.Evidence) == 0 {
			r.Unexplained++
		}
		if s.Label == Phishing && verdict != email.Malicious || s.Label != Phishing && verdict == email.Malicious {
			var codes []email.IndicatorCode
			for _, in := range a.Indicators {
				if in.Severity != email.Info {
					codes = append(codes, in.Code)
				}
			}
			r.Failures = append(r.Failures, Failure{s.Name, s.Family, s.Label, verdict, codes})
		}
	}
	if len(took) > 0 {
		slices.Sort(took)
		r.Median, r.P95 = took[len(took)/2], took[len(took)*95/100]
	}
	return r
}

func (r Result) total(l Label) int {
	n := 0
	for _, c := range r.Counts[l] {
		n += c
	}
	return n
}

// DetectionRate is the share of phishing called malicious.
func (r Result) DetectionRate() float64 {
	return share(r.Counts[Phishing][email.Malicious], r.total(Phishing))
}

// SilentRate is the share of phishing with no warning sign at all.
func (r Result) SilentRate() float64 { return share(r.Silent, r.total(Phishing)) }

// FalsePositiveRate is the share of genuine mail called malicious.
func (r Result) FalsePositiveRate() float64 {
	return share(r.Counts[Genuine][email.Malicious], r.total(Genuine))
}

// GenuineRate is the share of genuine mail said to look genuine (verdict safe).
func (r Result) GenuineRate() float64 { return share(r.Counts[Genuine][email.Safe], r.total(Genuine)) }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

var verdictOrder = []email.Verdict{email.Malicious, email.Spam, email.Unknown, email.Safe, email.PhishingSimulation, "refused"}

// Write prints the figures, the confusion matrix, the per-family counts and up to
// maxFailures misjudged messages.
func (r Result) Write(w io.Writer, maxFailures int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Phishing called malicious:     %5.1f %% of %d\n", 100*r.DetectionRate(), r.total(Phishing))
	fmt.Fprintf(&b, "Phishing with no warning sign: %5.1f %%\n", 100*r.SilentRate())
	fmt.Fprintf(&b, "Genuine called malicious:      %5.1f %% of %d (false positives)\n", 100*r.FalsePositiveRate(), r.total(Genuine))
	fmt.Fprintf(&b, "Genuine said to look genuine:  %5.1f %%\n", 100*r.GenuineRate())
	if n := r.total(Spam); n > 0 {
		fmt.Fprintf(&b, "Spam called malicious:         %5.1f %% of %d\n", 100*share(r.Counts[Spam][email.Malicious], n), n)
	}
	fmt.Fprintf(&b, "Malicious verdicts with no evidence named: %d\n", r.Unexplained)
	fmt.Fprintf(&b, "Time per message: median %s, 95th percentile %s\n\n", r.Median.Round(10*time.Microsecond), r.P95.Round(10*time.Microsecond))

	fmt.Fprintf(&b, "%-10s", "label")
	for _, v := range verdictOrder {
		fmt.Fprintf(&b, " %10s", v)
	}
	b.WriteString("\n")
	for _, l := range []Label{Phishing, Genuine, Spam} {
		if r.total(l) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%-10s", l)
		for _, v := range verdictOrder {
			fmt.Fprintf(&b, " %10d", r.Counts[l][v])
		}
		b.WriteString("\n")
	}
	b.WriteString("\nBy family (malicious / spam / unknown / safe):\n")
	families := make([]string, 0, len(r.Families))
	for f := range r.Families {
		families = append(families, f)
	}
	sort.Strings(families)
	for _, f := range families {
		c := r.Families[f]
		fmt.Fprintf(&b, "  %-40s %4d %4d %4d %4d\n", f, c[email.Malicious], c[email.Spam], c[email.Unknown], c[email.Safe])
	}
	if len(r.Failures) > 0 && maxFailures > 0 {
		fmt.Fprintf(&b, "\nMisjudged (%d):\n", len(r.Failures))
		for i, f := range r.Failures {
			if i == maxFailures {
				fmt.Fprintf(&b, "  … %d more\n", len(r.Failures)-maxFailures)
				break
			}
			fmt.Fprintf(&b, "  %s (%s, %s) → %s: %v\n", f.Name, f.Label, f.Family, f.Verdict, f.Indicators)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
