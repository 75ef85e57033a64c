package content

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/programme"
)

// Vocabulary is the codes content may use that other parts of Vigil own.
// The caller passes the real lists (the job roles of people, the kinds of
// report), so content never drifts from them unnoticed.
type Vocabulary struct {
	JobRoles    []string
	ReportKinds []string
}

// Catalogue is all the built-in content, read and cross-checked.
type Catalogue struct {
	Lessons    lesson.Library
	Programme  programme.Programme
	Answers    help.Answers
	Frameworks []framework.Framework
}

// Load reads and checks every built-in file. Vigil calls it at start-up:
// any problem is a fault in the release, so the error lists them all.
func Load(v Vocabulary) (Catalogue, error) {
	dirs := map[string]fs.FS{}
	for _, d := range []string{LessonsDir, TrainingDir, HelpDir, FrameworksDir} {
		f, err := Sub(d)
		if err != nil {
			return Catalogue{}, fmt.Errorf("open the built-in %s folder: %w", d, err)
		}
		dirs[d] = f
	}
	var c Catalogue
	var errs []error
	var err error
	if c.Lessons, err = lesson.Load(dirs[LessonsDir], v.JobRoles); err != nil {
		errs = append(errs, err)
	}
	if c.Programme, err = programme.Load(dirs[TrainingDir], c.Lessons, v.JobRoles); err != nil {
		errs = append(errs, err)
	}
	links := help.Links{Lessons: c.Lessons.IDs(), ReportKinds: v.ReportKinds}
	if c.Answers, err = help.Load(dirs[HelpDir], links); err != nil {
		errs = append(errs, err)
	}
	if c.Frameworks, err = framework.Load(dirs[FrameworksDir]); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}
