package format_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/vigil"
)

const wazuhMinimal = `{"timestamp":"2024-05-01T10:22:33.123+0000","rule":{"level":10,"id":"5712","description":"sshd: brute force"},"agent":{"id":"012","name":"pacs-gw-02"},"id":"1714558953.4818307","location":"/var/log/auth.log"}`

// TestEdges decodes records a real sender may produce, and records that are
// wrong, and checks what the sender would read in the answer.
func TestEdges(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		name    string
		format  alert.Format
		rec     string
		problem string                   // the whole answer for a rejected record
		check   func(alert.Alert) string // "" when the alert is right
	}{
		// Wazuh
		{name: "rule id as a number", format: alert.Wazuh,
			rec:   strings.Replace(wazuhMinimal, `"id":"5712"`, `"id":5712`, 1),
			check: func(a alert.Alert) string { return expect("rule id", a.RuleID, "5712") }},
		{name: "rule level as a string", format: alert.Wazuh,
			rec:   strings.Replace(wazuhMinimal, `"level":10`, `"level":"12"`, 1),
			check: func(a alert.Alert) string { return expect("severity", a.Severity.String(), "high") }},
		{name: "offset with a colon", format: alert.Wazuh,
			rec: strings.Replace(wazuhMinimal, "+0000", "+01:00", 1),
			check: func(a alert.Alert) string {
				return expect("occurred", a.Occurred.Format(time.RFC3339Nano), "2024-05-01T09:22:33.123Z")
			}},
		{name: "negative offset without a colon", format: alert.Wazuh,
			rec: strings.Replace(wazuhMinimal, "+0000", "-0530", 1),
			check: func(a alert.Alert) string {
				return expect("occurred", a.Occurred.Format(time.RFC3339Nano), "2024-05-01T15:52:33.123Z")
			}},
		{name: "a space for the T", format: alert.Wazuh,
			rec: strings.Replace(wazuhMinimal, "2024-05-01T10", "2024-05-01 10", 1),
			check: func(a alert.Alert) string {
				return expect("occurred", a.Occurred.Format(time.RFC3339Nano), "2024-05-01T10:22:33.123Z")
			}},
		{name: "no timestamp", format: alert.Wazuh,
			rec:   strings.Replace(wazuhMinimal, `"timestamp":"2024-05-01T10:22:33.123+0000",`, "", 1),
			check: func(a alert.Alert) string { return expect("occurred", a.Occurred.String(), received.String()) }},
		{name: "no alert id", format: alert.Wazuh,
			rec:   strings.Replace(wazuhMinimal, `,"id":"1714558953.4818307"`, "", 1),
			check: func(a alert.Alert) string { return expectPrefix("dedup key", a.DedupKey, "sha256:") }},
		{name: "unicode and escapes", format: alert.Wazuh,
			rec: strings.Replace(wazuhMinimal, "sshd: brute force", `Fichier modifi\u00e9 – 病院 🚑 \"quoted\"`, 1),
			check: func(a alert.Alert) string {
				return expect("title", a.Title, `Fichier modifié – 病院 🚑 "quoted"`)
			}},
		{name: "a huge log line and a long description", format: alert.Wazuh,
			rec: strings.Replace(strings.Replace(wazuhMinimal, `"location"`, `"full_log":"`+strings.Repeat("A", 60000)+`","location"`, 1),
				"sshd: brute force", strings.Repeat("word ", 1000), 1),
			check: func(a alert.Alert) string {
				if n := len([]rune(a.Title)); n != alert.MaxTitleRunes {
					return "title has " + strconv.Itoa(n) + " runes"
				}
				return ""
			}},
		{name: "rule level out of range", format: alert.Wazuh,
			rec:     strings.Replace(wazuhMinimal, `"level":10`, `"level":17`, 1),
			problem: "rule.level: want a whole number from 0 to 16"},
		{name: "rule level a word", format: alert.Wazuh,
			rec:     strings.Replace(wazuhMinimal, `"level":10`, `"level":"high"`, 1),
			problem: "rule.level: want a whole number from 0 to 16"},
		{name: "no rule level", format: alert.Wazuh,
			rec:     strings.Replace(wazuhMinimal, `"level":10,`, ``, 1),
			problem: "rule.level: missing; every Wazuh alert has one, from 0 to 16"},
		{name: "rule id an object, timestamp wrong", format: alert.Wazuh,
			rec:     strings.Replace(strings.Replace(wazuhMinimal, `"id":"5712"`, `"id":{"n":1}`, 1), "2024-05-01T10:22:33.123+0000", "yesterday", 1),
			problem: "rule.id: want a string or a number; timestamp: want a date and time such as 2024-05-01T10:22:33Z"},
		{name: "an id too long to trust", format: alert.Wazuh,
			rec:     strings.Replace(wazuhMinimal, "1714558953.4818307", long, 1),
			problem: "id: longer than 256 characters"},

		// JSON that is not an alert object
		{name: "invalid UTF-8", format: alert.Wazuh, rec: "{\"rule\":{\"description\":\"caf\xe9\"}}",
			problem: "not valid JSON at character 28: invalid UTF-8"},
		{name: "truncated", format: alert.Wazuh, rec: wazuhMinimal[:80],
			problem: "not valid JSON at character 81: the record ends too soon"},
		{name: "an array", format: alert.Generic, rec: `[{"title":"x","severity":"low"}]`,
			problem: "want a JSON object for each alert"},
		{name: "two objects on one line", format: alert.Generic, rec: `{"title":"x","severity":"low"} {"title":"y"}`,
			problem: "want one JSON object per record, found more after it"},
		{name: "nested too deep", format: alert.Generic, rec: `{"title":"x","severity":"low","details":` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40) + "}",
			problem: "details.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: objects and lists nest more than 32 deep"},

		// ECS
		{name: "dotted keys and one address", format: alert.ECS,
			rec: `{"event.kind":"alert","@timestamp":"2024-05-01T10:00:00Z","host.ip":"10.1.2.3","rule.name":"Port scan","event.severity":50}`,
			check: func(a alert.Alert) string {
				return expect("", a.Title+"|"+a.Severity.String()+"|"+a.Observables[0].Value, "Port scan|high|10.1.2.3")
			}},
		{name: "no severity", format: alert.ECS,
			rec:   `{"event":{"kind":"alert"},"message":"Something odd"}`,
			check: func(a alert.Alert) string { return expect("", a.Severity.String()+"|"+a.Title, "medium|Something odd") }},
		{name: "an event, not an alert", format: alert.ECS, rec: `{"event":{"kind":"event"}}`,
			problem: `event.kind: want "alert": Vigil reads alerts, not every event`},
		{name: "no event kind", format: alert.ECS, rec: `{"@timestamp":"2024-05-01T10:00:00Z"}`,
			problem: `event.kind: missing; Vigil reads ECS records with event.kind "alert"`},
		{name: "severity out of range", format: alert.ECS, rec: `{"event":{"kind":"alert","severity":150}}`,
			problem: "event.severity: want a whole number from 0 to 100"},
		{name: "unknown severity word", format: alert.ECS, rec: `{"event":{"kind":"signal"},"kibana.alert.severity":"urgent"}`,
			problem: "kibana.alert.severity: want low, medium, high or critical"},

		// OCSF
		{name: "another class", format: alert.OCSF, rec: `{"class_uid":2001,"severity_id":3,"finding_info":{"uid":"f1"}}`,
			problem: "class_uid: want 2004 (Detection Finding); Vigil reads no other OCSF class"},
		{name: "severity other, with a word", format: alert.OCSF,
			rec: `{"class_uid":2004,"severity_id":99,"severity":"Critical","finding_info":{"uid":"f1","title":"t"}}`,
			check: func(a alert.Alert) string {
				return expect("", a.Severity.String()+"|"+a.DedupKey, "critical|id:f1")
			}},
		{name: "severity unknown", format: alert.OCSF, rec: `{"class_uid":2004,"severity_id":0,"finding_info":{"title":"t"}}`,
			check: func(a alert.Alert) string { return expect("severity", a.Severity.String(), "medium") }},
		{name: "wrong severity and time", format: alert.OCSF,
			rec:     `{"class_uid":2004,"severity_id":7,"time":"today","finding_info":{"uid":"f1"}}`,
			problem: "severity_id: want a whole number from 0 to 6, or 99; time: want milliseconds since 1970 as a whole number"},
		{name: "no finding", format: alert.OCSF, rec: `{"class_uid":2004,"severity_id":3}`,
			problem: "finding_info: missing; want at least its uid or title"},

		// generic
		{name: "the least a webhook can send", format: alert.Generic, rec: `{"title":"Suspicious sign-in","severity":"low"}`,
			check: func(a alert.Alert) string {
				return expect("", a.Source.Tool+"|"+a.Severity.String()+"|"+a.Title, "webhook|low|Suspicious sign-in")
			}},
		{name: "a blank title", format: alert.Generic, rec: `{"title":" \t ","severity":"low"}`,
			problem: "title: missing; say in a few words what was detected"},
		{name: "nothing required", format: alert.Generic, rec: `{"details":{"a":1}}`,
			problem: "severity: missing; want info, low, medium, high or critical; title: missing; say in a few words what was detected"},
		{name: "bad lists", format: alert.Generic,
			rec:     `{"title":"x","severity":"urgent","ips":["10.1.2.3","10.1.2"],"techniques":["Brute force"],"file_hashes":["abc"]}`,
			problem: `file_hashes: "abc" is not an MD5, SHA-1, SHA-256 or SHA-512 hash in hex; ips: "10.1.2" is not an IP address such as 10.1.2.3; severity: want info, low, medium, high or critical; techniques: "Brute force" is not a MITRE ATT&CK technique id such as T1110 or T1059.001`},
		{name: "nulls mean left out", format: alert.Generic, rec: `{"title":"x","severity":"info","id":null,"time":null,"ips":null}`,
			check: func(a alert.Alert) string { return expectPrefix("dedup key", a.DedupKey, "sha256:") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := format.NewDecoder().Decode(tc.format, []byte(tc.rec), received)
			if tc.problem != "" {
				if err == nil {
					t.Fatalf("accepted; want %q", tc.problem)
				}
				if vigil.CodeOf(err) != vigil.Invalid {
					t.Errorf("error code %q, want invalid", vigil.CodeOf(err))
				}
				if got := alert.Problem(err); got != tc.problem {
					t.Errorf("problem =\n%s\nwant\n%s", got, tc.problem)
				}
				return
			}
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if msg := tc.check(a); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func expect(what, got, want string) string {
	if got != want {
		return what + " = " + got + ", want " + want
	}
	return ""
}

func expectPrefix(what, got, prefix string) string {
	if !strings.HasPrefix(got, prefix) {
		return what + " = " + got + ", want it to start " + prefix
	}
	return ""
}
