// Package builtin says what the built-in training content may name: the
// job roles and report kinds the rest of Vigil knows.
package builtin

import (
	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
)

// Vocabulary is every job role and report kind, by code.
func Vocabulary() content.Vocabulary {
	var v content.Vocabulary
	for _, r := range org.JobRoles {
		v.JobRoles = append(v.JobRoles, string(r))
	}
	for _, k := range report.Kinds {
		v.ReportKinds = append(v.ReportKinds, string(k))
	}
	return v
}

// Load reads and checks the built-in lessons, programme and quick answers.
func Load() (content.Catalogue, error) { return content.Load(Vocabulary()) }
