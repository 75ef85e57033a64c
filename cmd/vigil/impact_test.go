package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
)

// updateGolden rewrites the golden files under testdata: go test ./cmd/vigil -run Impact -update
var updateGolden = flag.Bool("update", false, "rewrite golden files in testdata")

// demoMapFile writes the demo map to a temporary file and returns its path.
func demoMapFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.yaml")
	if err := os.WriteFile(path, demomap.YAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}

func TestImpactTable(t *testing.T) {
	demo := demoMapFile(t)
	code, out, errOut := runVigil(t, "", "impact", "--map", demo, "--event", "citypath-lims:unavailable:14d")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "impact-citypath.txt", out)
	if !strings.Contains(errOut, "warning: these depend on each other in a loop: dns, active-directory") {
		t.Errorf("no cycle warning: %q", errOut)
	}
}

func TestImpactJSON(t *testing.T) {
	demo := demoMapFile(t)
	code, out, errOut := runVigil(t, "", "impact", "--map", demo, "--event", "citypath-lims:unavailable:14d", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "impact-citypath.json", out)
	var got struct {
		Services []map[string]any `json:"services"`
		Assets   []map[string]any `json:"assets"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "name", "state", "untrustworthy", "consequence", "likelihood", "risk",
		"patients_affected", "via", "downtime_procedure", "safe_for"} {
		if _, ok := got.Services[0][key]; !ok {
			t.Errorf("service has no %q: %v", key, got.Services[0])
		}
	}
	first := got.Services[0]
	if first["id"] != "blood-transfusion" || first["state"] != "lost" || first["risk"] != 5.0 || first["safe_for"] != "12h" {
		t.Errorf("first service = %v", first)
	}
	if a := got.Assets[0]; a["id"] == nil || a["state"] != "lost" {
		t.Errorf("first asset = %v", a)
	}
}

func TestImpactSimultaneousEvents(t *testing.T) {
	demo := demoMapFile(t)
	code, out, errOut := runVigil(t, "", "impact", "--map", demo, "--format", "json",
		"--event", "epr:unavailable:2h", "--event", "wifi:degraded:14d", "--event", "epr-db:integrity")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Events   []map[string]any `json:"events"`
		Services []struct {
			ID            string `json:"id"`
			State         string `json:"state"`
			Untrustworthy bool   `json:"untrustworthy"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 3 {
		t.Errorf("events = %v", got.Events)
	}
	for _, s := range got.Services {
		if s.ID == "ed" && (s.State != "lost" || !s.Untrustworthy) {
			t.Errorf("ed = %+v, want lost and untrustworthy", s)
		}
	}
}

func TestImpactCritical(t *testing.T) {
	demo := demoMapFile(t)
	code, out, errOut := runVigil(t, "", "impact", "critical", "--map", demo)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "impact-critical.txt", out)

	code, out, _ = runVigil(t, "", "impact", "critical", "--map", demo, "--format", "json")
	var got struct {
		Assets []struct {
			ID   string `json:"id"`
			Loss struct {
				Risk     int `json:"risk"`
				Services []struct {
					ID string `json:"id"`
				} `json:"services"`
			} `json:"loss"`
			Corruption struct {
				Risk int `json:"risk"`
			} `json:"corruption"`
		} `json:"assets"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatal(code, err)
	}
	if got.Assets[0].ID != "core-network" || got.Assets[0].Loss.Risk != 5 || len(got.Assets[0].Loss.Services) == 0 {
		t.Errorf("first asset = %+v", got.Assets[0])
	}
}

func TestImpactGenerate(t *testing.T) {
	code, out, errOut := runVigil(t, "", "impact", "generate", "--nodes", "30", "--seed", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "impact-generate.yaml", out)
	m, err := caremap.ParseYAML([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.Services) + len(m.Assets) + len(m.Suppliers); n != 30 {
		t.Errorf("%d nodes, want 30", n)
	}
	_, again, _ := runVigil(t, "", "impact", "generate", "--nodes", "30", "--seed", "7")
	_, other, _ := runVigil(t, "", "impact", "generate", "--nodes", "30", "--seed", "8")
	if again != out || other == out {
		t.Error("generate is not deterministic by seed")
	}
}

func TestImpactInvalidMapListsEveryProblem(t *testing.T) {
	code, out, errOut := runVigil(t, "", "impact", "--map", "testdata/impact-invalid-map.yaml", "--event", "epr:unavailable")
	if code != 1 || out != "" {
		t.Errorf("exit %d, output %q", code, out)
	}
	golden(t, "impact-invalid-map.txt", errOut)
}

func TestImpactMistakes(t *testing.T) {
	demo := demoMapFile(t)
	data := t.TempDir()
	if code, _, errOut := runVigil(t, "", "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"unknown mode", []string{"--map", demo, "--event", "epr:down"}, 2, `unknown mode "down"`},
		{"bad duration", []string{"--map", demo, "--event", "epr:unavailable:4days"}, 2, `bad duration "4days"`},
		{"unknown target", []string{"--map", demo, "--event", "epr-typo:unavailable"}, 1, `"epr-typo"`},
		{"no event", []string{"--map", demo}, 2, "at least one --event"},
		{"no map", []string{"--event", "epr:unavailable"}, 2, "--map FILE"},
		{"stored map, no such organisation", []string{"--org", "NOPE", "--data", data, "--event", "epr:unavailable"}, 1, "no organisation with code NOPE"},
		{"stored map, no database", []string{"--org", "DEMO", "--data", t.TempDir(), "--event", "epr:unavailable"}, 1, "no Vigil database"},
		{"both", []string{"--org", "DEMO", "--map", demo, "--event", "epr:unavailable"}, 2, "not both"},
		{"bad format", []string{"--map", demo, "--event", "epr:unavailable", "--format", "xml"}, 2, `unknown --format "xml"`},
		{"missing file", []string{"--map", "no-such-file.yaml", "--event", "epr:unavailable"}, 1, "no-such-file.yaml"},
		{"stray argument", []string{"--map", demo, "--event", "epr:unavailable", "extra"}, 2, `unexpected "extra"`},
		{"critical, no such organisation", []string{"critical", "--org", "NOPE", "--data", data}, 1, "no organisation with code NOPE"},
		{"generate too small", []string{"generate", "--nodes", "3"}, 2, "--nodes must be between"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runVigil(t, "", append([]string{"impact"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.says) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d saying %q", code, out, errOut, tt.code, tt.says)
			}
		})
	}
}
