package main

import (
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
