package main

import (
	"archive/zip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The demo trust's coverage, by job role, as an operator or a script reads it.
func TestTrainingCoverageCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		out, _ := vigilOK(t, append([]string{"training", "coverage", "--org", "DEMO"}, db...)...)
		for _, want := range []string{"staff", "up to date", "in 12 months", "DEMO (target 95% in 12 months)", "Nurse or midwife", "Manager or board member"} {
			if !strings.Contains(out, want) {
				t.Errorf("the coverage lacks %q:\n%s", want, out)
			}
		}
		if code, _, errOut := runVigil(t, "", append([]string{"training", "coverage", "--org", "NOPE"}, db...)...); code == 0 || !strings.Contains(errOut, "organisation") {
			t.Errorf("an unknown organisation: exit %d, %s", code, errOut)
		}
	})
}

// A lesson as a SCORM package for a learning system: Vigil's own without
// an organisation, and with the demo trust's pass mark and contacts.
func TestTrainingSCORMCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		dir := t.TempDir()
		for _, c := range []struct {
			args []string
			file string
		}{
			{[]string{"training", "scorm", "spotting-phishing", "-o", filepath.Join(dir, "plain.zip")}, "plain.zip"},
			{[]string{"training", "scorm", "--org", "DEMO", "spotting-phishing", "-o", filepath.Join(dir, "demo.zip")}, "demo.zip"},
		} {
			out, _ := vigilOK(t, append(c.args, db...)...)
			if !strings.Contains(out, "SCORM 1.2 package, pass mark 80%") {
				t.Errorf("%v said %q", c.args, out)
			}
			z, err := zip.OpenReader(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatalf("%s does not open: %v", c.file, err)
			}
			var names []string
			for _, f := range z.File {
				names = append(names, f.Name)
			}
			z.Close()
			if !slices.Contains(names, "imsmanifest.xml") || !slices.Contains(names, "index.html") {
				t.Errorf("%s holds %v", c.file, names)
			}
		}
		if code, _, errOut := runVigil(t, "", append([]string{"training", "scorm", "no-such-lesson", "-o", filepath.Join(dir, "x.zip")}, db...)...); code == 0 || !strings.Contains(errOut, "no lesson") {
			t.Errorf("an unknown lesson: exit %d, %s", code, errOut)
		}
		if code, _, _ := runVigil(t, "", append([]string{"training", "scorm", "spotting-phishing"}, db...)...); code == 0 {
			t.Error("no -o: exit 0")
		}
	})
}
