package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// lrsRoutes read how sending quiz results to the organisation's learning
// record store is going. The settings are changed on the pages only, where
// the secret is typed and never shown again.
func (h *Handler) lrsRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/training/lrs", Summary: "Sending quiz results to the learning record store: where to, what waits, what went, and what failed or was refused and why", Permission: vigil.ManageTraining, Response: "LRSDelivery", handle: h.lrsDelivery},
	}
}

func lrsComponents() map[string]any {
	return map[string]any{"LRSDelivery": lrsDeliveryJSON{}}
}

type lrsDeliveryJSON struct {
	Endpoint      string           `json:"endpoint"`
	Enabled       bool             `json:"enabled"`
	Queued        int              `json:"queued"`
	Failing       int              `json:"failing"`
	Delivered     int              `json:"delivered"`
	Parked        int              `json:"parked"`
	LastDelivered *time.Time       `json:"last_delivered,omitempty"`
	Problems      []lrsProblemJSON `json:"problems"`
}

type lrsProblemJSON struct {
	StatementID string     `json:"statement_id"`
	Verb        string     `json:"verb"`
	Lesson      string     `json:"lesson"`
	Status      string     `json:"status"` // queued (failing, tried again later) or parked (refused)
	Tries       int        `json:"tries"`
	NextTry     *time.Time `json:"next_try,omitempty"`
	Reason      string     `json:"reason"`
}

func (h *Handler) lrsDelivery(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	s, err := h.LRS.Settings(r.Context(), sc)
	if err != nil {
		return err
	}
	st, err := h.LRS.Status(r.Context(), sc)
	if err != nil {
		return err
	}
	out := lrsDeliveryJSON{Endpoint: s.Endpoint, Enabled: s.Enabled, Queued: st.Queued, Failing: st.Failing, Delivered: st.Delivered,
		Parked: st.Parked, LastDelivered: timeOrNil(st.LastDelivered), Problems: []lrsProblemJSON{}}
	for _, p := range st.Problems {
		j := lrsProblemJSON{StatementID: p.StatementID, Verb: p.Verb, Lesson: p.Lesson, Status: p.Status, Tries: p.Tries, Reason: p.Reason}
		if p.Status == "queued" {
			j.NextTry = timeOrNil(p.NextTry)
		}
		out.Problems = append(out.Problems, j)
	}
	return writeJSON(w, http.StatusOK, out)
}
