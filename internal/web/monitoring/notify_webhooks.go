package monitoring

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

type webhooksView struct {
	page
	Webhooks  []notify.Webhook
	CanChange bool
	Name, URL string
	Formats   []option
}

func (h *Pages) newWebhooksView(r *http.Request, sc vigil.Scope, name, url string, f notify.Format) (webhooksView, error) {
	v := webhooksView{page: h.page(r, "Webhooks"), CanChange: sc.Can(vigil.WriteIncidents), Name: name, URL: url}
	v.Back = "/monitoring/notifications"
	hooks, err := h.Notify.Webhooks(r.Context(), sc)
	if err != nil {
		return v, err
	}
	v.Webhooks = hooks
	for _, fm := range notify.Formats {
		v.Formats = append(v.Formats, option{Value: string(fm), Label: fm.Label(), Selected: fm == f})
	}
	return v, nil
}

// webhookList lists the webhooks, with the form to add one. Secrets are
// never shown here.
func (h *Pages) webhookList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.newWebhooksView(r, sc, "", "", notify.Teams)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "notify_webhooks", &v)
}

type webhookCreatedView struct {
	page
	Webhook notify.Webhook
	Secret  string
}

// webhookCreate adds a webhook and shows its secret on this one answer,
// not through a redirect, so the secret is in no cookie and no later page.
func (h *Pages) webhookCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	name, url, f := strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("url")), notify.Format(r.PostFormValue("format"))
	hook, secret, err := h.Notify.CreateWebhook(r.Context(), sc, name, url, f)
	if err != nil {
		v, verr := h.newWebhooksView(r, sc, name, url, f)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		h.renderInvalid(w, r, "notify_webhooks", &v, err)
		return
	}
	v := webhookCreatedView{page: h.page(r, "Webhook added"), Webhook: hook, Secret: secret}
	v.Back = "/monitoring/notifications/webhooks"
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, http.StatusOK, "notify_webhook_created", &v)
}

type webhookLogView struct {
	page
	Webhook    notify.Webhook
	Deliveries []notify.Delivery
	CanChange  bool
}

// webhookLog shows what was posted to a webhook and how it went.
func (h *Pages) webhookLog(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hook, err := h.Notify.Webhook(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := webhookLogView{page: h.page(r, hook.Name), Webhook: hook, CanChange: sc.Can(vigil.WriteIncidents)}
	v.Back = "/monitoring/notifications/webhooks"
	if v.Deliveries, err = h.Notify.Deliveries(r.Context(), sc, hook.ID); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "notify_webhook", &v)
}

func (h *Pages) webhookTest(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, err := h.Notify.TestWebhook(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	switch d.Status {
	case notify.Sent:
		h.SetFlash(w, "Test sent. The webhook took it.")
	case notify.Pending:
		h.SetFlash(w, "The test did not go through yet; Vigil will try again. The reason is in the log below.")
	default:
		h.SetFlash(w, "The test failed and will not be tried again. The reason is in the log below.")
	}
	http.Redirect(w, r, "/monitoring/notifications/webhooks/"+d.WebhookID, http.StatusSeeOther)
}

func (h *Pages) webhookDelete(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := h.Notify.DeleteWebhook(r.Context(), sc, r.PathValue("id")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Webhook deleted.")
	http.Redirect(w, r, "/monitoring/notifications/webhooks", http.StatusSeeOther)
}

type deliveryView struct {
	page
	Delivery notify.Delivery
	Attempts []notify.Attempt
}

// deliveryPage shows exactly what one e-mail or post said, and each try.
func (h *Pages) deliveryPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, attempts, err := h.Notify.Delivery(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := deliveryView{page: h.page(r, "What was sent"), Delivery: d, Attempts: attempts}
	v.Back = "/monitoring/notifications"
	if d.WebhookID != "" {
		v.Back = "/monitoring/notifications/webhooks/" + d.WebhookID
	}
	h.render(w, r, http.StatusOK, "notify_delivery", &v)
}
