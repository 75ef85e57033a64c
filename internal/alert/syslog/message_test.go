package syslog_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/vigil"
)

var received = time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC)

// sample returns a testdata message without its line end.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b, []byte("\n"))
}

func TestParseSamples(t *testing.T) {
	for name, w := range map[string]struct {
		format                                alert.Format
		tool, sourceID, occurred, title, rule string
		severity                              alert.Severity
		raw                                   string
		hashKey                               bool
		techniques                            []string
		observables                           []string
	}{
		"cef-paloalto-threat.log": {format: alert.CEF, tool: "Palo Alto Networks PAN-OS", sourceID: "7356001234",
			occurred: "2024-05-01T09:22:33Z", title: "THREAT", rule: "spyware", severity: alert.High, raw: "8", hashKey: true,
			observables: []string{"ip=10.40.7.44", "ip=192.0.2.200", "ip=203.0.113.5", `user=riverside\ed.clerk`,
				"hostname=ed-triage-04", "hostname=pa-fw-01", "hostname=pa-fw-01.riverside.nhs.local",
				"url=update-check.example/beacon?id=77&s=1"}},
		"cef-defender-identity.log": {format: alert.CEF, tool: "Microsoft Azure ATP", sourceID: "2006",
			occurred: "2024-05-02T03:09:44.519Z", title: "Suspected DCSync attack (replication of directory services)",
			rule: "DirectoryServicesReplicationSecurityAlert", severity: alert.Critical, raw: "10", hashKey: true,
			techniques:  []string{"T1003.006", "T1003"},
			observables: []string{"hostname=pharm-srv-02", "user=svc-sql2", "hostname=mdi-sensor-01"}},
		"cef-fortigate-bsd.log": {format: alert.CEF, tool: "Fortinet FortiGate", sourceID: "212881",
			occurred: "2024-05-05T12:00:00Z", title: "utm:ips signature", rule: "16384", severity: alert.High, raw: "7", hashKey: true,
			observables: []string{"ip=10.40.7.44", "ip=192.0.2.200", "hostname=fgt-edge-01",
				"file-hash=d64ad8b0251c0052437858d24478fdf74012e29797d341bdd5c46bcebe787ad1"}},
		"json-wazuh.log": {format: alert.Wazuh, tool: "Wazuh", sourceID: "1714558953.4818307",
			occurred: "2024-05-01T10:22:33.123Z", title: "sshd: brute force trying to get access to the system. Non existent user.",
			rule: "5712", severity: alert.Medium, raw: "10", techniques: []string{"T1110"},
			observables: []string{"agent-name=pacs-gw-02", "ip=198.51.100.23"}},
		"json-generic-sd.log": {format: alert.Generic, tool: "webhook",
			occurred: "2024-05-01T22:14:15Z", title: "Bulk export of studies by a service account", severity: alert.High, raw: "high",
			hashKey: true, observables: []string{"hostname=pacs-01.riverside.nhs.local", "user=svc-export"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := syslog.NewParser("", "edge-syslog")
			frame := sample(t, name)
			a, err := p.Parse(frame, received)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if bad := alerttest.Check(a); bad != nil {
				t.Errorf("broken promises: %v", bad)
			}
			for _, f := range []struct{ what, got, want string }{
				{"format", string(a.Source.Format), string(w.format)},
				{"tool", a.Source.Tool, w.tool},
				{"source name", a.Source.Name, "edge-syslog"},
				{"source id", a.SourceID, w.sourceID},
				{"occurred", a.Occurred.Format(time.RFC3339Nano), w.occurred},
				{"title", a.Title, w.title},
				{"rule", a.RuleID, w.rule},
				{"severity", a.Severity.String(), w.severity.String()},
				{"raw severity", a.SeverityRaw, w.raw},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.what, f.got, f.want)
				}
			}
			if got := strings.HasPrefix(a.DedupKey, "sha256:"); got != w.hashKey {
				t.Errorf("dedup key %q: hashed %v, want %v", a.DedupKey, got, w.hashKey)
			}
			if w.techniques != nil && !slices.Equal(a.Techniques, w.techniques) {
				t.Errorf("techniques = %v, want %v", a.Techniques, w.techniques)
			}
			have := map[string]bool{}
			for _, o := range a.Observables {
				have[string(o.Kind)+"="+o.Value] = true
			}
			for _, o := range w.observables {
				if !have[o] {
					t.Errorf("observable %s missing; have %v", o, a.Observables)
				}
			}
			if a.Source.Format == alert.CEF && !bytes.Equal(a.Raw, frame) {
				t.Error("a CEF alert should keep the whole syslog message as evidence")
			}
			again, _ := p.Parse(bytes.Clone(frame), received.Add(time.Minute))
			if a.Occurred != received && again.DedupKey != a.DedupKey {
				t.Error("the same message sent again has another dedup key")
			}
		})
	}
}

// TestCEFKeysAreNotTheExternalID: Defender for Identity writes the kind of alert
// in externalId, so two different DCSync alerts must stay two alerts.
func TestCEFKeysAreNotTheExternalID(t *testing.T) {
	p := syslog.NewParser("", "")
	frame := sample(t, "cef-defender-identity.log")
	a, _ := p.Parse(frame, received)
	other := bytes.Replace(frame, []byte("PHARM-SRV-02"), []byte("WARD-PC-114"), -1)
	b, err := p.Parse(other, received)
	if err != nil {
		t.Fatal(err)
	}
	if a.SourceID != b.SourceID || a.DedupKey == b.DedupKey {
		t.Errorf("two alerts with externalId %s share the dedup key %s", a.SourceID, a.DedupKey)
	}
}

func TestParseRefusals(t *testing.T) {
	for _, tc := range []struct{ name, frame, problem string }{
		{"plain text", "<13>1 2024-05-01T10:00:00Z host app - - - Disk nearly full",
			"The syslog message holds neither a CEF event nor a JSON alert, the two forms Vigil reads from syslog."},
		{"no PRI", "hello", "PRI: want the message to start with <PRI>, such as <134>"},
		{"PRI too big", "<192>1 - - - - - -", "PRI: want a number from 0 to 191 between < and >"},
		{"bad time", "<13>1 2024-13-01T10:00:00Z host app - - - CEF:0|a|b|1|x|y|5|",
			"timestamp: want a time such as 2024-05-01T10:22:33.123Z, or -"},
		{"short CEF header", "<13>1 - host app - - - CEF:0|Vendor|Product|1.0|sig|name",
			"CEF header: want 7 fields separated by |, found 6"},
		{"CEF severity", "<13>1 - host app - - - CEF:0|Vendor|Product|1.0|sig|name|11|src=10.0.0.1",
			"CEF severity: want 0 to 10, or Low, Medium, High or Very-High"},
		{"CEF time", "<13>1 - host app - - - CEF:0|Vendor|Product|1.0|sig|name|5|rt=May 01 2024 09:22:33 EST",
			"CEF rt: want milliseconds since 1970, or a time such as May 01 2024 10:22:33 UTC"},
		{"JSON alert with a bad field", `<13>1 - host app - - - {"title":"x","severity":"urgent"}`,
			"severity: want info, low, medium, high or critical"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := syslog.NewParser("", "").Parse([]byte(tc.frame), received)
			if err == nil {
				t.Fatal("accepted")
			}
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Errorf("code %s, want invalid", vigil.CodeOf(err))
			}
			if got := alert.Problem(err); got != tc.problem {
				t.Errorf("problem =\n%s\nwant\n%s", got, tc.problem)
			}
		})
	}
}

func TestParseNamedJSONFormat(t *testing.T) {
	frame := []byte(`<13>1 - host app - - - {"title":"x","severity":"low"}`)
	if _, err := syslog.NewParser(alert.Wazuh, "").Parse(frame, received); err == nil ||
		!strings.Contains(alert.Problem(err), "rule.level: missing") {
		t.Errorf("a generic alert read as Wazuh: %v", err)
	}
}
