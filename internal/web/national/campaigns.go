package national

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type campaignsView struct {
	web.Layout
	Campaigns []report.NationalCampaign
}

func (h *Pages) campaigns(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	cs, err := h.triage.NationalCampaigns(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, h.pages, "campaigns", &campaignsView{Layout: h.Layout(r, "National campaigns"), Campaigns: cs})
}

// campaignView is one lure across organisations and the centre's verdict form.
type campaignView struct {
	web.Layout
	Campaign    report.NationalCampaign
	Verdicts    []verdictChoice
	Note        string
	WarningText string
	CanDecide   bool
}

type verdictChoice struct {
	Value  report.Verdict
	Hint   string
	Chosen bool
}

// nationalVerdicts are the verdicts the centre can give, with what each does.
func nationalVerdicts(chosen report.Verdict) []verdictChoice {
	cs := []verdictChoice{
		{Value: report.Malicious, Hint: "Staff of every organisation that reported it see your warning, if you write one."},
		{Value: report.Spam, Hint: "Unwanted, but not an attack. Nobody is warned."},
		{Value: report.Safe, Hint: "A genuine e-mail, for example from a national NHS body. Nobody is warned."},
	}
	for i := range cs {
		cs[i].Chosen = cs[i].Value == chosen
	}
	return cs
}

func (h *Pages) campaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showCampaign(w, r, sc, http.StatusOK, report.NationalDecision{}, nil)
}

// showCampaign renders one national campaign; after a refused form, with
// what was typed and what was wrong.
func (h *Pages) showCampaign(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typed report.NationalDecision, formErr error) {
	c, err := h.triage.NationalCampaign(r.Context(), sc, r.PathValue("id"), h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := campaignView{Layout: h.Layout(r, c.Title), Campaign: c, CanDecide: sc.Can(vigil.WarnAcrossOrgs)}
	v.Back = "/national/campaigns"
	chosen := typed.Verdict
	v.Note, v.WarningText = typed.Note, typed.WarningText
	if formErr == nil {
		v.WarningText = "E-mails with the subject “" + c.Title + "” are reaching NHS staff in several organisations. They are a scam. Do not click their links or open their attachments. If you did, change your password and call your IT service desk now."
		if c.Verdict != nil {
			chosen, v.Note = c.Verdict.Verdict, c.Verdict.Note
			if c.Verdict.WarningText != "" {
				v.WarningText = c.Verdict.WarningText
			}
		}
	}
	v.Verdicts = nationalVerdicts(chosen)
	if formErr != nil {
		v.SetErrors(formErr)
	}
	h.Render(w, r, status, h.pages, "campaign", &v)
}

func (h *Pages) campaignVerdict(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := report.NationalDecision{Verdict: report.Verdict(r.PostFormValue("verdict")), Note: r.PostFormValue("note")}
	if r.PostFormValue("warn") == "yes" {
		d.WarningText = r.PostFormValue("warning_text")
	}
	v, err := h.triage.DecideNationally(r.Context(), sc, r.PathValue("id"), d, h.Now())
	if vigil.CodeOf(err) == vigil.Invalid {
		h.showCampaign(w, r, sc, http.StatusUnprocessableEntity, d, err)
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	msg := "Verdict given: " + v.Verdict.Label() + "."
	if v.WarningText != "" {
		msg += " Staff of every organisation that reported it will see your warning on their home page for two weeks."
	}
	h.SetFlash(w, msg)
	http.Redirect(w, r, "/national/campaigns/"+r.PathValue("id"), http.StatusSeeOther)
}
