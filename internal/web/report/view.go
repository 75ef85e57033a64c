package report

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// triageReportView is one report for an analyst: what the reporter said,
// the checklist for its kind, the e-mail's analysis, and — for a report
// outside any campaign — the verdict form.
type triageReportView struct {
	web.Layout
	Report   report.Report
	Answers  []report.Answer
	Steps    []report.Step
	Analysis *analysisView
	Verdicts []verdictChoice
	// MedicalDevice says the report is about a medical device, whose place
	// in the care map (which services depend on it) the analyst needs.
	MedicalDevice bool
	// Incidents are those the report is linked to, and those it can be.
	Incidents *reportIncidents
}

func (h *Pages) triageReport(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showReport(w, r, sc, http.StatusOK, nil)
}

func (h *Pages) showReport(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, err error) {
	rep, rerr := h.triage.Report(r.Context(), sc, r.PathValue("id"))
	if rerr != nil {
		h.Fail(w, r, rerr)
		return
	}
	steps, serr := h.triage.Checklist(r.Context(), sc, rep.ID)
	if serr != nil {
		h.Fail(w, r, serr)
		return
	}
	v := triageReportView{Layout: h.Layout(r, rep.Kind.Title()), Report: rep, Answers: report.Answers(rep.Kind, rep.Details),
		Steps: steps, Analysis: newAnalysisView(rep.Analysis()),
		MedicalDevice: rep.Kind == report.OddBehaviour && rep.Details.Value("device") == "medical-device"}
	if rep.CampaignID == "" {
		v.Verdicts = verdictChoices(rep.Kind, rep.Verdict)
	}
	v.Back = "/triage"
	if rep.CampaignID != "" {
		v.Back = "/triage/campaigns/" + rep.CampaignID
	}
	if v.Incidents, rerr = h.reportIncidentsOf(r, sc, rep.ID); rerr != nil {
		h.Fail(w, r, rerr)
		return
	}
	if err != nil {
		v.SetErrors(err)
	}
	h.render(w, r, status, "view", &v)
}

func (h *Pages) reportVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	rep, err := h.triage.DecideReport(r.Context(), sc, r.PathValue("id"), report.Verdict(r.PostFormValue("verdict")), r.PostFormValue("note"))
	if err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		h.showReport(w, r, sc, http.StatusUnprocessableEntity, err)
		return
	}
	h.SetFlash(w, "Verdict given: "+rep.Verdict.Label()+".")
	http.Redirect(w, r, "/triage/reports/"+rep.ID, http.StatusSeeOther)
}

// reportEmailDownload hands an analyst the reported e-mail exactly as it
// came. It is the attacker's file: it is only ever a download, never shown,
// so no browser treats it as a page, an image or a script.
func (h *Pages) reportEmailDownload(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	raw, err := h.triage.Raw(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/octet-stream")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "report-" + raw.ReportID + ".eml"}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Content-Length", strconv.Itoa(len(raw.Content)))
	_, _ = w.Write(raw.Content)
}

// reportChecklist saves which steps of the checklist are done.
func (h *Pages) reportChecklist(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	var done []int
	for _, v := range r.PostForm["step"] {
		i, err := strconv.Atoi(v)
		if err != nil {
			h.showReport(w, r, sc, http.StatusUnprocessableEntity, vigil.InvalidFields("", map[string]string{"step": "Choose steps from the checklist."}))
			return
		}
		done = append(done, i)
	}
	if _, err := h.triage.TickSteps(r.Context(), sc, r.PathValue("id"), done); err != nil {
		if vigil.CodeOf(err) == vigil.Invalid {
			h.showReport(w, r, sc, http.StatusUnprocessableEntity, err)
			return
		}
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Checklist saved.")
	http.Redirect(w, r, "/triage/reports/"+r.PathValue("id")+"#checklist", http.StatusSeeOther)
}
