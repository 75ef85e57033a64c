package hazard

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on the references a person types.
const (
	MaxReferencesText = 20000 // characters in the whole box
	MaxReferenceID    = 100   // characters of one id
)

// ParseReferences reads the findings and incidents a person links by hand,
// one a line: "finding F-0012: CVE-2024-3400 in the perimeter firewall" or
// "incident INC-7: Ransomware on ward PCs". The title after the colon is
// optional. Blank lines are skipped; a line Vigil cannot read is reported
// by its number, and nothing is kept until every line reads.
func ParseReferences(text string) ([]Link, error) {
	if utf8.RuneCountInString(text) > MaxReferencesText {
		return nil, referenceError(fmt.Sprintf("Keep the findings and incidents to %d characters or fewer", MaxReferencesText))
	}
	if !utf8.ValidString(text) {
		return nil, referenceError("The findings and incidents contain characters Vigil cannot read")
	}
	var out []Link
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		l, why := parseReference(line)
		if why != "" {
			return nil, referenceError(fmt.Sprintf("Line %d: %s", n+1, why))
		}
		if len(out) == MaxLinks {
			return nil, referenceError(fmt.Sprintf("Link at most %d findings and incidents", MaxLinks))
		}
		out = append(out, l)
	}
	return out, nil
}

func parseReference(line string) (Link, string) {
	kindWord, rest, _ := strings.Cut(line, " ")
	var l Link
	switch strings.ToLower(kindWord) {
	case "finding":
		l.Kind = LinkFinding
	case "incident":
		l.Kind = LinkIncident
	default:
		return Link{}, "start with finding or incident, then its reference, such as finding F-0012: firewall weakness"
	}
	id, title, _ := strings.Cut(strings.TrimSpace(rest), ":")
	l.ID, l.Title = strings.TrimSpace(id), strings.TrimSpace(title)
	switch {
	case l.ID == "":
		return Link{}, "give the " + string(l.Kind) + "'s reference after the word " + string(l.Kind)
	case strings.ContainsAny(l.ID, " \t"):
		return Link{}, "the reference cannot contain spaces; put the title after a colon"
	case utf8.RuneCountInString(l.ID) > MaxReferenceID:
		return Link{}, fmt.Sprintf("the reference is longer than %d characters", MaxReferenceID)
	case utf8.RuneCountInString(l.Title) > MaxTitle:
		return Link{}, fmt.Sprintf("the title is longer than %d characters", MaxTitle)
	}
	if l.Title == "" {
		l.Title = l.ID
	}
	return l, ""
}

// FormatReferences writes links to findings and incidents back as
// ParseReferences reads them; other links are left out.
func FormatReferences(links []Link) string {
	var b strings.Builder
	for _, l := range links {
		if l.Kind == LinkFinding || l.Kind == LinkIncident {
			fmt.Fprintf(&b, "%s %s: %s\n", l.Kind, l.ID, l.Title)
		}
	}
	return b.String()
}

func referenceError(why string) error {
	return vigil.InvalidFields("Check the findings and incidents.", map[string]string{"references": why})
}
