package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// campaignView is one campaign: its reports, the analysis of its first
// e-mail, the verdict form and, once it is malicious, the staff warning.
type campaignView struct {
	web.Layout
	Campaign    report.Campaign
	Reports     []report.Report
	Lead        report.Report // the first report: its e-mail is analysed on the page
	Analysis    *analysisView
	Verdicts    []verdictChoice
	WarningText string // the warning as published, or a draft of it
	Phone       string
}

func (h *Pages) triageCampaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showCampaign(w, r, sc, http.StatusOK, nil)
}

// showCampaign renders the campaign page, with the problems of a form on it when err is set.
func (h *Pages) showCampaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, err error) {
	ctx := r.Context()
	c, cerr := h.triage.Campaign(ctx, sc, r.PathValue("id"))
	if cerr != nil {
		h.Fail(w, r, cerr)
		return
	}
	reports, rerr := h.triage.Reports(ctx, sc, report.ReportFilter{CampaignID: c.ID})
	if rerr != nil {
		h.Fail(w, r, rerr)
		return
	}
	v := campaignView{Layout: h.Layout(r, c.Title), Campaign: c, Reports: reports, Verdicts: verdictChoices(report.Email, c.Verdict),
		Phone: h.orgSettings(r, sc).ServiceDeskPhone}
	v.Back = "/triage"
	if len(reports) > 0 {
		lead, lerr := h.triage.Report(ctx, sc, reports[len(reports)-1].ID)
		if lerr != nil {
			h.Fail(w, r, lerr)
			return
		}
		v.Lead, v.Analysis = lead, newAnalysisView(lead.Analysis())
	}
	v.WarningText = c.WarningText
	if v.WarningText == "" {
		v.WarningText = "We have seen e-mails with the subject “" + c.Title + "”. They are a scam. Do not click their links or open their attachments. If you did, change your password and call the IT service desk now."
	}
	if err != nil {
		v.SetErrors(err)
	}
	h.render(w, r, status, "campaign", &v)
}

func (h *Pages) campaignVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	c, err := h.triage.DecideCampaign(r.Context(), sc, r.PathValue("id"), report.Verdict(r.PostFormValue("verdict")), r.PostFormValue("note"))
	if err != nil {
		h.campaignFormFailed(w, r, sc, err)
		return
	}
	h.SetFlash(w, "Verdict given: "+c.Verdict.Label()+". Everyone who reported it will hear back.")
	http.Redirect(w, r, "/triage/campaigns/"+c.ID, http.StatusSeeOther)
}

func (h *Pages) campaignAlert(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.triage.PublishWarning(r.Context(), sc, id, r.PostFormValue("alert_text")); err != nil {
		h.campaignFormFailed(w, r, sc, err)
		return
	}
	h.SetFlash(w, "All staff will see the warning on their home page for two weeks.")
	http.Redirect(w, r, "/triage/campaigns/"+id, http.StatusSeeOther)
}

func (h *Pages) campaignAlertWithdraw(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if err := h.triage.WithdrawWarning(r.Context(), sc, id); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "The warning has been taken off the home page.")
	http.Redirect(w, r, "/triage/campaigns/"+id, http.StatusSeeOther)
}

func (h *Pages) campaignFormFailed(w http.ResponseWriter, r *http.Request, sc vigil.Scope, err error) {
	if vigil.CodeOf(err) != vigil.Invalid {
		h.Fail(w, r, err)
		return
	}
	h.showCampaign(w, r, sc, http.StatusUnprocessableEntity, err)
}
