package api

import (
	"github.com/vigil-health/vigil/internal/caremap"
)

// careMapContent is how a care map travels: the same file as YAML or as JSON. The
// OpenAPI document lists both wherever the CareMap schema is a body.
func careMapContent(schema string) map[string]any {
	if schema != "CareMap" {
		return nil
	}
	content := map[string]any{"application/json": map[string]any{"schema": ref("CareMap")}}
	content["application/yaml"] = map[string]any{"schema": map[string]any{"type": "string", "description": "the same fields as the JSON, written as the care map YAML file"}}
	return content
}

func integer() map[string]any { return map[string]any{"type": "integer"} }
func boolean() map[string]any { return map[string]any{"type": "boolean"} }

// careMapSchemas are the schemas of the care map, impact and scenario operations.
func careMapSchemas() map[string]any {
	var consequences, likelihoods, kinds, exposures []string
	for c := caremap.Minor; c <= caremap.Catastrophic; c++ {
		consequences = append(consequences, c.String())
	}
	for l := caremap.VeryLow; l <= caremap.VeryHigh; l++ {
		likelihoods = append(likelihoods, l.String())
	}
	for _, k := range caremap.Kinds() {
		kinds = append(kinds, string(k))
	}
	for _, e := range caremap.Exposures() {
		exposures = append(exposures, string(e))
	}
	duration := map[string]any{"type": "string", "pattern": "^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?$", "description": "such as 30m, 4h, 14d or 1d12h"}
	dateTime := map[string]any{"type": "string", "format": "date-time"}
	id := map[string]any{"type": "string", "pattern": "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$"}
	needs := strEnum("required", "degraded", "optional")
	states := strEnum("lost", "degraded", "unaffected")
	modes := strEnum("unavailable", "degraded", "integrity", "confidentiality")
	matrixRow := map[string]any{"type": "array", "items": map[string]any{"type": "integer", "minimum": 1, "maximum": 5}, "minItems": 5, "maxItems": 5}
	return map[string]any{
		"CareMap": object([]string{"organisation"}, map[string]any{
			"organisation": object([]string{"code", "name"}, map[string]any{"code": str(), "name": str(), "type": str()}),
			"suppliers":    arrayOf(object([]string{"id", "name"}, map[string]any{"id": id, "name": str(), "contact": str()})),
			"services": arrayOf(object([]string{"id", "name", "consequence"}, map[string]any{
				"id": id, "name": str(), "consequence": strEnum(consequences...), "patients_per_day": integer(),
				"downtime":   object([]string{"procedure", "safe_for"}, map[string]any{"procedure": str(), "safe_for": duration}),
				"depends_on": arrayOf(ref("CareMapDependency")),
			})),
			"assets": arrayOf(object([]string{"id", "name", "kind"}, map[string]any{
				"id": id, "name": str(), "kind": strEnum(kinds...), "supplier": id, "exposure": strEnum(exposures...),
				"patient_data": boolean(), "end_of_support": map[string]any{"type": "string", "format": "date"},
				"identifiers": object(nil, map[string]any{"cpe": str(), "purl": str(), "hostnames": arrayOf(str()), "ips": arrayOf(str())}),
				"sbom":        str(), "depends_on": arrayOf(ref("CareMapDependency")),
			})),
			"risk_model": object(nil, map[string]any{
				"likelihood":             object(nil, map[string]any{"very-low": map[string]any{"type": "number"}, "low": map[string]any{"type": "number"}, "medium": map[string]any{"type": "number"}, "high": map[string]any{"type": "number"}}),
				"untrustworthy_at_least": strEnum(likelihoods...),
				"matrix":                 object(nil, map[string]any{"very-high": matrixRow, "high": matrixRow, "medium": matrixRow, "low": matrixRow, "very-low": matrixRow}),
			}),
		}),
		"CareMapDependency": map[string]any{
			"description": "exactly one of asset, service or supplier, and the need",
			"type":        "object", "required": []string{"need"},
			"properties": map[string]any{"asset": id, "service": id, "supplier": id, "need": needs},
		},
		"CareMapSummary": object([]string{"revision", "digest", "services", "assets", "suppliers", "changed", "warnings"}, map[string]any{
			"revision": integer(), "digest": str(), "services": integer(), "assets": integer(), "suppliers": integer(),
			"changed": boolean(), "warnings": arrayOf(str()),
		}),
		"Event":         object([]string{"target", "mode"}, map[string]any{"target": id, "mode": modes, "duration": duration}),
		"ImpactRequest": object([]string{"events"}, map[string]any{"events": arrayOf(ref("Event"))}),
		"ImpactResult": object([]string{"events", "services", "assets", "suppliers"}, map[string]any{
			"events": arrayOf(ref("Event")), "services": arrayOf(ref("ServiceImpact")),
			"assets": arrayOf(ref("Affected")), "suppliers": arrayOf(ref("Affected")),
		}),
		"ServiceImpact": object([]string{"id", "name", "state", "untrustworthy", "risk", "patients_affected", "via", "downtime_procedure"}, map[string]any{
			"id": id, "name": str(), "state": states, "untrustworthy": boolean(), "exposed": boolean(),
			"consequence": strEnum(consequences...), "likelihood": strEnum(likelihoods...),
			"risk": map[string]any{"type": "integer", "minimum": 0, "maximum": 5}, "patients_affected": integer(),
			"for": duration, "via": arrayOf(id), "downtime_procedure": str(), "safe_for": duration,
		}),
		"Affected": object([]string{"id", "name", "state", "untrustworthy"}, map[string]any{
			"id": id, "name": str(), "state": states, "untrustworthy": boolean(), "exposed": boolean(),
		}),
		"CriticalAssets": object([]string{"assets"}, map[string]any{"assets": arrayOf(ref("AssetCriticality"))}),
		"AssetCriticality": object([]string{"id", "name", "loss", "corruption"}, map[string]any{
			"id": id, "name": str(), "loss": ref("Harm"), "corruption": ref("Harm"),
		}),
		"Harm": object([]string{"risk", "services"}, map[string]any{
			"risk": integer(), "consequence": strEnum(consequences...),
			"services": arrayOf(object([]string{"id", "name", "state", "risk"}, map[string]any{
				"id": id, "name": str(), "state": states, "untrustworthy": boolean(), "consequence": strEnum(consequences...),
				"likelihood": strEnum(likelihoods...), "risk": integer(), "patients_affected": integer(),
			})),
		}),
		"ScenarioDetails": object([]string{"name", "events"}, map[string]any{
			"name": map[string]any{"type": "string", "maxLength": 120}, "events": arrayOf(ref("Event")),
		}),
		"Scenario": object([]string{"id", "name", "events", "created_by", "created_at", "updated_at"}, map[string]any{
			"id": str(), "name": str(), "events": arrayOf(ref("Event")), "created_by": str(), "created_at": dateTime, "updated_at": dateTime,
			"last_run": object([]string{"at", "revision", "services"}, map[string]any{
				"at": dateTime, "by": str(), "revision": integer(), "digest": str(), "services": arrayOf(ref("Outcome")),
			}),
		}),
		"ScenarioList": list("Scenario"),
		"Outcome": object([]string{"id", "name", "state", "untrustworthy", "risk"}, map[string]any{
			"id": id, "name": str(), "state": states, "untrustworthy": boolean(), "risk": integer(),
		}),
		"ScenarioRun": object([]string{"scenario", "revision", "result"}, map[string]any{
			"scenario": ref("Scenario"), "revision": integer(), "result": ref("ImpactResult"),
			"changes": object([]string{"map_changed", "from_revision", "to_revision"}, map[string]any{
				"map_changed": boolean(), "from_revision": integer(), "to_revision": integer(),
				"newly_at_risk": arrayOf(ref("Outcome")), "no_longer_at_risk": arrayOf(ref("Outcome")),
				"changed": arrayOf(object([]string{"was", "now"}, map[string]any{"was": ref("Outcome"), "now": ref("Outcome")})),
			}),
		}),
	}
}
