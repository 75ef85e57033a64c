// Package content holds Vigil's built-in content — micro-lessons, the
// training programme, quick answers and self-assessment frameworks — as
// files embedded in the binary, and loads and checks them at start-up.
// README.md in this folder describes the file formats, and how an
// organisation adds its own lessons and answers.
package content

import (
	"embed"
	"io/fs"
)

//go:embed training help frameworks
var files embed.FS

// The folders within the embedded files.
const (
	TrainingDir   = "training"         // curricula.yaml, habits.yaml, campaigns/
	LessonsDir    = "training/lessons" // one Markdown file per lesson
	HelpDir       = "help"             // one Markdown file per quick answer
	FrameworksDir = "frameworks"       // one YAML file per framework
)

// Files is every built-in content file.
func Files() fs.FS { return files }

// Sub is one folder of the built-in content, such as LessonsDir.
func Sub(dir string) (fs.FS, error) { return fs.Sub(files, dir) }
