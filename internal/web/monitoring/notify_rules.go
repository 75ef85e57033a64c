package monitoring

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

type notifyRulesView struct {
	page
	Rules      []ruleRow
	CanChange  bool
	Name       string
	Subjects   []option
	Priorities []option
	Services   []option
	Webhooks   []option
	Acks       []option
	EmailOn    bool
}

type ruleRow struct {
	notify.Rule
	Priority string
	Service  string
	Ack      string // how long to acknowledge, in words; "" for no acknowledgement
}

func (h *Pages) newRulesView(r *http.Request, sc vigil.Scope, d notify.RuleDraft) (notifyRulesView, error) {
	ctx := r.Context()
	v := notifyRulesView{page: h.page(r, "Notification rules"), CanChange: sc.Can(vigil.WriteIncidents), Name: d.Name, EmailOn: d.EmailOnCall}
	v.Back = "/monitoring/notifications"
	rules, err := h.Notify.Rules(ctx, sc)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	if m, err := h.maps.Map(ctx, sc); err == nil {
		v.Services = append(v.Services, option{Value: "", Label: "Any service, or none", Selected: d.ServiceID == ""})
		for _, s := range m.Services {
			names[s.ID] = s.Name
			v.Services = append(v.Services, option{Value: s.ID, Label: s.Name, Selected: s.ID == d.ServiceID})
		}
	} else if !vigil.IsNotFound(err) {
		return v, err
	}
	for _, rl := range rules {
		row := ruleRow{Rule: rl, Priority: notify.ThresholdLabel(rl.MinPriority), Service: names[rl.ServiceID]}
		if rl.AckWithin > 0 {
			row.Ack = plural(int(rl.AckWithin/time.Minute), "minute")
		}
		if row.Service == "" {
			row.Service = rl.ServiceID
		}
		v.Rules = append(v.Rules, row)
	}
	for _, s := range notify.Subjects {
		v.Subjects = append(v.Subjects, option{Value: string(s), Label: s.Label(), Selected: s == d.Subject})
	}
	for _, p := range notify.Thresholds {
		v.Priorities = append(v.Priorities, option{Value: strconv.Itoa(p), Label: notify.ThresholdLabel(p), Selected: p == d.MinPriority})
	}
	hooks, err := h.Notify.Webhooks(ctx, sc)
	if err != nil {
		return v, err
	}
	v.Webhooks = append(v.Webhooks, option{Value: "", Label: "No webhook", Selected: d.WebhookID == ""})
	for _, w := range hooks {
		v.Webhooks = append(v.Webhooks, option{Value: w.ID, Label: w.Name + " (" + w.Format.Label() + ")", Selected: w.ID == d.WebhookID})
	}
	for _, a := range notify.AckChoices {
		label := "No acknowledgement needed"
		if a > 0 {
			label = "Within " + plural(a, "minute") + ", or escalate"
		}
		v.Acks = append(v.Acks, option{Value: strconv.Itoa(a), Label: label, Selected: a == d.AckMinutes})
	}
	return v, nil
}

// notifyRules lists the rules, with the form to add one.
func (h *Pages) notifyRules(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.newRulesView(r, sc, notify.RuleDraft{Subject: notify.Incidents, MinPriority: 15, EmailOnCall: true, AckMinutes: 15})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "notify_rules", &v)
}

func (h *Pages) notifyRuleCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d := notify.RuleDraft{Name: strings.TrimSpace(r.PostFormValue("name")), Subject: notify.Subject(r.PostFormValue("subject")),
		ServiceID: r.PostFormValue("service_id"), EmailOnCall: r.PostFormValue("email_on_call") == "yes", WebhookID: r.PostFormValue("webhook_id")}
	d.MinPriority, _ = strconv.Atoi(r.PostFormValue("min_priority"))
	d.AckMinutes, _ = strconv.Atoi(r.PostFormValue("ack_minutes"))
	rl, err := h.Notify.CreateRule(r.Context(), sc, d)
	if err != nil {
		v, verr := h.newRulesView(r, sc, d)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		h.renderInvalid(w, r, "notify_rules", &v, err)
		return
	}
	h.SetFlash(w, "Rule added: "+rl.Name+".")
	http.Redirect(w, r, "/monitoring/notifications/rules", http.StatusSeeOther)
}

func (h *Pages) notifyRuleDelete(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := h.Notify.DeleteRule(r.Context(), sc, r.PathValue("id")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Rule deleted. Anything it already sent still escalates until someone acknowledges it.")
	http.Redirect(w, r, "/monitoring/notifications/rules", http.StatusSeeOther)
}
