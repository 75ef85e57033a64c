package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// seededDatabase makes a database holding the demo organisations, without a care map, on
// each engine, and returns the flags that name it.
func seededDatabase(t *testing.T, engine string) []string {
	t.Helper()
	if engine == "sqlite" {
		return []string{"--data", seededData(t)}
	}
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = storetest.PostgresURL(t)
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err == nil {
		defer a.Close()
		_, err = demo.Seed(context.Background(), a.Demo())
	}
	if err != nil {
		t.Fatal(err)
	}
	return []string{"--database-url", cfg.DatabaseURL}
}

func eachEngine(t *testing.T, fn func(t *testing.T, db []string)) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) { fn(t, seededDatabase(t, e)) })
	}
}

func vigilOK(t *testing.T, args ...string) (string, string) {
	t.Helper()
	code, out, errOut := runVigil(t, "", args...)
	if code != 0 {
		t.Fatalf("vigil %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out, errOut
}

func TestImportExportRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		dir := t.TempDir()
		original := demoMapFile(t)
		// Flags after the file, as people type them.
		out, errOut := vigilOK(t, append([]string{"import", "caremap", original, "--org", "DEMO"}, db...)...)
		if !strings.HasPrefix(out, "imported the care map of DEMO as version 1: 14 services, 38 assets, 10 suppliers") {
			t.Errorf("import said %q", out)
		}
		if !strings.Contains(errOut, "warning: these depend on each other in a loop: dns, active-directory") {
			t.Errorf("no cycle warning: %q", errOut)
		}
		for _, format := range []string{"yaml", "json"} {
			exported, _ := vigilOK(t, append([]string{"export", "caremap", "--org", "DEMO", "--format", format}, db...)...)
			file := filepath.Join(dir, "exported."+format)
			if err := os.WriteFile(file, []byte(exported), 0o600); err != nil {
				t.Fatal(err)
			}
			// Importing the export changes nothing: the stored map is the same content.
			out, _ := vigilOK(t, append([]string{"import", "caremap", "--org", "DEMO", file}, db...)...)
			if !strings.Contains(out, "is already this file (version 1); nothing changed") {
				t.Errorf("re-import of the %s export: %q", format, out)
			}
			want, _ := caremap.ParseYAML(demoMapBytes(t))
			got, err := caremap.Parse([]byte(exported))
			if err != nil || !reflect.DeepEqual(got.Contents, want.Contents) {
				t.Errorf("the %s export differs from the imported file (%v)", format, err)
			}
		}
	})
}

func demoMapBytes(t *testing.T) []byte {
	b, err := os.ReadFile(demoMapFile(t))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportRefusesABadFileAndKeepsTheStoredMap(t *testing.T) {
	eachEngine(t, func(t *testing.T, db []string) {
		vigilOK(t, append([]string{"import", "caremap", demoMapFile(t), "--org", "DEMO"}, db...)...)

		// The invalid file is for RXX; its problems are found before whose map it is.
		code, out, errOut := runVigil(t, "", append([]string{"import", "caremap", "testdata/impact-invalid-map.yaml", "--org", "DEMO"}, db...)...)
		want, err := os.ReadFile("testdata/impact-invalid-map.txt")
		if err != nil {
			t.Fatal(err)
		}
		if code != 1 || out != "" || errOut != strings.Replace(string(want), "vigil impact:", "vigil import:", 1) {
			t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
		}
		// A good map for another organisation is refused too.
		code, _, errOut = runVigil(t, "", append([]string{"import", "caremap", demoMapFile(t), "--org", "DEMOGP"}, db...)...)
		if code != 1 || !strings.Contains(errOut, "organisation code is DEMO") {
			t.Errorf("the trust's map into the practice: exit %d, %q", code, errOut)
		}
		code, _, errOut = runVigil(t, "", append([]string{"export", "caremap", "--org", "DEMOGP"}, db...)...)
		if code != 1 || !strings.Contains(errOut, "no care map for this organisation") {
			t.Errorf("the practice's map after the refusal: exit %d, %q", code, errOut)
		}
		exported, _ := vigilOK(t, append([]string{"export", "caremap", "--org", "DEMO", "--format", "yaml"}, db...)...)
		if m, err := caremap.ParseYAML([]byte(exported)); err != nil || len(m.Services) != 14 {
			t.Errorf("the stored map changed: %v", err)
		}
	})
}

func TestImpactOnTheStoredMap(t *testing.T) {
	db := seededDatabase(t, "sqlite")
	vigilOK(t, append([]string{"import", "caremap", demoMapFile(t), "--org", "DEMO"}, db...)...)
	out, errOut := vigilOK(t, append([]string{"impact", "--org", "DEMO", "--event", "citypath-lims:unavailable:14d", "--format", "json"}, db...)...)
	golden(t, "impact-citypath.json", out) // the same answer as from the file
	if !strings.Contains(errOut, "organisation DEMO: warning: these depend on each other in a loop") {
		t.Errorf("no cycle warning: %q", errOut)
	}
	out, _ = vigilOK(t, append([]string{"impact", "critical", "--org", "DEMO"}, db...)...)
	golden(t, "impact-critical.txt", out)
}

func TestImportExportMistakes(t *testing.T) {
	db := seededDatabase(t, "sqlite")
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"import"}, 2, "vigil import caremap FILE.yaml --org CODE"},
		{[]string{"import", "people", "x.csv"}, 2, "vigil import caremap"},
		{append([]string{"import", "caremap", "--org", "DEMO"}, db...), 2, "vigil import caremap FILE.yaml"},
		{append([]string{"import", "caremap", "no-such.yaml", "--org", "DEMO"}, db...), 1, "no-such.yaml"},
		{append([]string{"import", "caremap", "x.yaml"}, db...), 2, "--org CODE"},
		{append([]string{"export", "caremap", "--org", "DEMO", "--format", "xml"}, db...), 2, `unknown --format "xml"`},
		{append([]string{"export", "caremap", "--org", "NOPE"}, db...), 1, "no organisation with code NOPE"},
		{append([]string{"export", "caremap", "--org", "DEMO"}, db...), 1, "no care map for this organisation"},
	}
	for _, tt := range tests {
		code, out, errOut := runVigil(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.says) || out != "" {
			t.Errorf("vigil %v: exit %d, stdout %q, stderr %q; want exit %d saying %q", tt.args, code, out, errOut, tt.code, tt.says)
		}
	}
}
