package report

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// reportSentView is the confirmation: thanks without blame, what to do right
// now for this kind of report, and what happens next.
type reportSentView struct {
	web.Layout
	Report   report.Report
	DoNow    []string // from the organisation's settings for this kind
	Phone    string   // the service desk's, written as a tel: link wherever DoNow says it
	WhatNext string
	ByEmail  bool // reporters hear back by e-mail too
}

func (h *Pages) reportSent(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	c, err := r.Cookie(h.CookieName("vigil_sent"))
	sentHere := err == nil && c.Value == id
	rep, err := h.journey.Sent(r.Context(), sc, id, sentHere)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	phone := h.orgSettings(r, sc).ServiceDeskPhone
	v := reportSentView{Layout: h.Layout(r, "Report sent"), Report: rep,
		DoNow: rep.Kind.DoNow(phone, rep.Details), Phone: phone, WhatNext: rep.Kind.WhatNext(), ByEmail: h.journey.MailsFeedback()}
	h.render(w, r, http.StatusOK, "sent", &v)
}
