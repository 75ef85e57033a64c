package assess

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on the evidence a person types.
const (
	MaxEvidenceText = 20000 // characters in the whole box
	MaxEvidenceLine = 600
	MaxLink         = 2000
)

// ParseEvidence reads evidence typed one a line: a description, optionally
// followed by where to see it, a web address or a Vigil page path ("Board
// minutes, March https://intranet.example/board/2026-03" or "Hazard log
// /hazards"). A line that is only an address is its own description. Blank
// lines are skipped; a line Vigil cannot take is reported by its number.
func ParseEvidence(text string) ([]Evidence, error) {
	if utf8.RuneCountInString(text) > MaxEvidenceText {
		return nil, evidenceError(fmt.Sprintf("Keep the evidence to %d characters or fewer", MaxEvidenceText))
	}
	if !utf8.ValidString(text) {
		return nil, evidenceError("The evidence contains characters Vigil cannot read")
	}
	var out []Evidence
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > MaxEvidenceLine {
			return nil, evidenceError(fmt.Sprintf("Line %d is longer than %d characters", n+1, MaxEvidenceLine))
		}
		if len(out) == MaxEvidence {
			return nil, evidenceError(fmt.Sprintf("Give at most %d pieces of evidence", MaxEvidence))
		}
		out = append(out, evidenceLine(line))
	}
	return out, nil
}

// evidenceLine splits a line into its description and its last word when
// that is an address.
func evidenceLine(line string) Evidence {
	i := strings.LastIndexAny(line, " \t")
	last := line[i+1:]
	if !isLink(last) {
		return Evidence{Text: line}
	}
	text := strings.TrimSpace(line[:i+1])
	if text == "" {
		text = last
	}
	return Evidence{Text: text, Link: last}
}

// isLink accepts web addresses and Vigil page paths only, so a link never
// runs script.
func isLink(s string) bool {
	if len(s) > MaxLink {
		return false
	}
	switch {
	case strings.HasPrefix(s, "https://"), strings.HasPrefix(s, "http://"):
		u, err := url.Parse(s)
		return err == nil && u.Host != "" && !strings.ContainsAny(s, "<>\"")
	case strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		return !strings.ContainsAny(s, "<>\"\\")
	}
	return false
}

// FormatEvidence writes evidence back as ParseEvidence reads it.
func FormatEvidence(ev []Evidence) string {
	var b strings.Builder
	for _, e := range ev {
		switch {
		case e.Link == "":
			b.WriteString(e.Text)
		case e.Text == e.Link:
			b.WriteString(e.Link)
		default:
			b.WriteString(e.Text + " " + e.Link)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func evidenceError(why string) error {
	return vigil.InvalidFields("Check the evidence.", map[string]string{"evidence": why})
}

// Offered is what Vigil already holds for the organisation's outcomes, by
// outcome id, gathered from every registered source. The sources are asked
// as Vigil itself in the organisation: the person asking may answer the
// assessment without being able to read every capability's own pages. A
// source that fails is left out and reported in errs, so one broken
// capability does not hide the others' evidence.
func (s *Assessments) Offered(ctx context.Context, scope vigil.Scope, now time.Time) (map[string][]evidence.Item, []error, error) {
	if err := scope.Require(vigil.ReadAssessment); err != nil {
		return nil, nil, err
	}
	o, err := s.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return nil, nil, err
	}
	sys := o.System("Self-assessment evidence")
	out := map[string][]evidence.Item{}
	var errs []error
	for _, src := range s.sources {
		items, err := src.Evidence(ctx, sys, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, it := range items {
			out[it.Outcome] = append(out[it.Outcome], it)
		}
	}
	return out, errs, nil
}
