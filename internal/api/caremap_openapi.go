package api

import (
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/whatif"
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

// careMapComponents name the care map, impact and scenario bodies in the OpenAPI document.
func careMapComponents() map[string]any {
	return map[string]any{
		"CareMap":         caremap.FileShape(),
		"CareMapSummary":  careMapSummaryJSON{},
		"ImpactRequest":   impactRequestJSON{},
		"ImpactResult":    impact.Result{},
		"CriticalAssets":  criticalAssetsJSON{},
		"ScenarioDetails": whatif.ScenarioDetails{},
		"Scenario":        scenarioJSON{},
		"ScenarioList":    list[scenarioJSON]{},
		"ScenarioRun":     scenarioRunJSON{},
	}
}
