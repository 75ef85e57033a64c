package hazard

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on what a hazard holds, so that one entry stays something a person
// can read in a meeting and a report can print.
const (
	MaxTitle    = 150  // characters
	MaxText     = 4000 // characters of each longer text
	MaxCauses   = 12
	MaxCause    = 300
	MaxLinks    = 60
	MaxControls = 20
	MaxControl  = 600
)

// Check tidies the details and says everything wrong with them, keyed by
// the form field at fault; empty when they can be saved.
func (d *Details) Check() map[string]string {
	problems := map[string]string{}
	d.Title = strings.TrimSpace(d.Title)
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		problems["title"] = "Enter a short title for the hazard"
	case n > MaxTitle:
		problems["title"] = fmt.Sprintf("Keep the title to %d characters or fewer", MaxTitle)
	}
	for _, f := range []struct {
		key, what string
		v         *string
		required  bool
	}{
		{"description", "what could happen", &d.Description, true},
		{"effect", "the effect on the care pathway", &d.Effect, false},
		{"harm", "the harm that could come to patients", &d.Harm, true},
		{"existing_controls", "the existing controls", &d.ExistingControls, false},
	} {
		*f.v = strings.TrimSpace(*f.v)
		switch n := utf8.RuneCountInString(*f.v); {
		case n == 0 && f.required:
			problems[f.key] = "Enter " + f.what
		case n > MaxText:
			problems[f.key] = fmt.Sprintf("Keep %s to %d characters or fewer", f.what, MaxText)
		}
	}
	d.Causes = tidyLines(d.Causes)
	switch {
	case len(d.Causes) > MaxCauses:
		problems["causes"] = fmt.Sprintf("List at most %d causes", MaxCauses)
	case slices.ContainsFunc(d.Causes, func(c string) bool { return utf8.RuneCountInString(c) > MaxCause }):
		problems["causes"] = fmt.Sprintf("Keep each cause to %d characters or fewer", MaxCause)
	}
	if !slices.Contains(Types, d.Type) {
		problems["type"] = "Choose the type of hazard"
	}
	d.checkLinks(problems)
	d.checkAssessment(problems, "initial", &d.Initial, true)
	d.checkAssessment(problems, "residual", &d.Residual, false)
	for i := range d.FurtherControls {
		d.FurtherControls[i].Text = strings.TrimSpace(d.FurtherControls[i].Text)
	}
	d.FurtherControls = slices.DeleteFunc(d.FurtherControls, func(c Control) bool { return c.Text == "" })
	switch {
	case len(d.FurtherControls) > MaxControls:
		problems["controls"] = fmt.Sprintf("List at most %d further controls", MaxControls)
	case slices.ContainsFunc(d.FurtherControls, func(c Control) bool { return !slices.Contains(ControlKinds, c.Kind) }):
		problems["controls"] = "Choose whether each further control is design, test, training or business process"
	case slices.ContainsFunc(d.FurtherControls, func(c Control) bool { return utf8.RuneCountInString(c.Text) > MaxControl }):
		problems["controls"] = fmt.Sprintf("Keep each further control to %d characters or fewer", MaxControl)
	}
	d.ReviewBy = Day(d.ReviewBy)
	return problems
}

func (d *Details) checkLinks(problems map[string]string) {
	var kept []Link
	for _, l := range d.Links {
		l.ID, l.Title = strings.TrimSpace(l.ID), strings.TrimSpace(l.Title)
		if l.ID == "" || slices.ContainsFunc(kept, func(k Link) bool { return k.Kind == l.Kind && k.ID == l.ID }) {
			continue
		}
		if !l.Kind.Valid() || utf8.RuneCountInString(l.ID) > 200 || utf8.RuneCountInString(l.Title) > MaxTitle*2 ||
			(l.Path != "" && !strings.HasPrefix(l.Path, "/")) {
			problems["links"] = "One of the links is not one Vigil knows. Remove it and link it again."
			continue
		}
		if l.Title == "" {
			l.Title = l.ID
		}
		kept = append(kept, l)
	}
	if len(kept) > MaxLinks {
		problems["links"] = fmt.Sprintf("Link at most %d services, assets, suppliers, findings and incidents", MaxLinks)
	}
	d.Links = kept
}

// checkAssessment wants both halves of an assessment or, when it is not
// required, neither.
func (d *Details) checkAssessment(problems map[string]string, prefix string, a *Assessment, required bool) {
	if !required && a.IsZero() {
		return
	}
	if !a.Consequence.Valid() {
		problems[prefix+"_consequence"] = "Choose the " + prefix + " consequence"
	}
	if !a.Likelihood.Valid() {
		problems[prefix+"_likelihood"] = "Choose the " + prefix + " likelihood"
	}
}

// Day is the date of t as midnight UTC; zero stays zero.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func tidyLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// invalid is the error for details with problems.
func invalid(problems map[string]string) error {
	if len(problems) == 0 {
		return nil
	}
	return vigil.InvalidFields("Check the hazard's details.", problems)
}
