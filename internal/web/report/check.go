package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// reportCheckView is "Check your answers" before the report is sent.
type reportCheckView struct {
	web.Layout
	Report   report.Report
	Answers  []report.Answer
	AskName  bool   // the organisation allows anonymous reports, so the choice is shown
	FromWhom string // the reported e-mail's sender, as the analysis read it
}

func (h *Pages) newCheckView(r *http.Request, sc vigil.Scope, d report.Report) reportCheckView {
	v := reportCheckView{Layout: h.Layout(r, "Check your answers before sending your report"), Report: d,
		Answers: report.Answers(d.Kind, d.Details), AskName: h.orgSettings(r, sc).AnonymousReporting}
	if a := d.Analysis(); a != nil && a.From != nil {
		v.FromWhom = a.From.Address
	}
	v.Back = "/report/" + d.ID + "/details"
	return v
}

func (h *Pages) reportCheck(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	v := h.newCheckView(r, sc, d)
	h.render(w, r, http.StatusOK, "check", &v)
}

func (h *Pages) reportSend(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	sent, err := h.journey.Send(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		if vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		d, ok := h.draft(w, r, sc)
		if !ok {
			return
		}
		v := h.newCheckView(r, sc, d)
		v.SetErrors(err)
		h.render(w, r, http.StatusUnprocessableEntity, "check", &v)
		return
	}
	if sent.Anonymous {
		// The report no longer names its reporter, so this browser alone may
		// show its confirmation.
		http.SetCookie(w, &http.Cookie{Name: h.CookieName("vigil_sent"), Value: sent.ID, Path: "/", MaxAge: 3600,
			HttpOnly: true, Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, "/report/"+sent.ID+"/sent", http.StatusSeeOther)
}
