package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
)

// reportRoutes are the speak-up operations: intake, triage, verdicts, staff warnings and metrics.
func (h *Handler) reportRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/reports", Summary: "Send in a report: a suspicious e-mail (.eml, or a Microsoft Report submission) as multipart/form-data, or another kind with its answers",
			Permission: vigil.CreateReports, Request: "multipart:ReportUpload", Response: "Report", Status: http.StatusCreated, MaxBody: maxReportUpload, handle: h.createReport},
		{Method: "GET", Path: "/api/v1/reports", Summary: "The organisation's reports, newest first (?status=open|closed)", Permission: vigil.TriageReports, Response: "ReportPage", Paged: true, handle: h.reports},
		{Method: "GET", Path: "/api/v1/reports/mine", Summary: "The caller's own reports, with their status and verdict", Permission: vigil.CreateReports, Response: "ReportPage", Paged: true, handle: h.myReports},
		{Method: "GET", Path: "/api/v1/reports/metrics", Summary: "Speak-up metrics over the last weeks (?weeks=12)", Permission: vigil.TriageReports, Response: "ReportMetrics", handle: h.reportMetrics},
		{Method: "GET", Path: "/api/v1/reports/{id}", Summary: "One report, with the analysis of its e-mail", Permission: vigil.TriageReports, Response: "ReportDetail", handle: h.report},
		{Method: "POST", Path: "/api/v1/reports/{id}/verdict", Summary: "Give a report outside any campaign its verdict; its reporter hears back", Permission: vigil.TriageReports, Request: "Verdict", Response: "Report", handle: h.reportVerdict},
		{Method: "GET", Path: "/api/v1/campaigns", Summary: "Campaigns of reported e-mails, newest first (?status=open|decided)", Permission: vigil.TriageReports, Response: "CampaignPage", Paged: true, handle: h.campaigns},
		{Method: "GET", Path: "/api/v1/campaigns/{id}", Summary: "One campaign", Permission: vigil.TriageReports, Response: "Campaign", handle: h.campaign},
		{Method: "POST", Path: "/api/v1/campaigns/{id}/verdict", Summary: "Give a campaign its verdict; everyone who reported it hears back", Permission: vigil.TriageReports, Request: "Verdict", Response: "Campaign", handle: h.campaignVerdict},
		{Method: "PUT", Path: "/api/v1/campaigns/{id}/warning", Summary: "Warn all staff about a malicious campaign on their home page", Permission: vigil.TriageReports, Request: "WarningText", Status: http.StatusNoContent, handle: h.publishWarning},
		{Method: "DELETE", Path: "/api/v1/campaigns/{id}/warning", Summary: "Take a campaign's staff warning down", Permission: vigil.TriageReports, Status: http.StatusNoContent, handle: h.withdrawWarning},
		{Method: "GET", Path: "/api/v1/warnings", Summary: "The \"we've seen this\" warnings all staff see now", Permission: vigil.ReadOrganisation, Response: "WarningList", handle: h.warnings},
		{Method: "POST", Path: "/api/v1/simulations", Summary: "Import a phishing simulation's results (text/csv body, ?name=); only the totals are kept", Permission: vigil.TriageReports, Request: "csv", Response: "Simulation", Status: http.StatusCreated, MaxBody: report.MaxSimulationBytes + 1, handle: h.importSimulation},
	}
}

type reportJSON struct {
	ID              string         `json:"id"`
	Kind            report.Kind    `json:"kind"`
	Status          report.Status  `json:"status"`
	Source          report.Source  `json:"source"`
	ReporterID      string         `json:"reporter_id,omitempty"`
	ReporterName    string         `json:"reporter_name,omitempty"`
	ReporterAddress string         `json:"reporter_address,omitempty"`
	Anonymous       bool           `json:"anonymous"`
	Subject         string         `json:"subject,omitempty"`
	Details         report.Details `json:"details"`
	HasEmail        bool           `json:"has_email"`
	AnalysisNote    string         `json:"analysis_note,omitempty"`
	CampaignID      string         `json:"campaign_id,omitempty"`
	Verdict         report.Verdict `json:"verdict,omitempty"`
	VerdictNote     string         `json:"verdict_note,omitempty"`
	VerdictAt       *time.Time     `json:"verdict_at,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	SentAt          *time.Time     `json:"sent_at,omitempty"`
}

func toReportJSON(r report.Report) reportJSON {
	d := r.Details
	if d == nil {
		d = report.Details{}
	}
	return reportJSON{ID: r.ID, Kind: r.Kind, Status: r.Status, Source: r.Source, ReporterID: r.ReporterID, ReporterName: r.ReporterName,
		ReporterAddress: r.ReporterAddress, Anonymous: r.Anonymous, Subject: r.Subject, Details: d, HasEmail: r.HasEmail,
		AnalysisNote: r.AnalysisNote, CampaignID: r.CampaignID, Verdict: r.Verdict, VerdictNote: r.VerdictNote, VerdictAt: r.VerdictAt,
		CreatedAt: r.CreatedAt, SentAt: r.SentAt}
}

// maxReportUpload is the largest intake request: the e-mail and the form around it.
const maxReportUpload = report.MaxEmailBytes + 1<<20

func (h *Handler) createReport(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	release, err := h.intake.admit(r, sc)
	if err != nil {
		return err
	}
	defer release()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return vigil.InvalidFields("The request is too large.", map[string]string{"file": "The e-mail may be up to 25 MB."})
		}
		return vigil.InvalidFields("Send the report as multipart/form-data.", map[string]string{"body": "multipart/form-data with the e-mail in a field called file"})
	}
	defer r.MultipartForm.RemoveAll()
	form := r.MultipartForm.Value
	first := func(name string) string {
		if v := form[name]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := report.Incoming{Kind: report.Kind(first("kind")), Source: report.FromAPI, ReporterAddress: first("reporter_email")}
	if key := r.Header.Get("Idempotency-Key"); key != "" {
		in.Key = "api:" + key // apart from the mailbox's keys
	}
	if in.Kind == "" {
		in.Kind = report.Email
	}
	kind, err := report.ParseKind(string(in.Kind))
	if err != nil {
		return vigil.InvalidFields("Unknown kind of report.", map[string]string{"kind": err.Error()})
	}
	if kind == report.Email {
		file, header, err := r.FormFile("file")
		if err != nil {
			return vigil.InvalidFields("The e-mail is missing.", map[string]string{"file": "attach the reported e-mail (.eml) in a field called file"})
		}
		defer file.Close()
		if in.Email, err = io.ReadAll(io.LimitReader(file, report.MaxEmailBytes+1)); err != nil {
			return vigil.InvalidFields("The e-mail could not be read.", map[string]string{"file": err.Error()})
		}
		in.FileName = header.Filename
	}
	// Another system sending in an e-mail — the Report add-in, a mail rule —
	// could not ask the reporter our questions: for e-mails they are optional.
	if kind != report.Email || answered(kind, form) {
		if in.Details, err = report.ParseDetails(kind, form); err != nil {
			return err
		}
	}
	rep, err := h.Journey.Receive(r.Context(), sc, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/reports/"+rep.ID)
	return writeJSON(w, http.StatusCreated, toReportJSON(rep))
}

// answered says whether the form answers any of the kind's questions.
func answered(kind report.Kind, form map[string][]string) bool {
	for _, f := range kind.Fields() {
		if len(form[f.Name]) > 0 {
			return true
		}
	}
	return false
}

func (h *Handler) reports(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	f := report.ReportFilter{Page: report.Page{Before: before, Limit: limit + 1}}
	switch s := report.Status(r.URL.Query().Get("status")); s {
	case "":
	case report.Open, report.Closed:
		f.Status = s
	default:
		return vigil.InvalidFields("Bad status.", map[string]string{"status": "open or closed"})
	}
	found, err := h.Triage.Reports(r.Context(), sc, f)
	return writeReportPage(w, found, limit, err)
}

func (h *Handler) myReports(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	mine, err := h.Journey.Mine(r.Context(), sc, report.Page{Before: before, Limit: limit + 1})
	return writeReportPage(w, mine, limit, err)
}

func writeReportPage(w http.ResponseWriter, reports []report.Report, limit int, err error) error {
	if err != nil {
		return err
	}
	out := make([]reportJSON, len(reports))
	for i, rep := range reports {
		out[i] = toReportJSON(rep)
	}
	return writeJSON(w, http.StatusOK, paged(out, limit, func(r reportJSON) string { return r.ID }))
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	rep, err := h.Triage.Report(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportDetailJSON{toReportJSON(rep), rep.Analysis()})
}

// reportDetailJSON is one report with the analysis of its e-mail.
type reportDetailJSON struct {
	reportJSON
	Analysis *email.Analysis `json:"analysis,omitempty"`
}

type verdictJSON struct {
	Verdict report.Verdict `json:"verdict"`
	Note    string         `json:"note"`
}

func (h *Handler) reportVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in verdictJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	rep, err := h.Triage.DecideReport(r.Context(), sc, r.PathValue("id"), in.Verdict, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toReportJSON(rep))
}

type campaignJSON struct {
	ID                 string         `json:"id"`
	Title              string         `json:"title"`
	SenderDomain       string         `json:"sender_domain,omitempty"`
	Verdict            report.Verdict `json:"verdict,omitempty"`
	VerdictNote        string         `json:"verdict_note,omitempty"`
	DecidedBy          string         `json:"decided_by,omitempty"`
	DecidedAt          *time.Time     `json:"decided_at,omitempty"`
	WarningText        string         `json:"warning_text,omitempty"`
	WarningPublishedAt *time.Time     `json:"warning_published_at,omitempty"`
	CreatedAt          time.Time      `json:"created_at"`
	LastReportAt       time.Time      `json:"last_report_at"`
	Reports            int            `json:"reports"`
	Reporters          int            `json:"reporters"`
}

func toCampaignJSON(c report.Campaign) campaignJSON {
	return campaignJSON{ID: c.ID, Title: c.Title, SenderDomain: c.SenderDomain, Verdict: c.Verdict, VerdictNote: c.VerdictNote,
		DecidedBy: c.DecidedBy, DecidedAt: c.DecidedAt, WarningText: c.WarningText, WarningPublishedAt: c.WarningPublishedAt,
		CreatedAt: c.CreatedAt, LastReportAt: c.LastReportAt, Reports: c.Reports, Reporters: c.Reporters}
}

func (h *Handler) campaigns(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	f := report.CampaignFilter{Page: report.Page{Before: before, Limit: limit + 1}}
	switch r.URL.Query().Get("status") {
	case "":
	case "open":
		f.Open = true
	case "decided":
		f.Decided = true
	default:
		return vigil.InvalidFields("Bad status.", map[string]string{"status": "open or decided"})
	}
	found, err := h.Triage.Campaigns(r.Context(), sc, f)
	if err != nil {
		return err
	}
	out := make([]campaignJSON, len(found))
	for i, c := range found {
		out[i] = toCampaignJSON(c)
	}
	return writeJSON(w, http.StatusOK, paged(out, limit, func(c campaignJSON) string { return c.ID }))
}

func (h *Handler) campaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	c, err := h.Triage.Campaign(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCampaignJSON(c))
}

func (h *Handler) campaignVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in verdictJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := h.Triage.DecideCampaign(r.Context(), sc, r.PathValue("id"), in.Verdict, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCampaignJSON(c))
}

type warningTextJSON struct {
	Text string `json:"text" jsonschema:"maxLength=300"`
}

func (h *Handler) publishWarning(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in warningTextJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := h.Triage.PublishWarning(r.Context(), sc, r.PathValue("id"), in.Text); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) withdrawWarning(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Triage.WithdrawWarning(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type warningJSON struct {
	CampaignID  string    `json:"campaign_id" jsonschema_description:"the organisation's campaign or, for a national warning, the national campaign"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	PublishedAt time.Time `json:"published_at"`
	National    bool      `json:"national" jsonschema_description:"from the national centre, about a lure reported in several organisations"`
}

func (h *Handler) warnings(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	warnings, err := h.Journey.Warnings(r.Context(), sc, h.Clock())
	if err != nil {
		return err
	}
	out := make([]warningJSON, len(warnings))
	for i, a := range warnings {
		out[i] = warningJSON{a.CampaignID, a.Title, a.Text, a.PublishedAt, a.National}
	}
	return writeJSON(w, http.StatusOK, list[warningJSON]{out})
}

type simulationJSON struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	Recipients          int       `json:"recipients"`
	Clicked             int       `json:"clicked"`
	Reported            int       `json:"reported"`
	ReportersPerClicker *float64  `json:"reporters_per_clicker,omitempty"`
	ImportedBy          string    `json:"imported_by"`
	ImportedAt          time.Time `json:"imported_at"`
}

func toSimulationJSON(s report.Simulation) simulationJSON {
	out := simulationJSON{ID: s.ID, Name: s.Name, Recipients: s.Recipients, Clicked: s.Clicked, Reported: s.Reported, ImportedBy: s.ImportedBy, ImportedAt: s.ImportedAt}
	if r, ok := s.ReportersPerClicker(); ok {
		out.ReportersPerClicker = &r
	}
	return out
}

func (h *Handler) importSimulation(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	sim, err := h.Triage.ImportSimulation(r.Context(), sc, r.URL.Query().Get("name"), io.LimitReader(r.Body, report.MaxSimulationBytes+1))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toSimulationJSON(sim))
}

type weekJSON struct {
	Start  time.Time           `json:"start"`
	ByKind map[report.Kind]int `json:"by_kind"`
	Total  int                 `json:"total"`
}

type reachJSON struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Verdict   report.Verdict `json:"verdict,omitempty"`
	Reports   int            `json:"reports"`
	Reporters int            `json:"reporters"`
}

type metricsJSON struct {
	From                          time.Time        `json:"from"`
	To                            time.Time        `json:"to"`
	Weeks                         []weekJSON       `json:"weeks"`
	Reports                       int              `json:"reports"`
	Anonymous                     int              `json:"anonymous"`
	UniqueReporters               int              `json:"unique_reporters"`
	Decided                       int              `json:"decided"`
	MedianSecondsToVerdict        *float64         `json:"median_seconds_to_verdict" jsonschema:"oneof_type=number;null"`
	ReportersHeardBack            int              `json:"reporters_heard_back"`
	FeedbackShare                 float64          `json:"feedback_share"`
	Campaigns                     []reachJSON      `json:"campaigns"`
	ReportersPerCampaign          float64          `json:"reporters_per_campaign"`
	Simulations                   []simulationJSON `json:"simulations"`
	SimulationReportersPerClicker *float64         `json:"simulation_reporters_per_clicker" jsonschema:"oneof_type=number;null"`
}

func (h *Handler) reportMetrics(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	weeks := 12
	if s := r.URL.Query().Get("weeks"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > report.MaxMetricWeeks {
			return vigil.InvalidFields("Bad weeks.", map[string]string{"weeks": "a whole number from 1 to " + strconv.Itoa(report.MaxMetricWeeks)})
		}
		weeks = n
	}
	m, err := h.Triage.Metrics(r.Context(), sc, weeks, h.Clock())
	if err != nil {
		return err
	}
	out := metricsJSON{From: m.From, To: m.To, Reports: m.Reports, Anonymous: m.Anonymous, UniqueReporters: m.UniqueReporters,
		Decided: m.Decided, ReportersHeardBack: m.ReportersHeardBack, FeedbackShare: m.FeedbackShare,
		ReportersPerCampaign: m.ReportersPerCampaign, Weeks: []weekJSON{}, Campaigns: []reachJSON{}, Simulations: []simulationJSON{}}
	if m.Decided > 0 {
		s := m.MedianTimeToVerdict.Seconds()
		out.MedianSecondsToVerdict = &s
	}
	if m.HasClickers {
		out.SimulationReportersPerClicker = &m.ReportersPerClicker
	}
	for _, wk := range m.Weeks {
		byKind := map[report.Kind]int{}
		for i, k := range report.Kinds {
			byKind[k] = wk.ByKind[i]
		}
		out.Weeks = append(out.Weeks, weekJSON{Start: wk.Start, ByKind: byKind, Total: wk.Total})
	}
	for _, c := range m.Campaigns {
		out.Campaigns = append(out.Campaigns, reachJSON{c.ID, c.Title, c.Verdict, c.Reports, c.Reporters})
	}
	for _, s := range m.Simulations {
		out.Simulations = append(out.Simulations, toSimulationJSON(s))
	}
	return writeJSON(w, http.StatusOK, out)
}

// reportComponents name the speak-up bodies in the OpenAPI document.
func reportComponents() map[string]any {
	return map[string]any{
		"Report":        reportJSON{},
		"ReportPage":    page[reportJSON]{},
		"ReportDetail":  reportDetailJSON{},
		"ReportUpload":  reportUploadForm{},
		"Verdict":       verdictJSON{},
		"WarningText":   warningTextJSON{},
		"Campaign":      campaignJSON{},
		"CampaignPage":  page[campaignJSON]{},
		"WarningList":   list[warningJSON]{},
		"Simulation":    simulationJSON{},
		"ReportMetrics": metricsJSON{},
	}
}

// reportUploadForm documents the multipart form that reports arrive in.
type reportUploadForm struct {
	File          string      `json:"file,omitempty" jsonschema:"format=binary" jsonschema_description:"the reported e-mail (.eml) or a Microsoft Report submission, up to 25 MB; required for kind email"`
	Kind          report.Kind `json:"kind,omitempty" jsonschema:"default=email"`
	ReporterEmail string      `json:"reporter_email,omitempty" jsonschema_description:"who reported it; matched to a person of the organisation"`
}

// multipartSchema is the schema name of a multipart/form-data request ("multipart:Name").
func multipartSchema(request string) (string, bool) {
	return strings.CutPrefix(request, "multipart:")
}
