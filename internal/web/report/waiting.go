package report

import (
	"fmt"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// waiting is the home-page notice for people who triage: how much is
// waiting for a verdict and how long the oldest has waited. Nothing waiting,
// or no permission to triage, means no notice.
func (h *Pages) waiting(r *http.Request, sc vigil.Scope) (web.Notice, bool) {
	if !sc.Can(vigil.TriageReports) {
		return web.Notice{}, false
	}
	ctx := r.Context()
	campaigns, err := h.triage.Campaigns(ctx, sc, report.CampaignFilter{Open: true, Page: report.Page{Limit: triageListSize}})
	if err != nil {
		h.Logger.Error("count campaigns waiting", "err", err)
		return web.Notice{}, false
	}
	single, err := h.triage.Reports(ctx, sc, report.ReportFilter{Status: report.Open, Single: true, Page: report.Page{Limit: triageListSize}})
	if err != nil {
		h.Logger.Error("count reports waiting", "err", err)
		return web.Notice{}, false
	}
	if len(campaigns)+len(single) == 0 {
		return web.Notice{}, false
	}
	var oldest time.Time
	older := func(t time.Time) {
		if !t.IsZero() && (oldest.IsZero() || t.Before(oldest)) {
			oldest = t
		}
	}
	urgent := 0
	for _, c := range campaigns {
		older(c.CreatedAt)
	}
	for _, rep := range single {
		if rep.SentAt != nil {
			older(*rep.SentAt)
		}
		if rep.Kind.Urgent() {
			urgent++
		}
	}
	text := fmt.Sprintf("%s and %s are waiting. The oldest has waited %s.",
		count(len(campaigns), "e-mail campaign", triageListSize), count(len(single), "other report", triageListSize), waited(h.Now().Sub(oldest)))
	if urgent > 0 {
		text += fmt.Sprintf(" Act first on %s marked \"Act now\": a password given away or a lost device.", count(urgent, "report", 0))
	}
	return web.Notice{Label: "Waiting for a verdict", Text: text, Next: `<a href="/triage">Open the triage queue</a>`}, true
}

// count says "1 e-mail campaign", "3 other reports" or, at the limit of a
// list, "100 or more".
func count(n int, noun string, limit int) string {
	if n == 1 {
		return "1 " + noun
	}
	if limit > 0 && n >= limit {
		return fmt.Sprintf("%d or more %ss", limit, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// waited says how long in words a person reads at a glance.
func waited(d time.Duration) string {
	switch {
	case d < time.Hour:
		return "under an hour"
	case d < 2*time.Hour:
		return "about an hour"
	case d < 48*time.Hour:
		return fmt.Sprintf("about %d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
