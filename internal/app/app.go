// Package app wires Vigil together: it opens the store, builds the domain
// services, mounts the pages and the API, and runs the background work.
// Tests start a whole App on port 0 with a temporary database.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/api"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/monitor/natsbus"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/report/mailbox"
	"github.com/vigil-health/vigil/internal/training/reminder"
	"github.com/vigil-health/vigil/internal/web"
	"golang.org/x/time/rate"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=…".
var Version = "dev"

// App is a running Vigil: the services, and the pages, the API and the
// background workers on top of them.
type App struct {
	*Services
	Logger *slog.Logger
	// Feedback sends the speak-up feedback e-mails and Mailbox polls the
	// reporting mailbox, each nil when not configured.
	Feedback *report.Outbox
	Mailbox  *mailbox.Poller
	// Reminders are the weekly training reminder e-mails; they are only
	// sent when a mail relay is configured.
	Reminders *reminder.Reminders
	mailer    feedback.Sender // the mail relay, nil when not configured

	handler  http.Handler
	listener net.Listener
	server   *http.Server
	alertBus *natsbus.Bus     // nil unless --nats-url
	syslog   *syslog.Listener // nil unless --syslog-addr

	// Notify sends notifications and escalates those nobody acknowledges.
	Notify *notify.Service
}

// New opens the services, creating the database if need be, and builds the
// handlers and workers. It does not listen yet.
func New(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	cfg.CreateDatabase = true
	svc, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a := &App{Services: svc, Logger: logger}
	if err := a.buildReportWorkers(); err != nil {
		svc.Close()
		return nil, err
	}
	a.buildReminders()
	a.buildNotify()
	if err := a.buildAlertIntake(ctx); err != nil {
		svc.Close()
		return nil, err
	}
	if err := a.buildHandler(); err != nil {
		svc.Close()
		return nil, err
	}
	if !web.HasFrontend() {
		logger.Warn("the NHS.UK frontend assets are missing: pages will be unstyled; run the build (see README)")
	}
	return a, nil
}

func (a *App) buildHandler() error {
	var oidc *auth.OIDC
	if a.Config.OIDC.Enabled() {
		oidc = auth.NewOIDC(a.Config.OIDC, a.Auth)
	}
	shell, err := web.New(web.Deps{Auth: a.Auth, OIDC: oidc, Logger: a.Logger, Version: Version, SecureCookie: a.Config.HTTPS(),
		TrustedProxies: a.Config.Proxies(), Clock: a.Clock})
	if err != nil {
		return err
	}
	sections, err := a.sections(shell)
	if err != nil {
		return err
	}
	pageMux := http.NewServeMux()
	shell.Mount(pageMux, sections...)

	apiHandler := api.New(api.Deps{Audit: a.Audit, Auth: a.Auth, Orgs: a.Orgs, Journey: a.Journey, Triage: a.Triage, CareMaps: a.CareMaps, WhatIf: a.WhatIf, Hazards: a.Hazards, Plans: a.Plans, Board: a.Board, Logger: a.Logger, Version: Version, SessionCookie: shell.SessionCookieName(), Clock: a.Clock, Intake: a.intakeLimits(),
		Training: a.Training, Buddies: a.Buddies, BaseURL: a.Config.BaseURL, Alerts: a.Alerts, Incidents: a.Incidents,
		LRS: a.LRS, Notify: a.Notify, Bulletins: a.Bulletins,
		Vulns: a.Vulns})
	m := newMetrics()

	apiMux := http.NewServeMux()
	apiHandler.Routes(apiMux)

	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", a.healthz)
	root.HandleFunc("GET /readyz", a.readyz)
	root.Handle("GET /metrics", a.metricsGate(m.handler()))
	root.Handle("/api/", web.CommonHeaders(notePattern(apiMux)))
	root.Handle("/", shell.Wrap(notePattern(pageMux)))

	// Browsers' own cross-origin signals back up the CSRF tokens, and cover
	// API calls made with a session cookie.
	csrf := http.NewCrossOriginProtection()
	a.handler = recoverPanics(a.Logger, m.instrument(logRequests(a.Logger, strictTransport(a.Config.HTTPS(), csrf.Handler(root)))))
	return nil
}

// Handler is the whole HTTP surface, for tests that want no listener.
func (a *App) Handler() http.Handler { return a.handler }

// Listen binds the configured address (":0" picks a free port).
func (a *App) Listen() error {
	l, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	a.listener = l
	return nil
}

// URL is where the app is listening.
func (a *App) URL() string { return "http://" + a.listener.Addr().String() }

// Serve answers requests until ctx ends, then drains them for up to 15 s.
func (a *App) Serve(ctx context.Context) error {
	if a.listener == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.server = &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // staff upload e-mails and staff lists
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	workers, stopWorkers := context.WithCancel(ctx)
	defer stopWorkers()
	go a.sweepSessions(workers)
	go a.runReportWorkers(workers)
	go a.runBoardSnapshots(workers)
	go a.runAlertWorkers(workers)
	go a.runVulnFeeds(workers)
	go a.runTrainingReminders(workers)
	go a.runNotify(workers)
	go a.runLRSDelivery(workers)
	go a.fillCareMapOutlines(workers)

	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	a.Logger.Info("vigil is listening", "url", a.URL(), "database", a.DB.Dialect.String(), "where", a.DB.Where, "version", Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.server.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (a *App) sweepSessions(ctx context.Context) {
	repeat(ctx, 5*time.Minute, false, func() {
		if err := a.Auth.Sweep(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Warn("sweep sessions", "err", err)
		}
	})
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// readyz says whether this node should get traffic: the database answers
// and its schema is the one this binary expects.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unreachable")
		a.Logger.Warn("readyz: database unreachable", "err", err)
		return
	}
	current, target, pending, err := a.DB.SchemaVersion(ctx)
	if err != nil || current != target || len(pending) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "schema at version %d, want %d; migrations not applied: %v\n", current, target, pending)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (a *App) intakeLimits() api.IntakeLimits {
	l := api.DefaultIntakeLimits()
	l.PerToken, l.PerOrganisation = rate.Limit(a.Config.IntakePerToken), rate.Limit(a.Config.IntakePerOrg)
	return l
}
