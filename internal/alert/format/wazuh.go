package format

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// WazuhSeverity maps a Wazuh rule level (0–16) to Vigil's scale. The bands follow
// Wazuh's own rule classification and its dashboard: 0–3 are notices and
// successful events, 4–6 low-relevance errors and attacks, 7–11 events worth a
// look (first-time-seen, integrity changes, repeated errors), 12–14 high
// importance events, and 15 (16 is the rule syntax's ceiling) a severe attack.
func WazuhSeverity(level int) alert.Severity {
	switch {
	case level <= 3:
		return alert.Info
	case level <= 6:
		return alert.Low
	case level <= 11:
		return alert.Medium
	case level <= 14:
		return alert.High
	}
	return alert.Critical
}

// wazuhObservable says whether a field of a Wazuh alert names a host, address,
// agent, user, file or link. "data" holds what the rule's decoder found in
// the log line, so the names depend on the decoder; these are the common ones
// (syslog, sshd, Windows event channel, Suricata, syscheck).
func wazuhObservable(path []byte) (obs, bool) {
	switch string(path) {
	case "agent.id":
		return obs{"agent.id", alert.AgentID}, true
	case "agent.name":
		return obs{"agent.name", alert.AgentName}, true
	case "agent.ip":
		return obs{"agent.ip", alert.IP}, true
	case "predecoder.hostname":
		return obs{"predecoder.hostname", alert.Hostname}, true
	case "data.srcip":
		return obs{"data.srcip", alert.IP}, true
	case "data.dstip":
		return obs{"data.dstip", alert.IP}, true
	case "data.src_ip":
		return obs{"data.src_ip", alert.IP}, true
	case "data.dest_ip":
		return obs{"data.dest_ip", alert.IP}, true
	case "data.srcuser":
		return obs{"data.srcuser", alert.User}, true
	case "data.dstuser":
		return obs{"data.dstuser", alert.User}, true
	case "data.url":
		return obs{"data.url", alert.URL}, true
	case "data.win.system.computer":
		return obs{"data.win.system.computer", alert.Hostname}, true
	case "data.win.eventdata.ipAddress":
		return obs{"data.win.eventdata.ipAddress", alert.IP}, true
	case "data.win.eventdata.workstationName":
		return obs{"data.win.eventdata.workstationName", alert.Hostname}, true
	case "data.win.eventdata.targetUserName":
		return obs{"data.win.eventdata.targetUserName", alert.User}, true
	case "data.win.eventdata.subjectUserName":
		return obs{"data.win.eventdata.subjectUserName", alert.User}, true
	case "syscheck.uname_after":
		return obs{"syscheck.uname_after", alert.User}, true
	case "syscheck.md5_after":
		return obs{"syscheck.md5_after", alert.FileHash}, true
	case "syscheck.sha1_after":
		return obs{"syscheck.sha1_after", alert.FileHash}, true
	case "syscheck.sha256_after":
		return obs{"syscheck.sha256_after", alert.FileHash}, true
	case "data.virustotal.source.md5":
		return obs{"data.virustotal.source.md5", alert.FileHash}, true
	case "data.virustotal.source.sha1":
		return obs{"data.virustotal.source.sha1", alert.FileHash}, true
	}
	return obs{}, false
}

// wazuhRecord reads a Wazuh alert: a line of alerts.json, or the payload of the
// integrator's webhook integrations, which carries the same alert in
// "all_fields" beside a summary of its own.
type wazuhRecord struct {
	*fill
	level  int64
	groups []byte
	ruleID bool
}

func (z *wazuhRecord) begin() {
	z.level = -1
	z.groups = z.groups[:0]
	z.ruleID = false
}

func (z *wazuhRecord) closed([]byte) {}

func (z *wazuhRecord) leaf(path []byte, v jsontext.Value) {
	if p, ok := bytes.CutPrefix(path, []byte("all_fields.")); ok {
		path = p
	}
	a := z.a
	switch string(path) {
	case "timestamp":
		a.Occurred = z.time(path, v)
	case "id":
		a.SourceID = z.id(path, v)
	case "rule.id":
		a.RuleID = z.id(path, v)
		z.ruleID = a.RuleID != ""
	case "rule.level":
		n, ok := z.integer(v)
		if !ok || n < 0 || n > 16 {
			z.bad("rule.level", "want a whole number from 0 to 16")
			return
		}
		z.level = n
	case "rule.description":
		a.RuleName = z.str(v)
	case "rule.groups":
		if b, ok := z.text(v); ok && len(z.groups) < alert.MaxCategoryRunes {
			if len(z.groups) > 0 {
				z.groups = append(z.groups, ", "...)
			}
			z.groups = append(z.groups, b...)
		}
	case "rule.mitre.id":
		a.AddTechnique(z.str(v))
	case "data.win.eventdata.hashes":
		// Sysmon writes "SHA1=…,MD5=…,SHA256=…,IMPHASH=…".
		for _, h := range strings.Split(z.str(v), ",") {
			if name, hex, ok := strings.Cut(h, "="); ok && !strings.EqualFold(name, "IMPHASH") {
				a.Observe(alert.FileHash, hex, "data.win.eventdata.hashes")
			}
		}
	default:
		if o, ok := wazuhObservable(path); ok {
			z.observe(o.kind, o.field, v)
		}
	}
}

func (z *wazuhRecord) finish() {
	a := z.a
	a.Source.Tool = "Wazuh"
	if z.level < 0 {
		z.bad("rule.level", "missing; every Wazuh alert has one, from 0 to 16")
	} else {
		a.Severity = WazuhSeverity(int(z.level))
		a.SeverityRaw = strconv.FormatInt(z.level, 10)
	}
	if !z.ruleID {
		z.bad("rule.id", "missing; every Wazuh alert has one")
	}
	a.Category = string(z.groups)
	a.Title = a.RuleName
}
