package format

import (
	"bytes"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/vigil-health/vigil/internal/alert"
)

// detector notes the fields that tell the formats apart.
type detector struct {
	classUID, ruleLevel, wazuhContext, integrator, ecs, title, severity bool
}

func (d *detector) leaf(path []byte, _ jsontext.Value) {
	switch string(path) {
	case "class_uid":
		d.classUID = true
	case "rule.level":
		d.ruleLevel = true
	case "decoder.name", "manager.name", "location":
		d.wazuhContext = true
	case "all_fields.rule.level":
		d.integrator = true
	case "event.kind", "ecs.version", "@timestamp":
		d.ecs = true
	case "title":
		d.title = true
	case "severity":
		d.severity = true
	default:
		if bytes.HasPrefix(path, []byte("kibana.alert.")) {
			d.ecs = true
		}
	}
}

func (d *detector) closed([]byte) {}

func (d *detector) format() alert.Format {
	switch {
	case d.classUID:
		return alert.OCSF
	case d.integrator, d.ruleLevel && d.wazuhContext:
		return alert.Wazuh
	case d.ecs:
		return alert.ECS
	case d.title && d.severity:
		return alert.Generic
	}
	return ""
}
