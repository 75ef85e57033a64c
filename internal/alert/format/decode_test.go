package format_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
)

var received = time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC)

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// want is what a person triaging the alert would read from the sample by eye.
type want struct {
	format      alert.Format
	tool        string
	sourceID    string
	dedupKey    string // "" means "id:" + sourceID
	occurred    string
	severity    alert.Severity
	severityRaw string
	ruleID      string
	title       string
	category    string
	techniques  []string
	observables []string // "kind=value", in any order; the alert may hold more
	absent      []string // "kind=value" that must not be there
}

func TestSamples(t *testing.T) {
	for name, w := range map[string]want{
		"wazuh-sshd.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714558953.4818307",
			occurred: "2024-05-01T10:22:33.123Z", severity: alert.Medium, severityRaw: "10", ruleID: "5712",
			title:      "sshd: brute force trying to get access to the system. Non existent user.",
			category:   "syslog, sshd, authentication_failures",
			techniques: []string{"T1110"},
			observables: []string{"agent-id=012", "agent-name=pacs-gw-02", "ip=10.20.4.17", "hostname=pacs-gw-02",
				"ip=198.51.100.23", "user=admin"},
		},
		"wazuh-windows-logon.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714616047.9120455",
			occurred: "2024-05-02T02:14:07.552Z", severity: alert.Low, severityRaw: "5", ruleID: "60122",
			title: "Logon failure - Unknown user or bad password.", techniques: []string{"T1078", "T1531"},
			observables: []string{"agent-name=ward-pc-114", "hostname=ward-pc-114.riverside.nhs.local",
				"hostname=ward-pc-114", "ip=10.40.12.201", "user=agency.nurse3"},
			absent: []string{"user=-"},
		},
		"wazuh-syscheck.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714776069.13371",
			occurred: "2024-05-03T22:41:09.004Z", severity: alert.Medium, severityRaw: "7", ruleID: "550",
			title: "Integrity checksum changed.", techniques: []string{"T1565.001"},
			observables: []string{"agent-name=lims-db-01", "user=root",
				"file-hash=c9bef63aaaff383a861c8aa05e96bcf9",
				"file-hash=b44d9afd6116ad630d34d2069baeb5d32c5db9a5c5d6904f1104b9db3e08bee4"},
		},
		"wazuh-virustotal.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714809951.20449812",
			occurred: "2024-05-04T08:05:51.77Z", severity: alert.High, severityRaw: "12", ruleID: "87105",
			title:       "VirusTotal: Alert - /home/radiology/Downloads/dicom-viewer-setup.exe - 41 engines detected this file",
			observables: []string{"agent-name=rad-ws-09", "file-hash=39478f75dbac1782d7c7c9d68b442d863d108120"},
		},
		"wazuh-ransomware-rule-id-number.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714885198.33310044",
			occurred: "2024-05-05T04:59:58.001Z", severity: alert.Critical, severityRaw: "15", ruleID: "100210",
			title:       "Possible ransomware: more than 200 files renamed with one extension in a minute",
			category:    "local, ransomware, syscheck",
			observables: []string{"agent-name=fileserver-02", `user=RIVERSIDE\svc-backup`},
		},
		"wazuh-integrator.json": {
			format: alert.Wazuh, tool: "Wazuh", sourceID: "1714558953.4818307",
			occurred: "2024-05-01T10:22:33.123Z", severity: alert.Medium, severityRaw: "10", ruleID: "5712",
			title:       "sshd: brute force trying to get access to the system. Non existent user.",
			observables: []string{"agent-name=pacs-gw-02", "ip=198.51.100.23"},
		},
		"ecs-suricata.json": {
			format: alert.ECS, tool: "OISF Suricata", sourceID: "1198243411244351-2024897",
			occurred: "2024-05-01T09:15:42.118Z", severity: alert.Low, severityRaw: "3", ruleID: "2024897",
			title: "ET USER_AGENTS Go HTTP Client User-Agent", category: "Potentially Bad Traffic",
			observables: []string{"ip=10.30.2.55", "ip=203.0.113.80", "hostname=update-check.example",
				"hostname=ids-core-01", "agent-name=ids-core-01"},
		},
		"ecs-elastic-security.json": {
			format: alert.ECS, tool: "Elastic Security",
			sourceID: "7c1d0f0e9a7b4c2e8f5a3b6d9e2f1a4c5b8d7e6f0a1b2c3d4e5f6a7b8c9d0e1f",
			occurred: "2024-05-02T14:02:58.41Z", severity: alert.High, severityRaw: "high",
			ruleID:     "9960432d-9b26-409f-972b-839a959e79e2",
			title:      "Potential Credential Access via LSASS Memory Dump",
			category:   "process",
			techniques: []string{"T1003", "T1003.001"},
			observables: []string{"hostname=theatre-ws-07", "ip=10.50.3.17", "ip=fe80::4d2c:1a9b:7e11:3f02",
				"user=j.okafor", "agent-name=theatre-ws-07",
				"file-hash=53fbfad09cef5d5010c8bf03314c0e1dbac5b6f974465f6da0e41a1909da35f4"},
		},
		"ocsf-detection-finding.json": {
			format: alert.OCSF, tool: "Microsoft Defender for Endpoint", sourceID: "da638502480001234567_-1872345611",
			dedupKey: "id:b7e2c8d4-6f1a-4e0b-9c3d-2a5f8e7d6c4b",
			occurred: "2024-05-02T12:00:00Z", severity: alert.High, severityRaw: "4 High",
			ruleID: "WindowsDefenderAtp-Ransomware", title: "Ransomware behaviour detected in the file system",
			category: "Ransomware", techniques: []string{"T1486"},
			observables: []string{"hostname=radiology-ws-03.riverside.nhs.local", "hostname=radiology-ws-03",
				"ip=10.60.1.23", `user=RIVERSIDE\m.patel`, "ip=198.51.100.77", "agent-name=mssense",
				"file-hash=d64ad8b0251c0052437858d24478fdf74012e29797d341bdd5c46bcebe787ad1"},
			absent: []string{"file-hash=invoice_5521.exe"},
		},
		"generic-sentinel.json": {
			format: alert.Generic, tool: "Microsoft Sentinel", sourceID: "sentinel-incident-4711",
			occurred: "2024-05-02T21:07:45Z", severity: alert.High, severityRaw: "High",
			ruleID: "b5153fb3-ada9-4ce4-9131-79c2efc8c2b9", title: "Many failed sign-ins, then a success, for a pharmacy account",
			category: "CredentialAccess", techniques: []string{"T1110", "T1078.004"},
			observables: []string{"hostname=pharm-pc-02", "ip=203.0.113.19", "user=pharmacy.tech@riverside.nhs.uk",
				"url=https://portal.azure.com/#view/Microsoft_Azure_Security_Insights/IncidentPage"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			raw := readSample(t, name)
			d := format.NewDecoder()
			f, err := d.Detect(raw)
			if err != nil || f != w.format {
				t.Fatalf("Detect = %q, %v; want %q", f, err, w.format)
			}
			a, err := d.Decode(f, raw, received)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			check(t, a, w)
			if string(a.Raw) != string(raw) {
				t.Error("the raw record kept as evidence differs from the record")
			}
		})
	}
}

func check(t *testing.T, a alert.Alert, w want) {
	t.Helper()
	if w.dedupKey == "" {
		w.dedupKey = "id:" + w.sourceID
	}
	for _, f := range []struct{ name, got, want string }{
		{"format", string(a.Source.Format), string(w.format)},
		{"tool", a.Source.Tool, w.tool},
		{"source id", a.SourceID, w.sourceID},
		{"dedup key", a.DedupKey, w.dedupKey},
		{"occurred", a.Occurred.Format(time.RFC3339Nano), w.occurred},
		{"severity", a.Severity.String(), w.severity.String()},
		{"raw severity", a.SeverityRaw, w.severityRaw},
		{"rule id", a.RuleID, w.ruleID},
		{"title", a.Title, w.title},
	} {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if w.category != "" && a.Category != w.category {
		t.Errorf("category = %q, want %q", a.Category, w.category)
	}
	if w.techniques != nil && !slices.Equal(a.Techniques, w.techniques) {
		t.Errorf("techniques = %v, want %v", a.Techniques, w.techniques)
	}
	if !a.Received.Equal(received) {
		t.Errorf("received = %v", a.Received)
	}
	have := map[string]bool{}
	for _, o := range a.Observables {
		have[string(o.Kind)+"="+o.Value] = true
		if o.Field == "" {
			t.Errorf("observable %v does not say where it came from", o)
		}
	}
	for _, o := range w.observables {
		if !have[o] {
			t.Errorf("observable %s missing; have %v", o, a.Observables)
		}
	}
	for _, o := range w.absent {
		if have[o] {
			t.Errorf("observable %s should not be there", o)
		}
	}
}

func TestDetect(t *testing.T) {
	d := format.NewDecoder()
	for _, tc := range []struct {
		rec  string
		want alert.Format
	}{
		{`{"class_uid": 2001, "title": "x", "severity": "low"}`, alert.OCSF},
		{`{"rule": {"level": 3, "id": "1"}, "location": "/var/log/secure"}`, alert.Wazuh},
		{`{"all_fields": {"rule": {"level": 3}}}`, alert.Wazuh},
		{`{"event.kind": "alert"}`, alert.ECS},
		{`{"@timestamp": "2024-05-01T00:00:00Z", "rule": {"level": 3}}`, alert.ECS},
		{`{"kibana.alert.rule.name": "x"}`, alert.ECS},
		{`{"title": "x", "severity": "low"}`, alert.Generic},
	} {
		if got, err := d.Detect([]byte(tc.rec)); got != tc.want || err != nil {
			t.Errorf("Detect(%s) = %q, %v; want %q", tc.rec, got, err, tc.want)
		}
	}
	for _, rec := range []string{`{"title": "x"}`, `{}`, `[1]`, `{"a":`} {
		if got, err := format.Detect([]byte(rec)); err == nil {
			t.Errorf("Detect(%s) = %q, want an error", rec, got)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]alert.Format{"wazuh": alert.Wazuh, " ECS ": alert.ECS, "ocsf": alert.OCSF, "Generic": alert.Generic} {
		if got, err := format.Parse(in); got != want || err != nil {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"cef", "splunk", ""} {
		if _, err := format.Parse(in); err == nil || !strings.Contains(err.Error(), "want wazuh, ecs, ocsf or generic") {
			t.Errorf("Parse(%q) = %v, want a refusal that lists the formats", in, err)
		}
	}
}
