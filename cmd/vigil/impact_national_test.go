package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImpactNational asks the national what-if of the stored maps of the demo trust and
// a practice, as a table and as JSON, on both databases.
func TestImpactNational(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		vigilOK(t, append([]string{"import", "caremap", demoMapFile(t), "--org", "DEMO"}, db...)...)
		practice := filepath.Join(t.TempDir(), "practice.yaml")
		gp := `organisation: {code: DEMOGP, name: Elm Tree Surgery, type: gp-practice}
suppliers: [{id: pathco, name: CityPath Diagnostics Ltd}]
services:
  - {id: bloods, name: Blood tests, consequence: considerable, patients_per_day: 40,
     downtime: {procedure: Phone the lab., safe_for: 2d}, depends_on: [{supplier: pathco, need: required}]}
`
		if err := os.WriteFile(practice, []byte(gp), 0o600); err != nil {
			t.Fatal(err)
		}
		vigilOK(t, append([]string{"import", "caremap", practice, "--org", "DEMOGP"}, db...)...)

		out, _ := vigilOK(t, append([]string{"impact", "national", "--supplier", "CityPath Diagnostics Ltd", "--days", "14"}, db...)...)
		words := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(words, "CityPath Diagnostics Ltd down for 14 days") || !strings.Contains(words, "2 of 2 organisations with a care map affected") ||
			!strings.Contains(words, "1 DEMO pathology Stops working 5 44800 1d 1d") || !strings.Contains(words, "2 DEMOGP bloods Stops working 4 560 2d 2d") {
			t.Errorf("table:\n%s", out)
		}
		out, _ = vigilOK(t, append([]string{"impact", "national", "--supplier", "pathco", "--days", "3", "--format", "json"}, db...)...)
		var ans struct {
			Organisations []struct {
				Code          string `json:"code"`
				Patients      int64  `json:"patients"`
				HarmBeforeEnd int    `json:"harm_before_end"`
			} `json:"organisations"`
		}
		if err := json.Unmarshal([]byte(out), &ans); err != nil || len(ans.Organisations) != 1 || ans.Organisations[0].Code != "DEMOGP" ||
			ans.Organisations[0].Patients != 120 || ans.Organisations[0].HarmBeforeEnd != 1 {
			t.Errorf("JSON: %v\n%s", err, out)
		}
		code, _, errOut := runVigil(t, "", append([]string{"impact", "national", "--days", "14"}, db...)...)
		if code != 2 || !strings.Contains(errOut, "Enter the name of a supplier") {
			t.Errorf("no supplier: exit %d, %s", code, errOut)
		}
	})
}
