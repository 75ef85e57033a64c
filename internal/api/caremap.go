package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// careMapRoutes are the care map, clinical impact and scenario operations.
func (h *Handler) careMapRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/caremap", Summary: "The organisation's care map file: YAML with Accept: application/yaml, else JSON", Permission: vigil.ReadCareMap, Response: "CareMap", handle: h.getCareMap},
		{Method: "PUT", Path: "/api/v1/caremap", Summary: "Replace the care map with a YAML or JSON file (by Content-Type); a file with any problem changes nothing", Permission: vigil.WriteCareMap, Request: "CareMap", Response: "CareMapSummary", MaxBody: caremap.MaxFileBytes + 1, handle: h.putCareMap},
		{Method: "GET", Path: "/api/v1/caremap/critical", Summary: "Every asset ranked by the clinical harm of losing or corrupting it for 24 hours", Permission: vigil.ReadCareMap, Response: "CriticalAssets", handle: h.criticalAssets},
		{Method: "POST", Path: "/api/v1/impact", Summary: "What simultaneous events do to the clinical services, most dangerous first", Permission: vigil.ReadCareMap, Request: "ImpactRequest", Response: "ImpactResult", handle: h.impact},
		{Method: "GET", Path: "/api/v1/scenarios", Summary: "Saved what-if scenarios", Permission: vigil.ReadCareMap, Response: "ScenarioList", handle: h.scenarios},
		{Method: "POST", Path: "/api/v1/scenarios", Summary: "Save a what-if scenario", Permission: vigil.WriteScenarios, Request: "ScenarioDetails", Response: "Scenario", Status: http.StatusCreated, handle: h.createScenario},
		{Method: "GET", Path: "/api/v1/scenarios/{id}", Summary: "One scenario and its last run", Permission: vigil.ReadCareMap, Response: "Scenario", handle: h.scenario},
		{Method: "PUT", Path: "/api/v1/scenarios/{id}", Summary: "Rename a scenario or change its events", Permission: vigil.WriteScenarios, Request: "ScenarioDetails", Response: "Scenario", handle: h.updateScenario},
		{Method: "DELETE", Path: "/api/v1/scenarios/{id}", Summary: "Delete a scenario", Permission: vigil.WriteScenarios, Status: http.StatusNoContent, handle: h.deleteScenario},
		{Method: "POST", Path: "/api/v1/scenarios/{id}/run", Summary: "Run a scenario on today's care map and say what changed since its last run", Permission: vigil.WriteScenarios, Response: "ScenarioRun", handle: h.runScenario},
	}
}

// yamlTypes are the media types a care map travels as YAML; JSON is application/json.
var yamlTypes = []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}

func isYAML(mediaType string) bool {
	for _, t := range yamlTypes {
		if mediaType == t {
			return true
		}
	}
	return false
}

// wantsYAML reads an Accept header: YAML when a YAML type is preferred over JSON.
func wantsYAML(accept string) bool {
	var yamlQ, jsonQ float64
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		switch {
		case isYAML(mt):
			yamlQ = max(yamlQ, q)
		case mt == "application/json" || mt == "application/*" || mt == "*/*":
			jsonQ = max(jsonQ, q)
		}
	}
	return yamlQ > 0 && yamlQ > jsonQ
}

func (h *Handler) getCareMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	st, err := h.CareMaps.Current(r.Context(), sc)
	if err != nil {
		return err
	}
	var body []byte
	if wantsYAML(r.Header.Get("Accept")) {
		body, err = st.Map.YAML()
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	} else {
		body, err = st.Map.IndentedJSON()
		w.Header().Set("Content-Type", "application/json")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Vary", "Accept")
	_, err = w.Write(body)
	return err
}

type careMapSummaryJSON struct {
	mapstore.Summary
	Changed  bool     `json:"changed"`
	Warnings []string `json:"warnings"`
}

func (h *Handler) putCareMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" && !isYAML(mt) {
		return vigil.InvalidFields("Send the care map as YAML or JSON.", map[string]string{"Content-Type": "use application/yaml or application/json"})
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, caremap.MaxFileBytes+1))
	if err != nil {
		return vigil.InvalidFields("The care map could not be read.", map[string]string{"body": err.Error()})
	}
	var m *caremap.Map
	if mt == "application/json" {
		m, err = caremap.ParseJSON(data)
	} else {
		m, err = caremap.ParseYAML(data)
	}
	if err != nil {
		return err
	}
	res, err := h.CareMaps.Replace(r.Context(), sc, m, mapstore.Change{})
	if err != nil {
		return err
	}
	out := careMapSummaryJSON{Summary: res.After, Changed: res.Changed, Warnings: []string{}}
	if res.Followup != nil {
		h.Logger.Error("after storing a care map", "org", sc.OrgID, "err", res.Followup)
		out.Warnings = append(out.Warnings, "the care map is saved, but earlier alerts could not be matched to it again; new alerts will be")
	}
	for _, c := range m.Cycles() {
		out.Warnings = append(out.Warnings, "these depend on each other in a loop: "+strings.Join(c, ", "))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (h *Handler) criticalAssets(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ranking, err := h.WhatIf.Critical(r.Context(), sc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, criticalAssetsJSON{ranking})
}

type criticalAssetsJSON struct {
	Assets []impact.AssetCriticality `json:"assets"`
}

// withDefaultDurations gives events that state no duration the §6 default of 24 hours.
func withDefaultDurations(events []impact.Event) {
	for i := range events {
		if events[i].Duration == 0 {
			events[i].Duration = impact.DefaultDuration
		}
	}
}

type impactRequestJSON struct {
	Events []impact.Event `json:"events"`
}

// impact is POST /api/v1/impact: the same result as vigil impact --format json, for the
// caller's own organisation's map.
func (h *Handler) impact(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in impactRequestJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	withDefaultDurations(in.Events)
	m, err := h.CareMaps.Map(r.Context(), sc)
	if err != nil {
		return err
	}
	res, err := impact.Analyse(m, in.Events)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

type scenarioJSON struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Events    []impact.Event `json:"events"`
	CreatedBy string         `json:"created_by"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	LastRun   *whatif.Run    `json:"last_run,omitempty"`
}

func toScenarioJSON(s whatif.Scenario) scenarioJSON {
	return scenarioJSON{ID: s.ID, Name: s.Name, Events: s.Events, CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, LastRun: s.LastRun}
}

func (h *Handler) scenarios(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	saved, err := h.WhatIf.Scenarios(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]scenarioJSON, len(saved))
	for i, s := range saved {
		out[i] = toScenarioJSON(s)
	}
	return writeJSON(w, http.StatusOK, list[scenarioJSON]{out})
}

func (h *Handler) scenario(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	s, err := h.WhatIf.Scenario(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toScenarioJSON(s))
}

func decodeScenario(r *http.Request) (whatif.ScenarioDetails, error) {
	var d whatif.ScenarioDetails
	if err := decode(r, &d); err != nil {
		return d, err
	}
	withDefaultDurations(d.Events)
	return d, nil
}

func (h *Handler) createScenario(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	d, err := decodeScenario(r)
	if err != nil {
		return err
	}
	s, err := h.WhatIf.CreateScenario(r.Context(), sc, d)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/scenarios/"+s.ID)
	return writeJSON(w, http.StatusCreated, toScenarioJSON(s))
}

func (h *Handler) updateScenario(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	d, err := decodeScenario(r)
	if err != nil {
		return err
	}
	s, err := h.WhatIf.UpdateScenario(r.Context(), sc, r.PathValue("id"), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toScenarioJSON(s))
}

func (h *Handler) deleteScenario(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.WhatIf.DeleteScenario(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type scenarioRunJSON struct {
	Scenario scenarioJSON    `json:"scenario"`
	Revision int             `json:"revision"`
	Result   impact.Result   `json:"result"`
	Changes  *whatif.Changes `json:"changes,omitempty"` // none on a scenario's first run
}

func (h *Handler) runScenario(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	run, err := h.WhatIf.RunScenario(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := scenarioRunJSON{Scenario: toScenarioJSON(run.Scenario), Revision: run.Map.Revision, Result: run.Result}
	if run.Previous != nil {
		out.Changes = &run.Changes
	}
	return writeJSON(w, http.StatusOK, out)
}
