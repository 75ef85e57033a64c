package framework_test

import (
	"io/fs"
	"testing"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzParse feeds the framework loader anything, seeded with the built-in
// CAF-aligned framework. It must never panic; an accepted framework has
// unique outcome ids that each sit under their principle.
func FuzzParse(f *testing.F) {
	dir, err := content.Sub(content.FrameworksDir)
	if err != nil {
		f.Fatal(err)
	}
	names, _ := fs.Glob(dir, "*.yaml")
	for _, n := range names {
		data, err := fs.ReadFile(dir, n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := framework.Parse("fuzz.yaml", data)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, o := range fw.Outcomes() {
			if seen[o.ID] {
				t.Fatalf("accepted %s twice", o.ID)
			}
			seen[o.ID] = true
		}
	})
}
