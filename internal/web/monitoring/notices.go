package monitoring

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Notices tell every member of staff about incidents still running, with
// the link to what to do, and tell analysts about sources gone silent. A
// failure to read them must not stop the home page, so it is logged.
func (h *Pages) Notices(r *http.Request, sc vigil.Scope) []web.Notice {
	var out []web.Notice
	running, err := h.incidents.Briefings(r.Context(), sc)
	if err != nil {
		h.Logger.Error("read running incidents", "err", err)
	}
	for _, inc := range running {
		text := "A security incident is affecting our systems."
		if n := len(inc.Continuity.Services); n > 0 {
			text = fmt.Sprintf("A security incident is affecting our systems: %d clinical services may need their downtime procedures.", n)
		}
		out = append(out, web.Notice{Label: inc.Code() + " " + inc.Title, Text: text, Posted: inc.CreatedAt,
			Next: template.HTML(`<a href="/monitoring/incidents/` + template.HTMLEscapeString(inc.ID) + `/summary">Read what is down and what to do</a>.`)})
	}
	if !sc.Can(vigil.ReadAlerts) {
		return out
	}
	sources, err := h.alerts.Sources(r.Context(), sc)
	if err != nil {
		h.Logger.Error("read alert sources", "err", err)
		return out
	}
	silent := 0
	for _, s := range sources {
		if s.Silent(h.Now()) {
			silent++
		}
	}
	if silent > 0 {
		out = append(out, web.Notice{Label: "A blind spot", Text: fmt.Sprintf("%d sources of security alerts have gone quiet for longer than expected.", silent),
			Next: template.HTML(`<a href="/monitoring/sources">Check the sources</a>.`)})
	}
	return out
}
