package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	vulnData     = "../../internal/vuln/testdata/"
	advisoryData = "../../internal/vuln/advisory/testdata/"
)

func TestVulnSSVC(t *testing.T) {
	code, out, errOut := runVigil(t, "", "vuln", "ssvc", "--exploitation", "active", "--exposure", "open", "--automatable", "no",
		"--safety", "catastrophic", "--mission", "degraded")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "vuln-ssvc.txt", out)

	tests := []struct {
		args     []string
		priority string
		human    string
	}{
		{[]string{"none", "small", "no", "negligible", "degraded"}, "defer", "low"},
		{[]string{"public-poc", "controlled", "yes", "critical", "mef-support-crippled"}, "scheduled", "high"},
		{[]string{"public-poc", "open", "yes", "marginal", "mission-failure"}, "out-of-cycle", "very-high"},
		{[]string{"active", "controlled", "yes", "catastrophic", "degraded"}, "out-of-cycle", "very-high"},
		{[]string{"active", "open", "yes", "critical", "mef-failure"}, "immediate", "high"},
	}
	for _, tt := range tests {
		code, out, errOut := runVigil(t, "", "vuln", "ssvc", "--format", "json", "--exploitation", tt.args[0], "--exposure", tt.args[1],
			"--automatable", tt.args[2], "--safety", tt.args[3], "--mission", tt.args[4])
		var d struct {
			Priority    string            `json:"priority"`
			HumanImpact string            `json:"human_impact"`
			Inputs      map[string]string `json:"inputs"`
		}
		if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 {
			t.Fatalf("%v: exit %d %v %s", tt.args, code, err, errOut)
		}
		if d.Priority != tt.priority || d.HumanImpact != tt.human || d.Inputs["safety_impact"] != tt.args[3] || d.Inputs["exposure"] != tt.args[1] {
			t.Errorf("%v: %+v", tt.args, d)
		}
	}
}

func TestVulnSSVCMistakes(t *testing.T) {
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"--exploitation", "maybe"}, `unknown exploitation "maybe"`},
		{[]string{"--exploitation", "none"}, "give --exposure"},
		{[]string{"--exploitation", "none", "--exposure", "internet", "--automatable", "no", "--safety", "negligible", "--mission", "degraded"},
			`unknown exposure "internet"; use small, controlled, open`},
		{[]string{"--format", "xml", "--exploitation", "none", "--exposure", "open", "--automatable", "no", "--safety", "negligible", "--mission", "degraded"}, `unknown --format "xml"`},
	} {
		code, out, errOut := runVigil(t, "", append([]string{"vuln", "ssvc"}, tt.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.says) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q on one line", tt.args, code, out, errOut, tt.says)
		}
	}
	if code, _, errOut := runVigil(t, "", "vuln"); code != 2 || !strings.Contains(errOut, "ssvc, match, generate or import") {
		t.Errorf("no subcommand: %d %q", code, errOut)
	}
}

// vulnFindings runs vuln match with --format json and decodes what a script would read.
type vulnFinding struct {
	Advisory  string   `json:"advisory"`
	Aliases   []string `json:"aliases"`
	Component struct {
		Name, Version, PURL string
	} `json:"component"`
	Match struct {
		Method, Range, Confidence string
		NeedsReview               bool `json:"needs_review"`
	} `json:"match"`
	KEV  *struct{ CVE string } `json:"kev"`
	EPSS *struct {
		Probability float64 `json:"probability"`
	} `json:"epss"`
	CVSS *struct {
		Score float64 `json:"score"`
	} `json:"cvss"`
	Status   string `json:"status"`
	VEX      *struct{ Justification string }
	Decision struct {
		Priority string `json:"priority"`
		Inputs   struct {
			Exploitation string   `json:"exploitation"`
			Exposure     string   `json:"exposure"`
			Safety       string   `json:"safety_impact"`
			Mission      string   `json:"mission_impact"`
			Assumed      []string `json:"assumed"`
			Why          struct {
				Automatable string `json:"automatable"`
				Safety      string `json:"safety_impact"`
			} `json:"why"`
		} `json:"inputs"`
	} `json:"decision"`
}

func vulnMatchJSON(t *testing.T, args ...string) []vulnFinding {
	t.Helper()
	code, out, errOut := runVigil(t, "", append([]string{"vuln", "match", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct{ Findings []vulnFinding }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	return got.Findings
}

// TestVulnMatchDevice matches the medical device of the test care map: by CPE, with the
// care map's answers for exposure, safety and mission impact, and EPSS shown as evidence.
func TestVulnMatchDevice(t *testing.T) {
	args := []string{"--map", "testdata/vuln-ward.yaml", "--asset", "pump-gateway", "--advisories", advisoryData + "cve5/CVE-2022-42905.json",
		"--kev", advisoryData + "kev/known_exploited_vulnerabilities.json", "--epss", advisoryData + "epss_scores-sample.csv"}
	code, out, errOut := runVigil(t, "", append([]string{"vuln", "match"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "vuln-match-device.txt", out)
	if !strings.Contains(errOut, "warning: components[0] (Qualcomm Atheros QCA9563): it has no version") {
		t.Errorf("identity problems are not reported: %q", errOut)
	}
	fs := vulnMatchJSON(t, args...)
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	f := fs[0]
	in := f.Decision.Inputs
	if f.Advisory != "CVE-2022-42905" || f.Component.Name != "WolfSSL" || f.Match.Method != "cpe" || f.Match.Confidence != "medium" ||
		f.EPSS == nil || f.CVSS.Score != 9.1 || f.KEV != nil {
		t.Errorf("finding %+v", f)
	}
	// The CVE record's CISA-ADP block gives exploitation and automatable; the care map the rest.
	if in.Exploitation != "public-poc" || in.Exposure != "small" || in.Safety != "catastrophic" || in.Mission != "mef-failure" ||
		len(in.Assumed) != 0 || !strings.Contains(in.Why.Automatable, "CISA-ADP") || !strings.Contains(in.Why.Safety, "Intensive care") {
		t.Errorf("inputs %+v", in)
	}
}

// TestVulnMatchVEX shows a VEX statement clearing a finding, and KEV making another urgent.
func TestVulnMatchVEX(t *testing.T) {
	base := []string{"--sbom", "testdata/vuln-abc.cdx.json", "--advisories", advisoryData + "cve5/CVE-2021-44228.json",
		"--kev", advisoryData + "kev/known_exploited_vulnerabilities.csv"}
	fs := vulnMatchJSON(t, base...)
	if len(fs) != 1 || fs[0].Status != "affected" || fs[0].KEV == nil || fs[0].Decision.Priority != "immediate" ||
		fs[0].Component.Name != "org.apache.logging.log4j:log4j-core" || fs[0].Match.Confidence != "high" {
		t.Fatalf("without VEX: %+v", fs)
	}
	code, out, errOut := runVigil(t, "", append([]string{"vuln", "match"}, append(base, "--advisories", advisoryData+"vex/case1-not-affected.json")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "vuln-match-vex.txt", out)
	fs = vulnMatchJSON(t, append(base, "--advisories", advisoryData+"vex/case1-not-affected.json")...)
	if fs[0].Status != "not_affected" || fs[0].VEX == nil || fs[0].VEX.Justification != "code_not_present" {
		t.Errorf("with VEX: %+v", fs[0])
	}
}

// TestVulnMatchZip matches juice-shop against a generated OSV zip laid out like osv.dev's.
func TestVulnMatchZip(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "all.zip")
	code, out, errOut := runVigil(t, "", "vuln", "generate", "--records", "5000", "--seed", "3", "--sbom", vulnData+"juice-shop.cdx.json")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	if err := os.WriteFile(zipPath, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := vulnMatchJSON(t, "--sbom", vulnData+"juice-shop.cdx.json", "--advisories", zipPath)
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range fs {
		if f.Match.Method != "purl" || f.Match.Range == "" || f.Match.NeedsReview || f.Decision.Priority == "" ||
			!strings.HasPrefix(f.Component.PURL, "pkg:npm/") || len(f.Decision.Inputs.Assumed) != 4 {
			t.Fatalf("finding %+v", f)
		}
	}
	code, table, _ := runVigil(t, "", "vuln", "match", "--sbom", vulnData+"juice-shop.cdx.json", "--advisories", zipPath)
	if code != 0 || !strings.Contains(table, "1115 components, "+itoaInt(len(fs))+" findings") || !strings.Contains(table, "Give --map and --asset to rank these by clinical risk") {
		t.Errorf("table header: %q", strings.SplitN(table, "\n", 3)[:2])
	}
}

func itoaInt(n int) string { return strconv.Itoa(n) }

func TestVulnMatchMistakes(t *testing.T) {
	cut := filepath.Join(t.TempDir(), "cut.cdx.json")
	juice, _ := os.ReadFile(vulnData + "juice-shop.cdx.json")
	os.WriteFile(cut, juice[:len(juice)/3], 0o600)
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{}, 2, "give the inventory with --sbom FILE"},
		{[]string{"--sbom", "x.json", "--map", "testdata/vuln-ward.yaml"}, 2, "give --map and --asset together"},
		{[]string{"--sbom", "no-such.json"}, 1, "no-such.json"},
		{[]string{"--sbom", cut}, 1, "cut.cdx.json cannot be read; line "},
		{[]string{"--map", "testdata/vuln-ward.yaml", "--asset", "kettle"}, 1, `no asset with the id "kettle"`},
		{[]string{"--sbom", "testdata/vuln-abc.cdx.json", "--advisories", "no-such-dir"}, 1, "no-such-dir"},
		{[]string{"--sbom", "testdata/vuln-abc.cdx.json", "--kev", "testdata/vuln-abc.cdx.json"}, 1, "not the KEV catalogue"},
		{[]string{"--sbom", "testdata/vuln-abc.cdx.json", "extra"}, 2, `unexpected "extra"`},
	}
	for _, tt := range tests {
		code, out, errOut := runVigil(t, "", append([]string{"vuln", "match"}, tt.args...)...)
		if code != tt.code || out != "" || !strings.Contains(errOut, tt.says) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d saying %q on one line", tt.args, code, out, errOut, tt.code, tt.says)
		}
	}
}

func TestVulnGenerate(t *testing.T) {
	_, a, _ := runVigil(t, "", "vuln", "generate", "--records", "200", "--seed", "5")
	_, b, _ := runVigil(t, "", "vuln", "generate", "--records", "200", "--seed", "5")
	_, c, _ := runVigil(t, "", "vuln", "generate", "--records", "200", "--seed", "6")
	if a == "" || a != b || a == c || !bytes.HasPrefix([]byte(a), []byte("PK")) {
		t.Error("generate is not a zip determined by its seed")
	}
	if code, _, errOut := runVigil(t, "", "vuln", "generate", "--records", "0"); code != 2 || !strings.Contains(errOut, "--records must be between 1 and") {
		t.Errorf("no records: %d %q", code, errOut)
	}
}
