package app

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/monitor/natsbus"
)

// AlertsConfig says how alerts reach Vigil besides the API.
type AlertsConfig struct {
	// NATSURL, when set, sends alerts through a NATS JetStream stream: the
	// node that receives an alert publishes it, and every node's worker
	// stores what it takes off the stream.
	NATSURL string
	// NATSStream names the stream; nodes of one deployment share it.
	NATSStream string
	// Syslog listener: an address to listen on, the organisation (ODS code)
	// its alerts belong to, the source name they are stored under, and a
	// certificate and key for TLS.
	SyslogAddr, SyslogOrg, SyslogSource string
	SyslogCert, SyslogKey               string
	// GroupWindow is how close in time alerts of one rule on one asset must
	// be to count as one group; zero means an hour.
	GroupWindow time.Duration
	// RetentionDays is how long alerts not in an incident are kept; zero
	// keeps them for ever.
	RetentionDays float64
}

func (c *Config) alertSettings() []setting {
	return []setting{
		{name: "nats-url", usage: "NATS server (nats://host:4222) whose JetStream carries alerts between nodes; empty stores them on the node that receives them", str: &c.Alerts.NATSURL},
		{name: "nats-stream", usage: "name of the JetStream stream of alerts; every node of one deployment uses the same", str: &c.Alerts.NATSStream},
		{name: "syslog-addr", usage: "address to receive alerts by syslog over TCP, e.g. :6514; empty turns the listener off", str: &c.Alerts.SyslogAddr},
		{name: "syslog-org", usage: "organisation code that alerts received by syslog belong to", str: &c.Alerts.SyslogOrg},
		{name: "syslog-source", usage: "the name alerts received by syslog are stored under", str: &c.Alerts.SyslogSource},
		{name: "syslog-tls-cert", usage: "certificate file (PEM) for syslog over TLS", str: &c.Alerts.SyslogCert},
		{name: "syslog-tls-key", usage: "private key file (PEM) for syslog over TLS", str: &c.Alerts.SyslogKey},
		{name: "alert-group-window", usage: "how close in time alerts of one rule on one machine must be to show as one group", dur: &c.Alerts.GroupWindow},
		{name: "alert-retention-days", usage: "days to keep alerts that are not part of an incident, swept daily; 0 keeps them for ever", num: &c.Alerts.RetentionDays},
	}
}

// silenceCheckEvery is how often sources are checked for silence: well
// inside the shortest interval a source can be given (a minute).
const silenceCheckEvery = 30 * time.Second

// retentionSweepEvery is how often expired alerts are deleted.
const retentionSweepEvery = 24 * time.Hour

// buildAlertIntake connects the alert stream and binds the syslog listener
// when they are configured, so a wrong setting stops start-up.
func (a *App) buildAlertIntake(ctx context.Context) error {
	cfg := a.Config.Alerts
	if cfg.NATSURL != "" {
		bus, err := natsbus.Connect(ctx, natsbus.Config{URL: cfg.NATSURL, Stream: cfg.NATSStream})
		if err != nil {
			return err
		}
		a.alertBus = bus
		a.Alerts.UseBus(bus)
	}
	if cfg.SyslogAddr == "" {
		return nil
	}
	if cfg.SyslogOrg == "" {
		return fmt.Errorf("--syslog-addr needs --syslog-org: the organisation the alerts belong to")
	}
	if cfg.SyslogSource == "" {
		cfg.SyslogSource = "Syslog " + cfg.SyslogAddr
	}
	lc := syslog.Config{Source: cfg.SyslogSource}
	if cfg.SyslogCert != "" || cfg.SyslogKey != "" {
		cert, err := tls.LoadX509KeyPair(cfg.SyslogCert, cfg.SyslogKey)
		if err != nil {
			return fmt.Errorf("load the syslog TLS certificate: %w", err)
		}
		lc.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	l, err := syslog.Listen("tcp", cfg.SyslogAddr, lc)
	if err != nil {
		return err
	}
	a.syslog = l
	return nil
}

// runAlertWorkers stores alerts until ctx ends: this node's batch writer,
// its share of the stream when there is one, the syslog listener when
// configured, and the watch on silent sources. Several nodes may each run
// all of them: a silence alert's dedup key is the source and the time it was
// last heard, so two nodes raising it store it once.
func (a *App) runAlertWorkers(ctx context.Context) {
	go func() {
		if err := a.Alerts.Run(ctx); err != nil {
			a.Logger.Error("alert writer stopped", "err", err)
		}
	}()
	if a.alertBus != nil {
		go func() {
			defer a.alertBus.Close()
			if err := a.alertBus.Work(ctx, a.Alerts, monitor.DefaultBatchRows, monitor.DefaultBatchWait); err != nil {
				a.Logger.Error("alert stream worker stopped", "err", err)
			}
		}()
	}
	if a.syslog != nil {
		go a.receiveSyslog(ctx)
	}
	if days := int(a.Config.Alerts.RetentionDays); days > 0 {
		go a.sweepAlerts(ctx, days)
	}
	repeat(ctx, silenceCheckEvery, false, func() {
		n, err := a.Alerts.CheckSilence(ctx, a.Clock())
		if err != nil && ctx.Err() == nil {
			a.Logger.Warn("check alert sources for silence", "err", err)
		}
		if n > 0 {
			a.Logger.Info("alert sources gone silent", "sources", n)
		}
	})
}

// sweepAlerts deletes expired alerts at start and then daily.
func (a *App) sweepAlerts(ctx context.Context, days int) {
	repeat(ctx, retentionSweepEvery, true, func() {
		n, err := a.Alerts.DeleteExpired(ctx, days, a.Clock())
		if err != nil && ctx.Err() == nil {
			a.Logger.Warn("delete expired alerts", "err", err)
		}
		if n > 0 {
			a.Logger.Info("deleted expired alerts", "alerts", n, "days", days)
		}
	})
}

func (a *App) receiveSyslog(ctx context.Context) {
	cfg := a.Config.Alerts
	o, scope, err := a.Operator(ctx, cfg.SyslogOrg)
	if err != nil {
		a.Logger.Error("syslog listener: no such organisation", "org", cfg.SyslogOrg, "err", err)
		return
	}
	source := cfg.SyslogSource
	if source == "" {
		source = "Syslog " + cfg.SyslogAddr
	}
	a.Logger.Info("receiving alerts by syslog", "addr", a.syslog.Addr().String(), "org", o.Code, "tls", cfg.SyslogCert != "")
	err = a.Alerts.ReceiveSyslog(ctx, a.syslog, scope, source, func(err error) { a.Logger.Warn("syslog", "err", err) })
	if err != nil {
		a.Logger.Error("syslog listener stopped", "err", err)
	}
}
