package monitoring

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

type sourcesView struct {
	page
	Sources   []sourceRow
	CanChange bool
}

type sourceRow struct {
	ID, Name, LastSeen string
	Expected           int
	Silent             bool
	Total              int64
	Health             bool // Vigil's own source of silence alerts
}

// sourceList shows each source of alerts with when it was last heard from.
func (h *Pages) sourceList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.sourcesView(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "sources", &v)
}

func (h *Pages) sourcesView(r *http.Request, sc vigil.Scope) (sourcesView, error) {
	sources, err := h.alerts.Sources(r.Context(), sc)
	if err != nil {
		return sourcesView{}, err
	}
	now := h.Now()
	v := sourcesView{page: h.page(r, "Sources of alerts"), CanChange: sc.Can(vigil.WriteAlerts)}
	v.Back = "/monitoring"
	for _, s := range sources {
		v.Sources = append(v.Sources, sourceRow{ID: s.ID, Name: s.Name, LastSeen: ago(now, s.LastSeen), Expected: int(s.Expected / time.Minute),
			Silent: s.Silent(now), Total: s.Total, Health: s.Name == monitor.HealthSource})
	}
	return v, nil
}

// sourceExpect sets how often a source should send.
func (h *Pages) sourceExpect(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	raw := strings.TrimSpace(r.PostFormValue("expected"))
	minutes, err := strconv.Atoi(raw)
	if err != nil && raw != "" {
		minutes = -1 // the service explains the allowed range
	}
	s, err := h.alerts.SetExpected(r.Context(), sc, r.PathValue("id"), minutes)
	if err != nil {
		v, verr := h.sourcesView(r, sc)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		// Point the error summary at this source's own box.
		var ve *vigil.Error
		if errors.As(err, &ve) && ve.Fields["expected_minutes"] != "" {
			err = vigil.InvalidFields(ve.Message, map[string]string{"expected-" + r.PathValue("id"): ve.Fields["expected_minutes"]})
		}
		h.renderInvalid(w, r, "sources", &v, err)
		return
	}
	if s.Expected == 0 {
		h.SetFlash(w, s.Name+" is no longer watched for silence.")
	} else {
		h.SetFlash(w, "Vigil will raise an alert if "+s.Name+" sends nothing for "+plural(int(s.Expected/time.Minute), "minute")+".")
	}
	http.Redirect(w, r, "/monitoring/sources", http.StatusSeeOther)
}
