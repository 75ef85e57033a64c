package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVulnImport keeps advisories in the database: a folder of OSV records (one of them
// withdrawn, some twice), then the same folder again, which changes nothing; a KEV catalogue; and a
// truncated file, refused naming it.
func TestVulnImport(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		vigilOK(t, append([]string{"import", "caremap", demoMapFile(t), "--org", "DEMO"}, db...)...)
		osv := vulnData + "osv"
		out, errOut := vigilOK(t, append([]string{"vuln", "import", "--org", "DEMO", osv}, db...)...)
		// The folder holds some records twice, in different versions: 20 distinct ids.
		if !strings.HasPrefix(out, "osv: 23 read, 20 new,") || !strings.Contains(out, "1 withdrawn; findings worked out again for 1 organisations") {
			t.Errorf("first import said %q (%s)", out, errOut)
		}
		out, _ = vigilOK(t, append([]string{"vuln", "import", "--org", "DEMO", osv}, db...)...)
		if !strings.Contains(out, "0 new, 0 updated, 23 unchanged") {
			t.Errorf("the second import said %q", out)
		}
		out, _ = vigilOK(t, append([]string{"vuln", "import", "--org", "DEMO", "--kind", "kev", advisoryData + "kev/known_exploited_vulnerabilities.csv"}, db...)...)
		if !strings.HasPrefix(out, "known_exploited_vulnerabilities.csv: 100 read, 100 new") {
			t.Errorf("KEV import said %q", out)
		}
		bad := filepath.Join(t.TempDir(), "cut.json")
		if err := os.WriteFile(bad, []byte(`{"schema_version": "1.6.0", "id": "GHSA-cut", "affected": [`), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := runVigil(t, "", append([]string{"vuln", "import", "--org", "DEMO", bad}, db...)...)
		if code != 1 || !strings.Contains(errOut, "cut.json") {
			t.Errorf("a truncated file: exit %d, %q", code, errOut)
		}
	})
}
