package monitoring

import (
	"errors"
	"net/http"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The acknowledge link in a notification e-mail opens a page that asks
// first: opening it changes nothing, because mail scanners open links
// before people do. Only the button, a POST with the CSRF check like every
// form, acknowledges. Neither needs signing in: the link is the proof.

type ackLinkView struct {
	page
	Token   string
	Invite  notify.AckInvite
	Problem string // why the link cannot acknowledge, instead of the button
	Done    string // who acknowledged, once done
}

// ackLinkRoutes mounts the acknowledge link's page, when there are
// notifications to acknowledge.
func (h *Pages) ackLinkRoutes(mux *http.ServeMux) {
	if h.Notify == nil {
		return
	}
	mux.HandleFunc("GET "+notify.AckLinkPath+"{token}", h.ackLinkPage)     // asks, changes nothing
	mux.HandleFunc("POST "+notify.AckLinkPath+"{token}", h.ackLinkConfirm) // acknowledges as the person e-mailed
}

func (h *Pages) ackLinkPage(w http.ResponseWriter, r *http.Request) {
	v := ackLinkView{page: h.page(r, "Acknowledge the notification"), Token: r.PathValue("token")}
	inv, err := h.Notify.AckInviteFor(r.Context(), v.Token)
	if err != nil {
		h.ackLinkProblem(w, r, v, err)
		return
	}
	v.Invite = inv
	h.render(w, r, http.StatusOK, "notify_ack_link", &v)
}

func (h *Pages) ackLinkConfirm(w http.ResponseWriter, r *http.Request) {
	v := ackLinkView{page: h.page(r, "Acknowledged"), Token: r.PathValue("token")}
	p, who, err := h.Notify.AcknowledgeByLink(r.Context(), v.Token)
	if err != nil {
		h.ackLinkProblem(w, r, v, err)
		return
	}
	v.Invite.Title, v.Done = p.Title, who.Name
	h.render(w, r, http.StatusOK, "notify_ack_link", &v)
}

// ackLinkProblem shows why a link cannot acknowledge on the link's own
// page, with the way on: signing in.
func (h *Pages) ackLinkProblem(w http.ResponseWriter, r *http.Request, v ackLinkView, err error) {
	var ve *vigil.Error
	if !errors.As(err, &ve) || (ve.Code != vigil.NotFound && ve.Code != vigil.Conflict && ve.Code != vigil.Forbidden) {
		h.Fail(w, r, err)
		return
	}
	v.Title, v.Problem = "This link cannot acknowledge", ve.Message
	h.render(w, r, ve.Code.HTTPStatus(), "notify_ack_link", &v)
}
