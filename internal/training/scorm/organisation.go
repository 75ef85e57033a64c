package scorm

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// For is the package of a lesson with an organisation's contacts in its
// screens and its pass mark as the mastery score.
func For(l lesson.Lesson, passMark int, contacts prose.Contacts, made time.Time) Package {
	p := Package{Lesson: l, PassMark: passMark, Organisation: contacts.Organisation, Made: made}
	for _, s := range l.Screens {
		p.Screens = append(p.Screens, s.Body.HTML(contacts))
	}
	return p
}

// ForOrganisation is the package of one of an organisation's lessons
// (Vigil's or its own), for those who manage its training, with the
// organisation's contacts as local help keeps them: its settings' name and
// service desk, and the local contacts it has set.
func ForOrganisation(ctx context.Context, training *progress.Service, local *localhelp.Help, scope vigil.Scope, lessonID string, made time.Time) (Package, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return Package{}, err
	}
	lib, err := training.Library(ctx, scope)
	if err != nil {
		return Package{}, err
	}
	l, ok := lib.Lesson(lessonID)
	if !ok {
		return Package{}, vigil.Errorf(vigil.NotFound, "There is no lesson %q.", lessonID)
	}
	needs, err := training.Needs(ctx, scope)
	if err != nil {
		return Package{}, err
	}
	contacts, err := local.Contacts(ctx, scope)
	if err != nil {
		return Package{}, err
	}
	return For(l, needs.PassMark, contacts, made), nil
}
