package format

import (
	"bytes"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// ECSSeverity maps event.severity to Vigil's scale. ECS leaves the number's scale
// to the source; Vigil reads it on Elastic Security's 0–100 risk scale, whose
// defaults are 21 low, 47 medium, 73 high and 99 critical. A severity word in
// kibana.alert.severity wins over the number.
func ECSSeverity(n int) alert.Severity {
	switch {
	case n <= 0:
		return alert.Info
	case n <= 21:
		return alert.Low
	case n <= 47:
		return alert.Medium
	case n <= 73:
		return alert.High
	}
	return alert.Critical
}

// ecsObservable says whether an ECS field names a host, address, agent, user,
// file or link.
func ecsObservable(path []byte) (obs, bool) {
	switch string(path) {
	case "host.name":
		return obs{"host.name", alert.Hostname}, true
	case "host.hostname":
		return obs{"host.hostname", alert.Hostname}, true
	case "host.ip":
		return obs{"host.ip", alert.IP}, true
	case "agent.name":
		return obs{"agent.name", alert.AgentName}, true
	case "agent.id":
		return obs{"agent.id", alert.AgentID}, true
	case "source.ip":
		return obs{"source.ip", alert.IP}, true
	case "source.domain":
		return obs{"source.domain", alert.Hostname}, true
	case "destination.ip":
		return obs{"destination.ip", alert.IP}, true
	case "destination.domain":
		return obs{"destination.domain", alert.Hostname}, true
	case "client.ip":
		return obs{"client.ip", alert.IP}, true
	case "server.ip":
		return obs{"server.ip", alert.IP}, true
	case "related.ip":
		return obs{"related.ip", alert.IP}, true
	case "related.hosts":
		return obs{"related.hosts", alert.Hostname}, true
	case "user.name":
		return obs{"user.name", alert.User}, true
	case "user.target.name":
		return obs{"user.target.name", alert.User}, true
	case "source.user.name":
		return obs{"source.user.name", alert.User}, true
	case "destination.user.name":
		return obs{"destination.user.name", alert.User}, true
	case "related.user":
		return obs{"related.user", alert.User}, true
	case "file.hash.md5":
		return obs{"file.hash.md5", alert.FileHash}, true
	case "file.hash.sha1":
		return obs{"file.hash.sha1", alert.FileHash}, true
	case "file.hash.sha256":
		return obs{"file.hash.sha256", alert.FileHash}, true
	case "file.hash.sha512":
		return obs{"file.hash.sha512", alert.FileHash}, true
	case "process.hash.md5":
		return obs{"process.hash.md5", alert.FileHash}, true
	case "process.hash.sha1":
		return obs{"process.hash.sha1", alert.FileHash}, true
	case "process.hash.sha256":
		return obs{"process.hash.sha256", alert.FileHash}, true
	case "related.hash":
		return obs{"related.hash", alert.FileHash}, true
	case "url.full":
		return obs{"url.full", alert.URL}, true
	case "url.original":
		return obs{"url.original", alert.URL}, true
	}
	return obs{}, false
}

// ecsRecord reads an Elastic Common Schema alert: any ECS document with
// event.kind "alert", including Elastic Security's detection alerts, which add
// kibana.alert fields (and say "signal" in event.kind).
type ecsRecord struct {
	*fill
	kind                        bool
	word                        alert.Severity
	wordRaw                     string
	number                      int64
	kibana                      bool
	kibanaRule, kibanaRuleID    string
	alertUUID, eventID, message string
	vendor, product, module     string
	timestamp, original         time.Time
	categories                  []byte
	ruleCategory                string
}

func (e *ecsRecord) begin() {
	e.kind, e.word, e.wordRaw, e.number, e.kibana = false, 0, "", -1, false
	e.kibanaRule, e.kibanaRuleID, e.alertUUID, e.eventID, e.message = "", "", "", "", ""
	e.vendor, e.product, e.module = "", "", ""
	e.timestamp, e.original = time.Time{}, time.Time{}
	e.categories, e.ruleCategory = e.categories[:0], ""
}

func (e *ecsRecord) closed([]byte) {}

func (e *ecsRecord) leaf(path []byte, v jsontext.Value) {
	a := e.a
	switch string(path) {
	case "@timestamp":
		e.timestamp = e.time(path, v)
	case "kibana.alert.original_time":
		e.original = e.time(path, v)
	case "event.kind":
		switch e.str(v) {
		case "alert", "signal":
			e.kind = true
		default:
			e.bad("event.kind", `want "alert": Vigil reads alerts, not every event`)
		}
	case "event.id":
		e.eventID = e.id(path, v)
	case "kibana.alert.uuid":
		e.alertUUID = e.id(path, v)
	case "event.severity":
		n, ok := e.integer(v)
		if !ok || n < 0 || n > 100 {
			e.bad("event.severity", "want a whole number from 0 to 100")
			return
		}
		e.number = n
	case "kibana.alert.severity", "kibana.alert.rule.severity", "signal.rule.severity":
		s := e.str(v)
		sev, ok := alert.ParseSeverity(s)
		if !ok || sev == alert.Info {
			e.bad(string(path), "want low, medium, high or critical")
			return
		}
		e.word, e.wordRaw = sev, s
	case "kibana.alert.rule.name", "signal.rule.name":
		e.kibanaRule = e.str(v)
	case "kibana.alert.rule.rule_id", "signal.rule.rule_id":
		e.kibanaRuleID = e.id(path, v)
	case "rule.name":
		a.RuleName = e.str(v)
	case "rule.id":
		a.RuleID = e.id(path, v)
	case "rule.category":
		e.ruleCategory = e.str(v)
	case "event.category":
		if b, ok := e.text(v); ok && len(e.categories) < alert.MaxCategoryRunes {
			if len(e.categories) > 0 {
				e.categories = append(e.categories, ", "...)
			}
			e.categories = append(e.categories, b...)
		}
	case "threat.technique.id", "threat.technique.subtechnique.id",
		"kibana.alert.rule.threat.technique.id", "kibana.alert.rule.threat.technique.subtechnique.id":
		a.AddTechnique(e.str(v))
	case "message":
		e.message = e.str(v)
	case "observer.vendor":
		e.vendor = e.str(v)
	case "observer.product":
		e.product = e.str(v)
	case "event.module":
		e.module = e.str(v)
	default:
		if o, ok := ecsObservable(path); ok {
			e.observe(o.kind, o.field, v)
		} else if bytes.HasPrefix(path, []byte("kibana.alert.")) {
			e.kibana = true
		}
	}
}

func (e *ecsRecord) finish() {
	a := e.a
	if !e.kind {
		e.bad("event.kind", `missing; Vigil reads ECS records with event.kind "alert"`)
	}
	a.SourceID = first(e.alertUUID, e.eventID)
	a.Occurred = e.original
	if a.Occurred.IsZero() {
		a.Occurred = e.timestamp
	}
	switch {
	case e.word != 0:
		a.Severity, a.SeverityRaw = e.word, e.wordRaw
	case e.number >= 0:
		a.Severity, a.SeverityRaw = ECSSeverity(int(e.number)), strconv.FormatInt(e.number, 10)
	default:
		a.Severity = alert.Medium // ECS makes severity optional; see docs/alerts.md
	}
	if e.kibanaRule != "" {
		a.RuleName = e.kibanaRule
	}
	if e.kibanaRuleID != "" {
		a.RuleID = e.kibanaRuleID
	}
	a.Category = first(e.ruleCategory, string(e.categories))
	a.Title = first(a.RuleName, e.message)
	switch {
	case e.kibana || e.kibanaRule != "" || e.alertUUID != "":
		a.Source.Tool = "Elastic Security"
	case e.vendor != "" || e.product != "":
		a.Source.Tool = alert.ToolName(e.vendor, e.product)
	default:
		a.Source.Tool = first(e.module, "Elastic")
	}
}
