package monitoring

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// notifyRoutes mounts the notification pages: who is told about what, the
// webhooks and their delivery logs, the on-call rota, and acknowledging. A
// Vigil built without the notification services has none of them.
func (h *Pages) notifyRoutes(mux *http.ServeMux, read, respond func(web.ScopedHandler) http.HandlerFunc) {
	if h.Notify == nil {
		return
	}
	mux.HandleFunc("GET /monitoring/notifications", read(h.notifications))                          // waiting, on call, recent
	mux.HandleFunc("POST /monitoring/notifications/{id}/acknowledge", respond(h.acknowledgePage))   // stop the escalation
	mux.HandleFunc("POST /monitoring/incidents/{id}/acknowledge", respond(h.acknowledgeIncident))   // from the incident page
	mux.HandleFunc("GET /monitoring/notifications/rules", read(h.notifyRules))                      // with the form to add one
	mux.HandleFunc("POST /monitoring/notifications/rules", respond(h.notifyRuleCreate))             //
	mux.HandleFunc("POST /monitoring/notifications/rules/{id}/delete", respond(h.notifyRuleDelete)) //
	mux.HandleFunc("GET /monitoring/notifications/webhooks", read(h.webhookList))                   // with the form to add one
	mux.HandleFunc("POST /monitoring/notifications/webhooks", respond(h.webhookCreate))             // shows the secret once
	mux.HandleFunc("GET /monitoring/notifications/webhooks/{id}", read(h.webhookLog))               // its deliveries
	mux.HandleFunc("POST /monitoring/notifications/webhooks/{id}/test", respond(h.webhookTest))     //
	mux.HandleFunc("POST /monitoring/notifications/webhooks/{id}/delete", respond(h.webhookDelete)) //
	mux.HandleFunc("GET /monitoring/notifications/deliveries/{id}", read(h.deliveryPage))           // what was sent, each attempt
	mux.HandleFunc("GET /monitoring/notifications/rota", read(h.rotaPage))                          // who is on call
	mux.HandleFunc("POST /monitoring/notifications/rota", respond(h.rotaSave))                      //
}

type notificationsView struct {
	page
	Waiting    []pageRow
	Recent     []pageRow
	OnCall     string
	Until      time.Time
	RotaSet    bool
	CanRespond bool
	Sends      bool
}

// pageRow is a notification as the lists show it.
type pageRow struct {
	notify.Page
	Link string
}

func rowsOf(pages []notify.Page) []pageRow {
	out := make([]pageRow, len(pages))
	for i, p := range pages {
		out[i] = pageRow{Page: p, Link: "/monitoring/alerts/" + p.AlertID}
		if p.IncidentID != "" {
			out[i].Link = "/monitoring/incidents/" + p.IncidentID
		}
	}
	return out
}

// notifications shows what waits for someone to acknowledge it, who is on
// call, and what was sent lately.
func (h *Pages) notifications(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	ctx := r.Context()
	v := notificationsView{page: h.page(r, "Notifications and on call"), CanRespond: sc.Can(vigil.WriteIncidents), Sends: h.Notify.Sends()}
	v.Back = "/monitoring"
	waiting, err := h.Notify.Pages(ctx, sc, notify.PageFilter{Waiting: true})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	recent, err := h.Notify.Pages(ctx, sc, notify.PageFilter{})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.Waiting, v.Recent = rowsOf(waiting), rowsOf(recent[:min(len(recent), 20)])
	rota, err := h.Notify.Rota(ctx, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	now := h.Now()
	v.RotaSet = rota.Set()
	if i := rota.OnCallAt(now); i >= 0 {
		v.OnCall, v.Until = rota.People[i].Name, rota.ShiftEnds(now)
	}
	h.render(w, r, http.StatusOK, "notifications", &v)
}

// acknowledgePage stops one notification escalating.
func (h *Pages) acknowledgePage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	p, err := h.Notify.Acknowledge(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Acknowledged: "+p.Title+". Nobody else will be called about it.")
	http.Redirect(w, r, "/monitoring/notifications", http.StatusSeeOther)
}

// acknowledgeIncident is the one-click button on the incident page.
func (h *Pages) acknowledgeIncident(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	if _, err := h.Notify.AcknowledgeIncident(r.Context(), sc, id); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Acknowledged. Nobody else will be called about this incident.")
	http.Redirect(w, r, "/monitoring/incidents/"+id, http.StatusSeeOther)
}
