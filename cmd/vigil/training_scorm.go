package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/training/scorm"
	"github.com/vigil-health/vigil/internal/vigil"
)

// runTrainingSCORM writes a lesson as a SCORM 1.2 package: vigil training
// scorm LESSON-ID -o FILE. With --org, the lesson may be the
// organisation's own, and the package has its pass mark and contacts;
// without, it is one of Vigil's lessons with the default pass mark.
func runTrainingSCORM(ctx context.Context, s streams, args []string) error {
	const usage = "vigil training scorm LESSON-ID -o FILE [--org CODE] [--data DIR | --database-url URL]"
	var code, file string
	svc, fs, err := openServices(ctx, s, "training scorm", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code: its own lessons, pass mark and contacts")
		fs.StringVar(&file, "o", "", "the zip file to write")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 1 || file == "" {
		return usageErrorf("%s", usage)
	}
	id := fs.Arg(0)
	var p scorm.Package
	if code == "" {
		l, ok := svc.Content.Lessons.Lesson(id)
		if !ok {
			return vigil.Errorf(vigil.NotFound, "Vigil has no lesson %q; give --org CODE for an organisation's own lesson.", id)
		}
		p = scorm.For(l, progress.DefaultPassMark, prose.Contacts{}, svc.Clock())
	} else {
		_, sc, err := operator(ctx, svc, code)
		if err != nil {
			return err
		}
		if p, err = scorm.ForOrganisation(ctx, svc.Training, svc.LocalHelp, sc, id, svc.Clock()); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := scorm.Write(&buf, p); err != nil {
		return err
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the package: %w", err)
	}
	fmt.Fprintf(s.out, "Wrote %s: %q as a SCORM 1.2 package, pass mark %d%%, %d bytes.\n", file, p.Lesson.Title, p.PassMark, buf.Len())
	return nil
}
