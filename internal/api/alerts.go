package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// alertRoutes take alerts from detection tools, and let analysts read the
// ranked queue and look after the sources.
func (h *Handler) alertRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/alerts", Summary: "Send security alerts: a JSON array, NDJSON or JSON objects of Wazuh, ECS, OCSF Detection Finding or the generic shape (?format=wazuh|ecs|ocsf|generic, else told from the first record). Answered once stored; a retry is harmless",
			Permission: vigil.WriteAlerts, Request: "GenericAlert", Response: "AlertBatch", MaxBody: format.MaxBatchBytes + 1, handle: h.postAlerts},
		{Method: "GET", Path: "/api/v1/alerts", Summary: "Open alerts, grouped and ranked by clinical harm, most urgent first (?limit=)", Permission: vigil.ReadAlerts, Response: "AlertGroupList", handle: h.alertQueue},
		{Method: "GET", Path: "/api/v1/alerts/{id}", Summary: "One alert, with the care-map asset it names and the services at risk", Permission: vigil.ReadAlerts, Response: "AlertDetail", handle: h.alertDetail},
		{Method: "POST", Path: "/api/v1/alerts/{id}/status", Summary: "Mark an alert and the open alerts of its group triaged or dismissed", Permission: vigil.WriteAlerts, Request: "AlertStatus", Response: "AlertStatusChanged", handle: h.judgeAlert},
		{Method: "GET", Path: "/api/v1/alert-sources", Summary: "The tools that send alerts, with when each was last heard from", Permission: vigil.ReadAlerts, Response: "AlertSourceList", handle: h.alertSources},
		{Method: "PUT", Path: "/api/v1/alert-sources/{id}", Summary: "Say how often a source should send; a longer silence raises an alert (0 stops watching)", Permission: vigil.WriteAlerts, Request: "AlertSourceSettings", Response: "AlertSource", handle: h.setAlertSource},
	}
}

func alertComponents() map[string]any {
	return map[string]any{
		"GenericAlert":        genericAlertJSON{},
		"AlertBatch":          alert.Batch{},
		"AlertGroupList":      list[alertGroupJSON]{},
		"AlertDetail":         alertDetailJSON{},
		"AlertStatus":         alertStatusJSON{},
		"AlertStatusChanged":  alertStatusChangedJSON{},
		"AlertSourceList":     list[alertSourceJSON]{},
		"AlertSource":         alertSourceJSON{},
		"AlertSourceSettings": alertSourceSettingsJSON{},
		"AlertVolumeList":     list[alertVolumeJSON]{},
	}
}

// genericAlertJSON documents Vigil's own generic shape (docs/alerts.md) for
// the OpenAPI document; the other formats are the tools' own.
type genericAlertJSON struct {
	ID         string           `json:"id,omitempty" jsonschema:"description=your id for the alert; the same id again is a duplicate"`
	Time       time.Time        `json:"time,omitzero"`
	Severity   string           `json:"severity" jsonschema:"enum=info,enum=informational,enum=low,enum=medium,enum=high,enum=critical"`
	Title      string           `json:"title"`
	Tool       string           `json:"tool,omitempty"`
	Rule       *genericRuleJSON `json:"rule,omitempty"`
	Category   string           `json:"category,omitempty"`
	Techniques []string         `json:"techniques,omitempty"`
	Hostnames  []string         `json:"hostnames,omitempty"`
	IPs        []string         `json:"ips,omitempty"`
	Users      []string         `json:"users,omitempty"`
	FileHashes []string         `json:"file_hashes,omitempty"`
	URLs       []string         `json:"urls,omitempty"`
	Agent      *genericRuleJSON `json:"agent,omitempty"`
	Details    any              `json:"details,omitempty"`
}

type genericRuleJSON struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// postAlerts reads the batch, keeping every record it can, and answers once
// the kept alerts are committed. The sender is the token's name.
func (h *Handler) postAlerts(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var f alert.Format
	if name := r.URL.Query().Get("format"); name != "" {
		var err error
		if f, err = format.Parse(name); err != nil {
			return vigilInvalid("format", err)
		}
	}
	var alerts []alert.Alert
	batch, err := format.Read(r.Context(), r.Body, format.Options{Format: f, Source: sc.Name, Received: h.Clock()},
		func(a alert.Alert) error { alerts = append(alerts, a); return nil })
	if err != nil {
		return tooLarge(err, format.MaxBatchBytes)
	}
	stored, err := h.Alerts.Ingest(r.Context(), sc, sc.Name, alerts)
	if err != nil {
		return err
	}
	batch.Accepted, batch.Duplicates = stored.Accepted, stored.Duplicates
	return writeJSON(w, http.StatusOK, batch)
}

type alertJSON struct {
	ID           string             `json:"id"`
	Title        string             `json:"title"`
	Severity     alert.Severity     `json:"severity"`
	SeverityRaw  string             `json:"severity_raw,omitempty"`
	Priority     int                `json:"priority"`
	Band         string             `json:"band"`
	ClinicalRisk int                `json:"clinical_risk"`
	AssetID      string             `json:"asset_id,omitempty"`
	MatchedBy    string             `json:"matched_by,omitempty"`
	Status       monitor.Status     `json:"status"`
	Source       string             `json:"source"`
	Tool         string             `json:"tool"`
	Format       alert.Format       `json:"format"`
	RuleID       string             `json:"rule_id,omitempty"`
	RuleName     string             `json:"rule_name,omitempty"`
	Category     string             `json:"category,omitempty"`
	Techniques   []string           `json:"techniques"`
	Observables  []alert.Observable `json:"observables"`
	Occurred     time.Time          `json:"occurred"`
	Received     time.Time          `json:"received"`
	IncidentID   string             `json:"incident_id,omitempty"`
}

func toAlertJSON(a monitor.Alert) alertJSON {
	return alertJSON{ID: a.ID, Title: a.Title, Severity: a.Severity, SeverityRaw: a.SeverityRaw, Priority: a.Priority, Band: monitor.Band(a.Priority),
		ClinicalRisk: a.ClinicalRisk, AssetID: a.AssetID, MatchedBy: a.MatchedBy, Status: a.Status, Source: a.Source.Name, Tool: a.Source.Tool,
		Format: a.Source.Format, RuleID: a.RuleID, RuleName: a.RuleName, Category: a.Category, Techniques: nonNilSlice(a.Techniques),
		Observables: nonNilSlice(a.Observables), Occurred: a.Occurred, Received: a.Received, IncidentID: a.IncidentID}
}

type alertGroupJSON struct {
	Lead   alertJSON `json:"lead"`
	Count  int       `json:"count"`
	First  time.Time `json:"first"`
	Latest time.Time `json:"latest"`
}

func (h *Handler) alertQueue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	limit := 0
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > monitor.MaxQueue {
			return vigil.InvalidFields("Check the limit.", map[string]string{"limit": "want a whole number from 1 to " + strconv.Itoa(monitor.MaxQueue)})
		}
		limit = n
	}
	groups, err := h.Alerts.Queue(r.Context(), sc, limit)
	if err != nil {
		return err
	}
	out := make([]alertGroupJSON, len(groups))
	for i, g := range groups {
		out[i] = alertGroupJSON{Lead: toAlertJSON(g.Lead), Count: g.Count, First: g.First, Latest: g.Latest}
	}
	return writeJSON(w, http.StatusOK, list[alertGroupJSON]{out})
}

type serviceAtRiskJSON struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Risk             int    `json:"risk"`
	PatientsAffected int64  `json:"patients_affected"`
	Downtime         string `json:"downtime_procedure,omitempty"`
	SafeFor          string `json:"safe_for,omitempty"`
}

type clinicalJSON struct {
	AssetID   string              `json:"asset_id"`
	AssetName string              `json:"asset_name"`
	Risk      int                 `json:"risk"`
	Lost      []serviceAtRiskJSON `json:"if_lost"`
	Corrupted []serviceAtRiskJSON `json:"if_corrupted"`
}

func servicesJSON(ss []monitor.ServiceAtRisk) []serviceAtRiskJSON {
	out := make([]serviceAtRiskJSON, len(ss))
	for i, s := range ss {
		out[i] = serviceAtRiskJSON{ID: s.ID, Name: s.Name, Risk: s.Risk, PatientsAffected: s.PatientsAffected, Downtime: s.Downtime.Procedure}
		if s.Downtime.SafeFor > 0 {
			out[i].SafeFor = s.Downtime.SafeFor.String()
		}
	}
	return out
}

type alertDetailJSON struct {
	alertJSON
	Clinical *clinicalJSON `json:"clinical,omitempty"`
	Related  int           `json:"related"`
}

func (h *Handler) alertDetail(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	a, err := h.Alerts.Alert(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	related, err := h.Alerts.Related(r.Context(), sc, a)
	if err != nil {
		return err
	}
	out := alertDetailJSON{alertJSON: toAlertJSON(a), Related: len(related)}
	if sc.Can(vigil.ReadCareMap) {
		c, ok, err := h.Alerts.Clinical(r.Context(), sc, a)
		if err != nil {
			return err
		}
		if ok {
			out.Clinical = &clinicalJSON{AssetID: c.AssetID, AssetName: c.AssetName, Risk: c.Risk, Lost: servicesJSON(c.Lost), Corrupted: servicesJSON(c.Corrupted)}
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

type alertStatusJSON struct {
	Status monitor.Status `json:"status" jsonschema:"enum=triaged,enum=dismissed"`
}

type alertStatusChangedJSON struct {
	Changed int `json:"changed"`
}

func (h *Handler) judgeAlert(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in alertStatusJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := h.Alerts.Judge(r.Context(), sc, r.PathValue("id"), in.Status)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, alertStatusChangedJSON{Changed: n})
}

type alertSourceJSON struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	ExpectedMinutes int        `json:"expected_minutes"`
	LastSeen        *time.Time `json:"last_seen,omitempty"`
	Silent          bool       `json:"silent"`
	Total           int64      `json:"alerts_total"`
}

func (h *Handler) toAlertSourceJSON(s monitor.Source) alertSourceJSON {
	out := alertSourceJSON{ID: s.ID, Name: s.Name, ExpectedMinutes: int(s.Expected / time.Minute), Silent: s.Silent(h.Clock()), Total: s.Total}
	if !s.LastSeen.IsZero() {
		out.LastSeen = &s.LastSeen
	}
	return out
}

func (h *Handler) alertSources(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	sources, err := h.Alerts.Sources(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]alertSourceJSON, len(sources))
	for i, s := range sources {
		out[i] = h.toAlertSourceJSON(s)
	}
	return writeJSON(w, http.StatusOK, list[alertSourceJSON]{out})
}

type alertSourceSettingsJSON struct {
	ExpectedMinutes int `json:"expected_minutes" jsonschema:"minimum=0,maximum=10080"`
}

func (h *Handler) setAlertSource(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in alertSourceSettingsJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	s, err := h.Alerts.SetExpected(r.Context(), sc, r.PathValue("id"), in.ExpectedMinutes)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h.toAlertSourceJSON(s))
}
