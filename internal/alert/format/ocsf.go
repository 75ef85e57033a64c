package format

import (
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// DetectionFinding is the OCSF class_uid Vigil reads.
const DetectionFinding = 2004

// OCSFSeverity maps an OCSF severity_id to Vigil's scale: 1 Informational, 2 Low,
// 3 Medium, 4 High, 5 Critical, and 6 Fatal as critical. For 0 (Unknown) and 99
// (Other) the severity caption is read as a word when it is one, else medium.
func OCSFSeverity(id int, caption string) alert.Severity {
	switch id {
	case 1, 2, 3, 4, 5:
		return alert.Severity(id)
	case 6:
		return alert.Critical
	}
	if s, ok := alert.ParseSeverity(caption); ok {
		return s
	}
	return alert.Medium
}

// ocsfObservable says whether an OCSF field names a host, address, agent, user,
// file or link; items of "observables" are read by their type_id instead.
func ocsfObservable(path []byte) (obs, bool) {
	switch string(path) {
	case "device.hostname":
		return obs{"device.hostname", alert.Hostname}, true
	case "device.name":
		return obs{"device.name", alert.Hostname}, true
	case "device.ip":
		return obs{"device.ip", alert.IP}, true
	case "device.agent_list.name":
		return obs{"device.agent_list.name", alert.AgentName}, true
	case "device.agent_list.uid":
		return obs{"device.agent_list.uid", alert.AgentID}, true
	case "resources.hostname":
		return obs{"resources.hostname", alert.Hostname}, true
	case "resources.ip":
		return obs{"resources.ip", alert.IP}, true
	case "actor.user.name":
		return obs{"actor.user.name", alert.User}, true
	case "src_endpoint.ip":
		return obs{"src_endpoint.ip", alert.IP}, true
	case "src_endpoint.hostname":
		return obs{"src_endpoint.hostname", alert.Hostname}, true
	case "dst_endpoint.ip":
		return obs{"dst_endpoint.ip", alert.IP}, true
	case "dst_endpoint.hostname":
		return obs{"dst_endpoint.hostname", alert.Hostname}, true
	case "evidences.device.hostname":
		return obs{"evidences.device.hostname", alert.Hostname}, true
	case "evidences.device.ip":
		return obs{"evidences.device.ip", alert.IP}, true
	case "evidences.src_endpoint.ip":
		return obs{"evidences.src_endpoint.ip", alert.IP}, true
	case "evidences.src_endpoint.hostname":
		return obs{"evidences.src_endpoint.hostname", alert.Hostname}, true
	case "evidences.dst_endpoint.ip":
		return obs{"evidences.dst_endpoint.ip", alert.IP}, true
	case "evidences.dst_endpoint.hostname":
		return obs{"evidences.dst_endpoint.hostname", alert.Hostname}, true
	case "evidences.user.name":
		return obs{"evidences.user.name", alert.User}, true
	case "evidences.actor.user.name":
		return obs{"evidences.actor.user.name", alert.User}, true
	case "evidences.file.hashes.value":
		return obs{"evidences.file.hashes.value", alert.FileHash}, true
	case "evidences.process.file.hashes.value":
		return obs{"evidences.process.file.hashes.value", alert.FileHash}, true
	case "evidences.url.url_string":
		return obs{"evidences.url.url_string", alert.URL}, true
	}
	return obs{}, false
}

// ocsfObservableKind maps the OCSF observable type_ids Vigil uses.
func ocsfObservableKind(typeID int64) (alert.Kind, bool) {
	switch typeID {
	case 1:
		return alert.Hostname, true
	case 2:
		return alert.IP, true
	case 4:
		return alert.User, true
	case 6:
		return alert.URL, true
	case 8:
		return alert.FileHash, true
	}
	return "", false
}

// ocsfRecord reads an OCSF Detection Finding (class_uid 2004).
type ocsfRecord struct {
	*fill
	class, severityID    int64
	severity             string
	eventUID             string
	product, vendor      string
	message              string
	obsType              int64
	obsValue             string
	haveTime, haveFinder bool
}

func (o *ocsfRecord) begin() {
	o.class, o.severityID, o.severity, o.eventUID = -1, -1, "", ""
	o.product, o.vendor, o.message = "", "", ""
	o.obsType, o.obsValue = 0, ""
	o.haveTime, o.haveFinder = false, false
}

func (o *ocsfRecord) leaf(path []byte, v jsontext.Value) {
	a := o.a
	switch string(path) {
	case "class_uid":
		n, ok := o.integer(v)
		if !ok || n != DetectionFinding {
			o.bad("class_uid", "want 2004 (Detection Finding); Vigil reads no other OCSF class")
			return
		}
		o.class = n
	case "severity_id":
		n, ok := o.integer(v)
		if !ok || (n < 0 || n > 6) && n != 99 {
			o.bad("severity_id", "want a whole number from 0 to 6, or 99")
			return
		}
		o.severityID = n
	case "severity":
		o.severity = o.str(v)
	case "time":
		n, ok := o.integer(v)
		t, ok2 := millis(n)
		if !ok || !ok2 {
			o.bad("time", "want milliseconds since 1970 as a whole number")
			return
		}
		if !o.haveTime {
			a.Occurred = t
		}
	case "time_dt":
		a.Occurred, o.haveTime = o.time(path, v), true
	case "metadata.uid":
		o.eventUID = o.id(path, v)
	case "metadata.product.name":
		o.product = o.str(v)
	case "metadata.product.vendor_name":
		o.vendor = o.str(v)
	case "message":
		o.message = o.str(v)
	case "finding_info.uid":
		a.SourceID = o.id(path, v)
		o.haveFinder = o.haveFinder || a.SourceID != ""
	case "finding_info.title":
		a.Title = o.str(v)
		o.haveFinder = o.haveFinder || a.Title != ""
	case "finding_info.analytic.uid":
		a.RuleID = o.id(path, v)
	case "finding_info.analytic.name":
		a.RuleName = o.str(v)
	case "finding_info.types":
		if a.Category == "" {
			a.Category = o.str(v)
		}
	case "finding_info.attacks.technique.uid", "finding_info.attacks.sub_technique.uid",
		"attacks.technique.uid", "attacks.sub_technique.uid":
		a.AddTechnique(o.str(v))
	case "observables.type_id":
		o.obsType, _ = o.integer(v)
	case "observables.value":
		o.obsValue = o.str(v)
	default:
		if ob, ok := ocsfObservable(path); ok {
			o.observe(ob.kind, ob.field, v)
		}
	}
}

// closed adds each item of observables once all its fields are read.
func (o *ocsfRecord) closed(path []byte) {
	if string(path) != "observables" {
		return
	}
	if k, ok := ocsfObservableKind(o.obsType); ok && o.obsValue != "" {
		o.a.Observe(k, o.obsValue, "observables")
	}
	o.obsType, o.obsValue = 0, ""
}

func (o *ocsfRecord) finish() {
	a := o.a
	if o.class < 0 {
		o.bad("class_uid", "missing; want 2004 (Detection Finding)")
	}
	if !o.haveFinder {
		o.bad("finding_info", "missing; want at least its uid or title")
	}
	if o.severityID < 0 {
		o.bad("severity_id", "missing; every OCSF event has one, from 0 to 6 or 99")
	} else {
		a.Severity = OCSFSeverity(int(o.severityID), o.severity)
		a.SeverityRaw = strconv.FormatInt(o.severityID, 10)
		if o.severity != "" {
			a.SeverityRaw += " " + o.severity
		}
	}
	if o.eventUID != "" {
		a.DedupKey = alert.EventKey(o.eventUID)
	}
	if a.Title == "" {
		a.Title = o.message
	}
	a.Source.Tool = first(alert.ToolName(o.vendor, o.product), "OCSF")
}
