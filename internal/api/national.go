package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// nationalRoutes are the national centre's view across organisations.
func (h *Handler) nationalRoutes() []route {
	// The national what-if's question: a supplier or a product, and days.
	outageQuery := []queryParam{
		{Name: "supplier", Type: "string", Description: "a supplier's id or name as care maps write it; give this or product"},
		{Name: "product", Type: "string", Description: "vendor/product as in a CPE (such as meridian/care_record), a CPE or a package URL; give this or supplier"},
		{Name: "days", Type: "integer", Required: true, Description: "how many days it is down, 1 to 365"},
	}
	return []route{
		{Method: "GET", Path: "/api/v1/national/campaigns", Summary: "Lures reported in more than one organisation in the last 30 days, those reaching most organisations first", Permission: vigil.ReadAcrossOrgs, Response: "NationalCampaignList", handle: h.nationalCampaigns},
		{Method: "GET", Path: "/api/v1/national/campaigns/{id}", Summary: "One national campaign", Permission: vigil.ReadAcrossOrgs, Response: "NationalCampaign", handle: h.nationalCampaign},
		{Method: "POST", Path: "/api/v1/national/campaigns/{id}/verdict", Summary: "The centre's verdict; with a warning, staff of every organisation that reported the lure see it", Permission: vigil.WarnAcrossOrgs, Request: "NationalDecision", Response: "NationalVerdict", handle: h.nationalVerdict},
		{Method: "GET", Path: "/api/v1/national/whatif", Summary: "What if a supplier or product were down for some days: the organisations, services, patients and downtime procedures affected, across every organisation's care map, most harmed first", Permission: vigil.ReadAcrossOrgs, Response: "NationalOutage", Query: outageQuery, handle: h.nationalWhatIf},
		{Method: "GET", Path: "/api/v1/national/whatif.csv", Summary: "The same answer as CSV, one row per affected service", Permission: vigil.ReadAcrossOrgs, Response: "csv", Query: outageQuery, handle: h.nationalWhatIfCSV},
	}
}

type nationalCampaignJSON struct {
	ID        string               `json:"id" jsonschema_description:"the oldest member campaign's id"`
	Title     string               `json:"title"`
	Clues     []clueJSON           `json:"clues"`
	Members   []nationalMemberJSON `json:"organisations"`
	Reports   int                  `json:"reports"`
	FirstSeen time.Time            `json:"first_seen"`
	LastSeen  time.Time            `json:"last_seen"`
	Verdict   *nationalVerdictJSON `json:"verdict,omitempty"`
}

type clueJSON struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type nationalMemberJSON struct {
	OrgID        string         `json:"org_id"`
	OrgCode      string         `json:"org_code"`
	OrgName      string         `json:"org_name"`
	CampaignID   string         `json:"campaign_id"`
	Title        string         `json:"title"`
	Verdict      report.Verdict `json:"verdict,omitempty" jsonschema_description:"the organisation's own verdict"`
	Reports      int            `json:"reports"`
	LastReportAt time.Time      `json:"last_report_at"`
}

type nationalVerdictJSON struct {
	ID          string         `json:"id"`
	Verdict     report.Verdict `json:"verdict"`
	Note        string         `json:"note,omitempty"`
	WarningText string         `json:"warning_text,omitempty"`
	DecidedBy   string         `json:"decided_by"`
	DecidedAt   time.Time      `json:"decided_at"`
}

type nationalDecisionJSON struct {
	Verdict     report.Verdict `json:"verdict" jsonschema:"enum=malicious,enum=spam,enum=safe"`
	Note        string         `json:"note,omitempty" jsonschema:"maxLength=4000"`
	WarningText string         `json:"warning_text,omitempty" jsonschema:"maxLength=300" jsonschema_description:"only with malicious: shown to staff of every organisation that reported the lure"`
}

func toNationalVerdictJSON(v report.NationalVerdict) nationalVerdictJSON {
	return nationalVerdictJSON{ID: v.ID, Verdict: v.Verdict, Note: v.Note, WarningText: v.WarningText, DecidedBy: v.DecidedBy, DecidedAt: v.DecidedAt}
}

func toNationalCampaignJSON(n report.NationalCampaign) nationalCampaignJSON {
	out := nationalCampaignJSON{ID: n.ID, Title: n.Title, Reports: n.Reports, FirstSeen: n.FirstSeen, LastSeen: n.LastSeen,
		Clues: make([]clueJSON, len(n.Clues)), Members: make([]nationalMemberJSON, len(n.Members))}
	for i, c := range n.Clues {
		out.Clues[i] = clueJSON(c)
	}
	for i, m := range n.Members {
		out.Members[i] = nationalMemberJSON{m.OrgID, m.OrgCode, m.OrgName, m.CampaignID, m.Title, m.Verdict, m.Reports, m.LastReportAt}
	}
	if n.Verdict != nil {
		v := toNationalVerdictJSON(*n.Verdict)
		out.Verdict = &v
	}
	return out
}

func (h *Handler) nationalCampaigns(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	found, err := h.Triage.NationalCampaigns(r.Context(), sc, h.Clock())
	if err != nil {
		return err
	}
	out := make([]nationalCampaignJSON, len(found))
	for i, n := range found {
		out[i] = toNationalCampaignJSON(n)
	}
	return writeJSON(w, http.StatusOK, list[nationalCampaignJSON]{out})
}

func (h *Handler) nationalCampaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	n, err := h.Triage.NationalCampaign(r.Context(), sc, r.PathValue("id"), h.Clock())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toNationalCampaignJSON(n))
}

func (h *Handler) nationalVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in nationalDecisionJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	v, err := h.Triage.DecideNationally(r.Context(), sc, r.PathValue("id"), report.NationalDecision(in), h.Clock())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toNationalVerdictJSON(v))
}

// nationalComponents name the national centre's bodies in the OpenAPI document.
func nationalComponents() map[string]any {
	return map[string]any{
		"NationalCampaign":     nationalCampaignJSON{},
		"NationalCampaignList": list[nationalCampaignJSON]{},
		"NationalDecision":     nationalDecisionJSON{},
		"NationalVerdict":      nationalVerdictJSON{},
		"NationalOutage":       whatif.NationalAnswer{},
	}
}

func (h *Handler) nationalOutage(r *http.Request, sc vigil.Scope) (whatif.NationalAnswer, error) {
	q := r.URL.Query()
	outage, err := whatif.NewOutage(q.Get("supplier"), q.Get("product"), q.Get("days"))
	if err != nil {
		return whatif.NationalAnswer{}, err
	}
	return h.WhatIf.National(r.Context(), sc, outage)
}

func (h *Handler) nationalWhatIf(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ans, err := h.nationalOutage(r, sc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ans)
}

func (h *Handler) nationalWhatIfCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ans, err := h.nationalOutage(r, sc)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	return whatif.WriteNationalCSV(w, ans)
}
