// Package notify tells people about the alerts and incidents that matter and
// makes sure someone answers. An organisation's rules say which alerts and
// incidents (by priority, and optionally by the clinical service they put at
// risk) are sent where: an e-mail to whoever is on call by the rota, and a
// signed post to a webhook (generic JSON, Microsoft Teams or Slack). A rule
// may ask for an acknowledgement within a time; if nobody acknowledges, the
// page escalates to the next person on the rota and then to the national
// centre. Every e-mail and post waits in an outbox in the database, so a
// restart loses nothing; each attempt is recorded.
package notify

import (
	"net/http"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/outbound"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
)

// Service keeps the rules, webhooks and rota, and runs the outbox and the
// escalations. Every method that takes a scope touches that organisation's
// rows only; Tick is Vigil's own background work across organisations.
type Service struct {
	db        *store.DB
	orgs      *org.Store
	maps      *mapstore.Store
	alerts    *monitor.Monitor
	incidents *incident.Incidents
	sender    feedback.Sender
	client    *http.Client
	loopback  bool
	baseURL   string
	clock     func() time.Time
}

// Options are what the service needs beyond the other services.
type Options struct {
	// Sender is the mail relay; without one, e-mails are recorded as failed
	// with the reason, and webhooks still go.
	Sender feedback.Sender
	// BaseURL is how people reach Vigil, for the links in messages.
	BaseURL string
	// Client posts to webhooks; nil means one that never connects to this
	// machine or to link-local addresses, with PostTimeout. Whatever is
	// given, redirects are never followed.
	Client *http.Client
	// AllowLoopbackHTTP accepts webhook addresses on this machine, http://
	// ones too, for tests; everything else must be https elsewhere.
	AllowLoopbackHTTP bool
	Clock             func() time.Time
}

// Limits on what an organisation may set up and what Vigil sends.
const (
	MaxRules       = 50
	MaxWebhooks    = 20
	MaxRotaPeople  = 30
	MaxName        = 100
	MaxURL         = 2000
	PostTimeout    = 10 * time.Second
	MaxReplyBytes  = 64 << 10 // of a webhook's answer, kept for the log
	MaxPostBytes   = 64 << 10 // of what Vigil posts; titles are short, so this is a guard
	MaxAttempts    = 8
	FirstRetry     = 30 * time.Second
	LongestRetry   = time.Hour
	claimFor       = 2 * time.Minute // longer than PostTimeout: a dead node's claim lapses
	tickBatch      = 100
	scanOverlap    = 5 * time.Minute // alerts committed late with an earlier receive time are still seen
	maxErrorLength = 500
)

// New returns the notify service.
func New(db *store.DB, orgs *org.Store, maps *mapstore.Store, alerts *monitor.Monitor, incidents *incident.Incidents, o Options) *Service {
	client := outbound.Client(outbound.Options{Timeout: PostTimeout, Receiver: "the webhook", AllowLoopback: o.AllowLoopbackHTTP})
	if o.Client != nil {
		c := *o.Client
		client = &c
		if client.Timeout == 0 || client.Timeout > PostTimeout {
			client.Timeout = PostTimeout
		}
	}
	// A webhook that redirects could send the signed body somewhere else.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if o.Clock == nil {
		o.Clock = store.Now
	}
	return &Service{db: db, orgs: orgs, maps: maps, alerts: alerts, incidents: incidents, sender: o.Sender, client: client,
		loopback: o.AllowLoopbackHTTP, baseURL: o.BaseURL, clock: o.Clock}
}

// Sends says whether e-mails can go out.
func (s *Service) Sends() bool { return s.sender != nil }

func clip(s string, n int) string {
	if len(s) > n {
		return strings.ToValidUTF8(s[:n], "")
	}
	return s
}
