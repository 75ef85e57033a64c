package format

import (
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// genericObservable says whether a field of the generic shape lists
// observables, and how a bad value is described to the sender.
func genericObservable(path []byte) (o obs, want string, ok bool) {
	switch string(path) {
	case "hostnames":
		return obs{"hostnames", alert.Hostname}, "a host name such as pacs-01.trust.nhs.uk", true
	case "ips":
		return obs{"ips", alert.IP}, "an IP address such as 10.1.2.3", true
	case "users":
		return obs{"users", alert.User}, "a user name", true
	case "file_hashes":
		return obs{"file_hashes", alert.FileHash}, "an MD5, SHA-1, SHA-256 or SHA-512 hash in hex", true
	case "urls":
		return obs{"urls", alert.URL}, "a web address", true
	case "agent.name":
		return obs{"agent.name", alert.AgentName}, "the agent's name for the machine", true
	case "agent.id":
		return obs{"agent.id", alert.AgentID}, "the agent's id", true
	}
	return obs{}, "", false
}

// genericRecord reads Vigil's own shape, documented in docs/alerts.md. Unlike the
// tool formats, which are read as leniently as they are written, the generic
// shape is written for Vigil, so every value it holds is checked and a wrong one
// is reported to the sender.
type genericRecord struct {
	*fill
	severity bool
}

func (g *genericRecord) begin()            { g.severity = false }
func (g *genericRecord) closed([]byte)     {}
func (g *genericRecord) wantText(p string) { g.bad(p, "want text") }

func (g *genericRecord) leaf(path []byte, v jsontext.Value) {
	a := g.a
	if v.Kind() == 'n' {
		return // null is the same as leaving the field out
	}
	switch string(path) {
	case "id":
		a.SourceID = g.id(path, v)
	case "time":
		a.Occurred = g.time(path, v)
	case "severity":
		s := g.str(v)
		sev, ok := alert.ParseSeverity(s)
		if !ok {
			g.bad("severity", "want info, low, medium, high or critical")
			return
		}
		a.Severity, a.SeverityRaw, g.severity = sev, s, true
	case "title":
		if a.Title = g.str(v); a.Title == "" {
			g.wantText("title")
		}
	case "tool":
		a.Source.Tool = g.str(v)
	case "rule.id":
		a.RuleID = g.id(path, v)
	case "rule.name":
		a.RuleName = g.str(v)
	case "category":
		a.Category = g.str(v)
	case "techniques":
		s := g.str(v)
		if _, ok := alert.Technique(s); !ok {
			g.bad("techniques", "%q is not a MITRE ATT&CK technique id such as T1110 or T1059.001", short(s))
			return
		}
		a.AddTechnique(s)
	default:
		o, want, ok := genericObservable(path)
		if !ok {
			return // details and anything else are kept in the raw record
		}
		if v.Kind() != '"' {
			g.wantText(o.field)
			return
		}
		s := g.str(v)
		if !a.Observe(o.kind, s, o.field) {
			g.bad(o.field, "%q is not %s", short(s), want)
		}
	}
}

func (g *genericRecord) finish() {
	a := g.a
	if !g.severity {
		g.bad("severity", "missing; want info, low, medium, high or critical")
	}
	if strings.TrimSpace(a.Title) == "" {
		g.bad("title", "missing; say in a few words what was detected")
	}
	if a.Source.Tool == "" {
		a.Source.Tool = "webhook"
	}
}
