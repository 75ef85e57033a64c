package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

// notifyRoutes set up who is told about serious alerts and incidents, and
// let a person or a tool acknowledge a notification so it stops escalating.
// A webhook's signing secret is in the answer to its creation only.
func (h *Handler) notifyRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/notify/rules", Summary: "Notification rules: which alerts and incidents notify whom", Permission: vigil.ReadAlerts, Response: "NotifyRuleList", handle: h.notifyRules},
		{Method: "POST", Path: "/api/v1/notify/rules", Summary: "Add a notification rule", Permission: vigil.WriteIncidents, Request: "NewNotifyRule", Response: "NotifyRule", Status: http.StatusCreated, handle: h.createNotifyRule},
		{Method: "DELETE", Path: "/api/v1/notify/rules/{id}", Summary: "Delete a notification rule; escalations it started run on", Permission: vigil.WriteIncidents, Status: http.StatusNoContent, handle: h.deleteNotifyRule},
		{Method: "GET", Path: "/api/v1/notify/webhooks", Summary: "Webhooks (never their secrets)", Permission: vigil.ReadAlerts, Response: "WebhookList", handle: h.webhooks},
		{Method: "POST", Path: "/api/v1/notify/webhooks", Summary: "Add a webhook; its signing secret is in this response only", Permission: vigil.WriteIncidents, Request: "NewWebhook", Response: "CreatedWebhook", Status: http.StatusCreated, handle: h.createWebhook},
		{Method: "DELETE", Path: "/api/v1/notify/webhooks/{id}", Summary: "Delete a webhook no rule uses", Permission: vigil.WriteIncidents, Status: http.StatusNoContent, handle: h.deleteWebhook},
		{Method: "POST", Path: "/api/v1/notify/webhooks/{id}/test", Summary: "Post a signed test message to a webhook now", Permission: vigil.WriteIncidents, Response: "NotifyDelivery", handle: h.testWebhook},
		{Method: "GET", Path: "/api/v1/notify/deliveries", Summary: "E-mails and webhook posts, newest first (?webhook= for one webhook's)", Permission: vigil.ReadAlerts, Response: "NotifyDeliveryList", handle: h.notifyDeliveries},
		{Method: "GET", Path: "/api/v1/notify/deliveries/{id}", Summary: "One e-mail or webhook post: exactly what was sent, and each attempt", Permission: vigil.ReadAlerts, Response: "NotifyDelivery", handle: h.notifyDelivery},
		{Method: "GET", Path: "/api/v1/notify/rota", Summary: "The on-call rota and who is on call now", Permission: vigil.ReadAlerts, Response: "Rota", handle: h.rota},
		{Method: "PUT", Path: "/api/v1/notify/rota", Summary: "Replace the on-call rota", Permission: vigil.WriteIncidents, Request: "RotaChange", Response: "Rota", handle: h.setRota},
		{Method: "GET", Path: "/api/v1/notify/pages", Summary: "Notifications sent under the rules, newest first (?waiting=true for those not yet acknowledged)", Permission: vigil.ReadAlerts, Response: "NotifyPageList", handle: h.notifyPages},
		{Method: "POST", Path: "/api/v1/notify/pages/{id}/acknowledge", Summary: "Acknowledge a notification so it stops escalating", Permission: vigil.WriteIncidents, Response: "NotifyPage", handle: h.acknowledgePage},
		{Method: "POST", Path: "/api/v1/incidents/{id}/acknowledge", Summary: "Acknowledge every notification of an incident still waiting", Permission: vigil.WriteIncidents, Response: "NotifyPageList", handle: h.acknowledgeIncident},
	}
}

func notifyComponents() map[string]any {
	return map[string]any{
		"NotifyRuleList":     list[notifyRuleJSON]{},
		"NotifyRule":         notifyRuleJSON{},
		"NewNotifyRule":      newNotifyRuleJSON{},
		"WebhookList":        list[webhookJSON]{},
		"NewWebhook":         newWebhookJSON{},
		"CreatedWebhook":     webhookJSON{},
		"NotifyDeliveryList": list[deliveryJSON]{},
		"NotifyDelivery":     deliveryJSON{},
		"Rota":               rotaJSON{},
		"RotaChange":         rotaChangeJSON{},
		"NotifyPageList":     list[pageJSON]{},
		"NotifyPage":         pageJSON{},
	}
}

type notifyRuleJSON struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Subject     notify.Subject `json:"subject"`
	MinPriority int            `json:"min_priority"`
	ServiceID   string         `json:"service_id,omitempty"`
	EmailOnCall bool           `json:"email_on_call"`
	WebhookID   string         `json:"webhook_id,omitempty"`
	AckMinutes  int            `json:"ack_minutes"`
	CreatedBy   string         `json:"created_by"`
	CreatedAt   time.Time      `json:"created_at"`
}

// newNotifyRuleJSON adds a rule: subject is incident, alert or any;
// min_priority 15, 8, 4 or 1 (the bottom of each band); ack_minutes 0 (no
// acknowledgement), 5, 10, 15, 30 or 60.
type newNotifyRuleJSON struct {
	Name        string         `json:"name"`
	Subject     notify.Subject `json:"subject"`
	MinPriority int            `json:"min_priority"`
	ServiceID   string         `json:"service_id,omitempty"`
	EmailOnCall bool           `json:"email_on_call,omitempty"`
	WebhookID   string         `json:"webhook_id,omitempty"`
	AckMinutes  int            `json:"ack_minutes,omitempty"`
}

func toRuleJSON(r notify.Rule) notifyRuleJSON {
	return notifyRuleJSON{ID: r.ID, Name: r.Name, Subject: r.Subject, MinPriority: r.MinPriority, ServiceID: r.ServiceID, EmailOnCall: r.EmailOnCall,
		WebhookID: r.WebhookID, AckMinutes: int(r.AckWithin / time.Minute), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

func (h *Handler) notifyRules(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	rules, err := h.Notify.Rules(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]notifyRuleJSON, len(rules))
	for i, rl := range rules {
		out[i] = toRuleJSON(rl)
	}
	return writeJSON(w, http.StatusOK, list[notifyRuleJSON]{out})
}

func (h *Handler) createNotifyRule(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in newNotifyRuleJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	rl, err := h.Notify.CreateRule(r.Context(), sc, notify.RuleDraft{Name: in.Name, Subject: in.Subject, MinPriority: in.MinPriority, ServiceID: in.ServiceID,
		EmailOnCall: in.EmailOnCall, WebhookID: in.WebhookID, AckMinutes: in.AckMinutes})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toRuleJSON(rl))
}

func (h *Handler) deleteNotifyRule(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Notify.DeleteRule(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type webhookJSON struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	URL       string        `json:"url"`
	Format    notify.Format `json:"format"`
	CreatedBy string        `json:"created_by"`
	CreatedAt time.Time     `json:"created_at"`
	// Secret signs every post (see X-Vigil-Signature); it is given once, on creation.
	Secret string `json:"secret,omitempty"`
}

// newWebhookJSON adds a webhook: url is https://…; format is generic, teams or slack.
type newWebhookJSON struct {
	Name   string        `json:"name"`
	URL    string        `json:"url"`
	Format notify.Format `json:"format"`
}

func toWebhookJSON(wh notify.Webhook) webhookJSON {
	return webhookJSON{ID: wh.ID, Name: wh.Name, URL: wh.URL, Format: wh.Format, CreatedBy: wh.CreatedBy, CreatedAt: wh.CreatedAt}
}

func (h *Handler) webhooks(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	hooks, err := h.Notify.Webhooks(r.Context(), sc)
	if err != nil {
		return err
	}
	out := make([]webhookJSON, len(hooks))
	for i, wh := range hooks {
		out[i] = toWebhookJSON(wh)
	}
	return writeJSON(w, http.StatusOK, list[webhookJSON]{out})
}

func (h *Handler) createWebhook(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in newWebhookJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	wh, secret, err := h.Notify.CreateWebhook(r.Context(), sc, in.Name, in.URL, in.Format)
	if err != nil {
		return err
	}
	out := toWebhookJSON(wh)
	out.Secret = secret
	return writeJSON(w, http.StatusCreated, out)
}

func (h *Handler) deleteWebhook(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	if err := h.Notify.DeleteWebhook(r.Context(), sc, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type deliveryJSON struct {
	ID        string         `json:"id"`
	PageID    string         `json:"page_id,omitempty"`
	Channel   notify.Channel `json:"channel"`
	WebhookID string         `json:"webhook_id,omitempty"`
	Recipient string         `json:"recipient"`
	Subject   string         `json:"subject"`
	Body      string         `json:"body"` // exactly what was sent
	Status    string         `json:"status"`
	Attempts  int            `json:"attempts"`
	NextAt    *time.Time     `json:"next_at,omitempty"`
	LastError string         `json:"last_error,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	SentAt    *time.Time     `json:"sent_at,omitempty"`
	Tries     []attemptJSON  `json:"tries,omitempty"`
}

type attemptJSON struct {
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code,omitempty"`
	Error      string    `json:"error,omitempty"`
	Millis     int       `json:"millis"`
}

func toDeliveryJSON(d notify.Delivery) deliveryJSON {
	out := deliveryJSON{ID: d.ID, PageID: d.PageID, Channel: d.Channel, WebhookID: d.WebhookID, Recipient: d.Recipient, Subject: d.Subject,
		Body: string(d.Body), Status: d.Status, Attempts: d.Attempts, LastError: d.LastError, CreatedAt: d.CreatedAt}
	if d.Status == notify.Pending {
		out.NextAt = &d.NextAt
	}
	if !d.SentAt.IsZero() {
		out.SentAt = &d.SentAt
	}
	return out
}

func (h *Handler) testWebhook(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	d, err := h.Notify.TestWebhook(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDeliveryJSON(d))
}

func (h *Handler) notifyDeliveries(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	ds, err := h.Notify.Deliveries(r.Context(), sc, r.URL.Query().Get("webhook"))
	if err != nil {
		return err
	}
	out := make([]deliveryJSON, len(ds))
	for i, d := range ds {
		out[i] = toDeliveryJSON(d)
	}
	return writeJSON(w, http.StatusOK, list[deliveryJSON]{out})
}

func (h *Handler) notifyDelivery(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	d, attempts, err := h.Notify.Delivery(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := toDeliveryJSON(d)
	for _, a := range attempts {
		out.Tries = append(out.Tries, attemptJSON{At: a.At, StatusCode: a.StatusCode, Error: a.Error, Millis: a.Millis})
	}
	return writeJSON(w, http.StatusOK, out)
}

type rotaJSON struct {
	ShiftHours int          `json:"shift_hours"`
	StartsAt   *time.Time   `json:"starts_at,omitempty"`
	People     []rotaPerson `json:"people"`
	OnCall     *rotaPerson  `json:"on_call,omitempty"` // now; none before the rota starts
	UpdatedBy  string       `json:"updated_by,omitempty"`
	UpdatedAt  *time.Time   `json:"updated_at,omitempty"`
}

type rotaPerson struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

// rotaChangeJSON replaces the rota: people by user id in order, each on
// call for shift_hours (8, 12, 24 or 168) in turn from starts_at.
type rotaChangeJSON struct {
	ShiftHours int       `json:"shift_hours"`
	StartsAt   time.Time `json:"starts_at"`
	UserIDs    []string  `json:"user_ids"`
}

func (h *Handler) writeRota(w http.ResponseWriter, rt notify.Rota) error {
	out := rotaJSON{ShiftHours: rt.ShiftHours, People: []rotaPerson{}, UpdatedBy: rt.UpdatedBy}
	for _, p := range rt.People {
		out.People = append(out.People, rotaPerson{UserID: p.UserID, Name: p.Name})
	}
	if rt.Set() {
		out.StartsAt, out.UpdatedAt = &rt.StartsAt, &rt.UpdatedAt
		if i := rt.OnCallAt(h.Clock()); i >= 0 {
			out.OnCall = &out.People[i]
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (h *Handler) rota(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	rt, err := h.Notify.Rota(r.Context(), sc)
	if err != nil {
		return err
	}
	return h.writeRota(w, rt)
}

func (h *Handler) setRota(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	var in rotaChangeJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	rt, err := h.Notify.SetRota(r.Context(), sc, notify.RotaDraft{ShiftHours: in.ShiftHours, StartsAt: in.StartsAt, UserIDs: in.UserIDs})
	if err != nil {
		return err
	}
	return h.writeRota(w, rt)
}

type pageJSON struct {
	ID         string         `json:"id"`
	RuleID     string         `json:"rule_id"`
	Subject    notify.Subject `json:"subject"`
	IncidentID string         `json:"incident_id,omitempty"`
	AlertID    string         `json:"alert_id,omitempty"`
	Title      string         `json:"title"`
	Priority   int            `json:"priority"`
	Step       string         `json:"step"` // on call, next on the rota, national centre
	Paged      string         `json:"paged"`
	DueAt      *time.Time     `json:"acknowledge_by,omitempty"`
	AckedAt    *time.Time     `json:"acknowledged_at,omitempty"`
	AckedBy    string         `json:"acknowledged_by,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
}

func toPageJSON(p notify.Page) pageJSON {
	out := pageJSON{ID: p.ID, RuleID: p.RuleID, Subject: p.Subject, IncidentID: p.IncidentID, AlertID: p.AlertID, Title: p.Title, Priority: p.Priority,
		Step: p.StepLabel(), Paged: p.PagedName, AckedBy: p.AckedBy, CreatedAt: p.CreatedAt}
	if !p.DueAt.IsZero() {
		out.DueAt = &p.DueAt
	}
	if p.Acknowledged() {
		out.AckedAt = &p.AckedAt
	}
	return out
}

func (h *Handler) writePages(w http.ResponseWriter, pages []notify.Page) error {
	out := make([]pageJSON, len(pages))
	for i, p := range pages {
		out[i] = toPageJSON(p)
	}
	return writeJSON(w, http.StatusOK, list[pageJSON]{out})
}

func (h *Handler) notifyPages(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	pages, err := h.Notify.Pages(r.Context(), sc, notify.PageFilter{Waiting: r.URL.Query().Get("waiting") == "true"})
	if err != nil {
		return err
	}
	return h.writePages(w, pages)
}

func (h *Handler) acknowledgePage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	p, err := h.Notify.Acknowledge(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPageJSON(p))
}

func (h *Handler) acknowledgeIncident(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	id := r.PathValue("id")
	if _, err := h.Notify.AcknowledgeIncident(r.Context(), sc, id); err != nil {
		return err
	}
	pages, err := h.Notify.Pages(r.Context(), sc, notify.PageFilter{IncidentID: id})
	if err != nil {
		return err
	}
	return h.writePages(w, pages)
}
