package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// volumeQuery is the span of days a volumes route answers for.
var volumeQuery = []queryParam{
	{Name: "from", Type: "string", Description: "the first day, YYYY-MM-DD (UTC); 30 days before to when absent"},
	{Name: "to", Type: "string", Description: fmt.Sprintf("the last day, YYYY-MM-DD (UTC); today when absent; at most %d days after from", monitor.MaxVolumeDays)},
}

// alertVolumeRoutes are the daily alert volumes, kept after the alerts.
func (h *Handler) alertVolumeRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/alert-volumes", Summary: "Alerts a day by source and priority band, counted as they arrived and kept after retention deletes the alerts", Permission: vigil.ReadAlerts, Response: "AlertVolumeList", Query: volumeQuery, handle: h.alertVolumes},
		{Method: "GET", Path: "/api/v1/alert-volumes.csv", Summary: "The same as CSV, one row per day, source and band", Permission: vigil.ReadAlerts, Response: "csv", Query: volumeQuery, handle: h.alertVolumesCSV},
		{Method: "GET", Path: "/api/v1/national/alert-volumes", Summary: "Every organisation's alerts a day by source and priority band", Permission: vigil.ReadAcrossOrgs, Response: "AlertVolumeList", Query: volumeQuery, handle: h.nationalAlertVolumes},
		{Method: "GET", Path: "/api/v1/national/alert-volumes.csv", Summary: "The same as CSV", Permission: vigil.ReadAcrossOrgs, Response: "csv", Query: volumeQuery, handle: h.nationalAlertVolumesCSV},
	}
}

type alertVolumeJSON struct {
	Day       string `json:"day" jsonschema:"description=YYYY-MM-DD, UTC"`
	OrgID     string `json:"org_id"`
	SourceID  string `json:"source_id"`
	Source    string `json:"source"`
	Band      string `json:"band" jsonschema:"enum=patients-at-risk,enum=high,enum=medium,enum=low"`
	Alerts    int    `json:"alerts"`
	Matched   int    `json:"matched" jsonschema:"description=tied to a care-map asset when they arrived"`
	Unmatched int    `json:"unmatched"`
}

type volumeRead func(ctx context.Context, sc vigil.Scope, from, to time.Time) ([]monitor.Volume, error)

// readVolumes reads the span the query asks for.
func (h *Handler) readVolumes(r *http.Request, sc vigil.Scope, read volumeRead) ([]monitor.Volume, error) {
	to := h.Clock().UTC()
	day := func(name string, def time.Time) (time.Time, error) {
		raw := r.URL.Query().Get(name)
		if raw == "" {
			return def, nil
		}
		t, err := time.Parse(time.DateOnly, raw)
		if err != nil {
			return time.Time{}, vigil.InvalidFields("Give days as YYYY-MM-DD.", map[string]string{name: "not a day such as 2026-11-29"})
		}
		return t, nil
	}
	to, err := day("to", to)
	if err != nil {
		return nil, err
	}
	from, err := day("from", to.AddDate(0, 0, -29))
	if err != nil {
		return nil, err
	}
	return read(r.Context(), sc, from, to)
}

func (h *Handler) alertVolumes(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeVolumes(w, r, sc, h.Alerts.Volumes)
}

func (h *Handler) nationalAlertVolumes(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeVolumes(w, r, sc, h.Alerts.NationalVolumes)
}

func (h *Handler) writeVolumes(w http.ResponseWriter, r *http.Request, sc vigil.Scope, read volumeRead) error {
	vols, err := h.readVolumes(r, sc, read)
	if err != nil {
		return err
	}
	out := make([]alertVolumeJSON, len(vols))
	for i, v := range vols {
		out[i] = alertVolumeJSON{Day: v.Day.Format(time.DateOnly), OrgID: v.OrgID, SourceID: v.SourceID, Source: v.Source, Band: v.Band,
			Alerts: v.Alerts, Matched: v.Matched, Unmatched: v.Alerts - v.Matched}
	}
	return writeJSON(w, http.StatusOK, list[alertVolumeJSON]{out})
}

func (h *Handler) alertVolumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeVolumesCSV(w, r, sc, h.Alerts.Volumes)
}

func (h *Handler) nationalAlertVolumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	return h.writeVolumesCSV(w, r, sc, h.Alerts.NationalVolumes)
}

func (h *Handler) writeVolumesCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope, read volumeRead) error {
	vols, err := h.readVolumes(r, sc, read)
	if err != nil {
		return err
	}
	orgs, err := h.Orgs.Organisations(r.Context(), sc)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name + " (" + o.Code + ")"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	return monitor.WriteVolumesCSV(w, vols, func(id string) string { return names[id] })
}
