package api

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// maxVulnUpload is the largest advisory document or inventory the API takes; a whole
// ecosystem export is imported with the vigil vuln import command instead.
const maxVulnUpload = 64 << 20

// vulnRoutes are vulnerability intelligence: advisories in, inventories in, findings out.
func (h *Handler) vulnRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/advisories", Summary: "Import advisories (OSV, CSAF, CVE JSON 5, CycloneDX VEX, a zip of OSV records), the KEV catalogue or EPSS scores; importing again changes nothing",
			Permission: vigil.WriteVulns, Request: "multipart:AdvisoryUpload", Response: "AdvisoryImport", MaxBody: maxVulnUpload, handle: h.importAdvisories},
		{Method: "GET", Path: "/api/v1/inventories", Summary: "SBOMs and asset lists, by care-map asset", Permission: vigil.ReadVulns, Response: "InventoryList", handle: h.inventories},
		{Method: "POST", Path: "/api/v1/inventories", Summary: "Upload an SBOM (CycloneDX, SPDX) or CSV asset list for a care-map asset; replaces one of the same name there",
			Permission: vigil.WriteVulns, Request: "multipart:InventoryUpload", Response: "InventoryUploaded", Status: http.StatusCreated, MaxBody: maxVulnUpload, handle: h.uploadInventory},
		{Method: "GET", Path: "/api/v1/findings", Summary: "Open findings, most urgent first (SSVC decision, then clinical risk); up to 500", Permission: vigil.ReadVulns, Response: "FindingList", handle: h.findingList},
		{Method: "GET", Path: "/api/v1/findings/{id}", Summary: "One finding, with its decision's inputs and where each came from", Permission: vigil.ReadVulns, Response: "Finding", handle: h.finding},
		{Method: "POST", Path: "/api/v1/findings/{id}/decision", Summary: "Record a finding's status; it stays for later versions in the same affected range",
			Permission: vigil.WriteVulns, Request: "FindingDecision", Response: "Finding", handle: h.decideFinding},
		{Method: "GET", Path: "/api/v1/vulnerabilities/{id}/organisations", Summary: "National centre: the organisations with open findings for a vulnerability, most at risk first",
			Permission: vigil.ReadAcrossOrgs, Response: "ExposureList", handle: h.exposures},
	}
}

func vulnComponents() map[string]any {
	return map[string]any{
		"AdvisoryUpload":    advisoryUploadForm{},
		"AdvisoryImport":    findingsImportJSON{},
		"InventoryUpload":   inventoryUploadForm{},
		"InventoryUploaded": inventoryUploadedJSON{},
		"InventoryList":     list[inventoryJSON]{},
		"FindingList":       list[findingJSON]{},
		"Finding":           findingJSON{},
		"FindingDecision":   decisionJSON{},
		"ExposureList":      list[exposureJSON]{},
	}
}

// advisoryUploadForm documents the multipart form advisories arrive in.
type advisoryUploadForm struct {
	File string            `json:"file" jsonschema:"format=binary" jsonschema_description:"the document, up to 64 MiB"`
	Kind findings.FeedKind `json:"kind,omitempty" jsonschema:"enum=advisories,enum=kev,enum=epss,default=advisories"`
}

type inventoryUploadForm struct {
	File  string `json:"file" jsonschema:"format=binary" jsonschema_description:"the SBOM or CSV asset list, up to 64 MiB"`
	Asset string `json:"asset,omitempty" jsonschema_description:"the care-map asset id it describes; empty for software not in the care map"`
}

type findingsImportJSON struct {
	Document  string   `json:"document"`
	Kind      string   `json:"kind"`
	Read      int      `json:"read"`
	New       int      `json:"new"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Withdrawn int      `json:"withdrawn"`
	Problems  []string `json:"problems"`
	Evaluated int      `json:"organisations_evaluated"`
}

type inventoryJSON struct {
	ID         string         `json:"id"`
	AssetID    string         `json:"asset_id,omitempty"`
	Document   string         `json:"document"`
	Format     string         `json:"format"`
	Components int            `json:"components"`
	Problems   []sbom.Problem `json:"problems"`
	Quality    sbom.Quality   `json:"quality"`
	UploadedBy string         `json:"uploaded_by"`
	UploadedAt time.Time      `json:"uploaded_at"`
}

type inventoryUploadedJSON struct {
	Inventory inventoryJSON `json:"inventory"`
	Replaced  bool          `json:"replaced"`
	Open      int           `json:"findings_open"`
	New       int           `json:"findings_new"`
	Closed    int           `json:"findings_closed"`
}

type findingJSON struct {
	ID          string `json:"id"`
	InventoryID string `json:"inventory_id"`
	AssetID     string `json:"asset_id,omitempty"`
	match.Finding
	Asset     *ssvc.AssetImpact  `json:"asset,omitempty"`
	Analyst   *findings.Decision `json:"analyst,omitempty"`
	Open      bool               `json:"open"`
	Closed    string             `json:"closed_reason,omitempty"`
	DueOn     string             `json:"due_on,omitempty"`
	FirstSeen time.Time          `json:"first_seen"`
	LastSeen  time.Time          `json:"last_seen"`
}

type decisionJSON struct {
	Status        advisory.Status `json:"status" jsonschema:"enum=affected,enum=not_affected,enum=fixed,enum=under_investigation"`
	Justification string          `json:"justification,omitempty"`
	Note          string          `json:"note,omitempty"`
}

type exposureJSON struct {
	OrgCode  string        `json:"org_code"`
	OrgName  string        `json:"org_name"`
	Priority ssvc.Priority `json:"priority"`
	Risk     int           `json:"clinical_risk"`
	Findings int           `json:"findings"`
	Assets   []string      `json:"assets"`
	Services []string      `json:"services_at_risk"`
	Assumed  bool          `json:"assumed_worst"`
}

func toFindingJSON(f findings.Finding) findingJSON {
	return findingJSON{ID: f.ID, InventoryID: f.InventoryID, AssetID: f.AssetID, Finding: f.Finding, Asset: f.Asset, Analyst: f.Analyst,
		Open: f.Open, Closed: f.Closed, DueOn: f.DueOn, FirstSeen: f.FirstSeen, LastSeen: f.LastSeen}
}

func toInventoryJSON(i findings.Inventory) inventoryJSON {
	return inventoryJSON{ID: i.ID, AssetID: i.AssetID, Document: i.Document, Format: string(i.Format), Components: i.Components,
		Problems: nonNilSlice(i.Problems), Quality: i.Quality, UploadedBy: i.UploadedBy, UploadedAt: i.UploadedAt}
}

// uploadedFile reads the multipart form's file field.
func uploadedFile(r *http.Request) (string, []byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, vigil.InvalidFields("The upload is too large.", map[string]string{"file": "Up to 64 MiB through the API; import larger files with vigil vuln import"})
		}
		return "", nil, vigil.InvalidFields("Send the file as multipart/form-data.", map[string]string{"body": "multipart/form-data with the document in a field called file"})
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, vigil.InvalidFields("The file is missing.", map[string]string{"file": "attach the document in a field called file"})
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return "", nil, err
	}
	return hdr.Filename, data, nil
}

func (h *Handler) importAdvisories(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	name, data, err := uploadedFile(r)
	if err != nil {
		return err
	}
	kind := findings.FeedKind(r.FormValue("kind"))
	if kind == "" {
		kind = findings.Advisories
	}
	res, err := h.Vulns.Import(r.Context(), sc, kind, name, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, findingsImportJSON{Document: res.Document, Kind: string(res.Kind), Read: res.Read, New: res.New, Updated: res.Updated,
		Unchanged: res.Unchanged, Withdrawn: res.Withdrawn, Problems: nonNilSlice(res.Problems), Evaluated: res.Evaluated})
}

func (h *Handler) inventories(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	invs, err := h.Vulns.Inventories(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]inventoryJSON, len(invs))
	for i, inv := range invs {
		out[i] = toInventoryJSON(inv)
	}
	return writeJSON(w, http.StatusOK, list[inventoryJSON]{out})
}

func (h *Handler) uploadInventory(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	name, data, err := uploadedFile(r)
	if err != nil {
		return err
	}
	res, err := h.Vulns.Attach(r.Context(), sc, r.FormValue("asset"), name, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, inventoryUploadedJSON{Inventory: toInventoryJSON(res.Inventory), Replaced: res.Replaced,
		Open: res.Evaluated.Open, New: res.Evaluated.New, Closed: res.Evaluated.Closed})
}

func (h *Handler) findingList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	q := r.URL.Query()
	fs, err := h.Vulns.List(r.Context(), sc, findings.Filter{Service: q.Get("service"), Asset: q.Get("asset"), KEV: q.Get("kev") == "true",
		Priority: q.Get("decision"), Advisory: q.Get("id"), Closed: q.Get("closed") == "true"})
	if err != nil {
		return err
	}
	out := make([]findingJSON, len(fs))
	for i, f := range fs {
		out[i] = toFindingJSON(f)
	}
	return writeJSON(w, http.StatusOK, list[findingJSON]{out})
}

func (h *Handler) finding(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	f, err := h.Vulns.Finding(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toFindingJSON(f))
}

func (h *Handler) decideFinding(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in decisionJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := h.Vulns.Decide(r.Context(), sc, r.PathValue("id"), findings.DecisionInput{Status: in.Status, Justification: in.Justification, Note: in.Note})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toFindingJSON(f))
}

func (h *Handler) exposures(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ex, err := h.Vulns.Exposures(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]exposureJSON, len(ex))
	for i, e := range ex {
		out[i] = exposureJSON{OrgCode: e.Org.Code, OrgName: e.Org.Name, Priority: e.Priority, Risk: e.Risk, Findings: len(e.Findings),
			Assets: nonNilSlice(e.Assets), Services: nonNilSlice(e.Services), Assumed: e.Assumed}
	}
	return writeJSON(w, http.StatusOK, list[exposureJSON]{out})
}
