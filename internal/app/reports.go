package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/report/mailbox"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// MailboxConfig is the organisation's reporting mailbox, polled over IMAP.
type MailboxConfig struct {
	Addr            string // host:port; empty turns the poller off
	TLS             string // implicit, starttls or none
	User            string
	Password        string
	Folder          string
	ProcessedFolder string
	OrgCode         string // the organisation whose mailbox it is
	PollInterval    time.Duration
	// OAuth client credentials for XOAUTH2 (Microsoft 365, NHSmail), used
	// instead of the password when a token URL is set.
	OAuthTokenURL     string
	OAuthClientID     string
	OAuthClientSecret string
	OAuthScope        string
}

// SMTPConfig is the mail relay that feedback e-mails go through.
type SMTPConfig struct {
	Addr     string // host:port; empty turns feedback e-mails off
	TLS      string // starttls, implicit or none
	User     string
	Password string
	From     string
}

// SimulationConfig recognises the organisation's own phishing simulations.
type SimulationConfig struct {
	Header string // empty turns recognition off
	Values string // accepted values, comma-separated; empty accepts any
}

func (c *Config) reportSettings() []setting {
	return []setting{
		{name: "report-imap-addr", usage: "reporting mailbox IMAP server host:port, e.g. outlook.office365.com:993; empty turns the poller off", str: &c.Mailbox.Addr},
		{name: "report-imap-tls", usage: "implicit, starttls or none (none only to this machine)", str: &c.Mailbox.TLS},
		{name: "report-imap-user", usage: "reporting mailbox user name", str: &c.Mailbox.User},
		{name: "report-imap-password", usage: "reporting mailbox password (prefer the environment variable)", str: &c.Mailbox.Password},
		{name: "report-imap-folder", usage: "folder where reports arrive", str: &c.Mailbox.Folder},
		{name: "report-imap-processed-folder", usage: "folder that handled reports move to; empty flags them as read instead", str: &c.Mailbox.ProcessedFolder},
		{name: "report-imap-org", usage: "organisation code whose reporting mailbox it is", str: &c.Mailbox.OrgCode},
		{name: "report-imap-poll-interval", usage: "time between polls of the reporting mailbox", dur: &c.Mailbox.PollInterval},
		{name: "report-imap-oauth-token-url", usage: "OAuth token URL for XOAUTH2 sign-in, e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token", str: &c.Mailbox.OAuthTokenURL},
		{name: "report-imap-oauth-client-id", usage: "OAuth client id for XOAUTH2 sign-in", str: &c.Mailbox.OAuthClientID},
		{name: "report-imap-oauth-client-secret", usage: "OAuth client secret (prefer the environment variable)", str: &c.Mailbox.OAuthClientSecret},
		{name: "report-imap-oauth-scope", usage: "OAuth scope for XOAUTH2 sign-in", str: &c.Mailbox.OAuthScope},
		{name: "smtp-addr", usage: "mail relay host:port for feedback e-mails, e.g. send.nhs.net:587; empty turns them off", str: &c.SMTP.Addr},
		{name: "smtp-tls", usage: "starttls, implicit or none", str: &c.SMTP.TLS},
		{name: "smtp-user", usage: "mail relay user name, if it needs one", str: &c.SMTP.User},
		{name: "smtp-password", usage: "mail relay password (prefer the environment variable)", str: &c.SMTP.Password},
		{name: "smtp-from", usage: "sender of feedback e-mails, e.g. 'Cyber security <cyber.security@trust.nhs.uk>'", str: &c.SMTP.From},
		{name: "simulation-header", usage: "header that marks your own phishing simulations; empty turns recognition off", str: &c.Simulation.Header},
		{name: "simulation-values", usage: "accepted values of the simulation header, comma-separated; empty accepts any", str: &c.Simulation.Values},
	}
}

func defaultReportConfig(c *Config) {
	c.Mailbox.TLS = string(mailbox.TLSImplicit)
	c.Mailbox.Folder = mailbox.DefaultFolder
	c.Mailbox.PollInterval = mailbox.DefaultPollInterval
	c.Mailbox.OAuthScope = "https://outlook.office365.com/.default"
	c.SMTP.TLS = string(feedback.TLSStartTLS)
	c.Simulation.Header = email.DefaultSimulationHeader
}

// checkReports lists what is missing from the speak-up settings. The
// mailbox and relay settings themselves are checked when they are built.
func (c *Config) checkReports() []string {
	var problems []string
	if c.Mailbox.Addr != "" && c.Mailbox.OrgCode == "" {
		problems = append(problems, "report-imap-org must name the organisation whose mailbox report-imap-addr is")
	}
	if c.Mailbox.OAuthTokenURL != "" && (c.Mailbox.OAuthClientID == "" || c.Mailbox.OAuthClientSecret == "") {
		problems = append(problems, "report-imap-oauth-token-url needs report-imap-oauth-client-id and report-imap-oauth-client-secret")
	}
	if c.SMTP.Addr != "" && c.SMTP.From == "" {
		problems = append(problems, "smtp-from must be set when smtp-addr is")
	}
	return problems
}

func (c *Config) simulationMarkers() []email.SimulationMarker {
	if strings.TrimSpace(c.Simulation.Header) == "" {
		return []email.SimulationMarker{} // recognition off
	}
	var values []string
	for _, v := range strings.Split(c.Simulation.Values, ",") {
		if v = strings.TrimSpace(v); v != "" {
			values = append(values, v)
		}
	}
	return []email.SimulationMarker{{Header: c.Simulation.Header, Values: values}}
}

// buildReportWorkers makes the feedback mailer and the mailbox poller when
// they are configured.
func (a *App) buildReportWorkers() error {
	cfg := a.Config
	if cfg.SMTP.Addr != "" {
		sender, err := feedback.NewSMTPSender(feedback.SMTPConfig{Address: cfg.SMTP.Addr, TLS: feedback.TLSMode(cfg.SMTP.TLS),
			Username: cfg.SMTP.User, Password: cfg.SMTP.Password, From: cfg.SMTP.From})
		if err != nil {
			return fmt.Errorf("feedback e-mail settings: %w", err)
		}
		templates, err := feedback.NewTemplates()
		if err != nil {
			return err
		}
		a.Feedback = report.NewOutbox(a.DB, a.Orgs, templates, sender, cfg.BaseURL)
		a.mailer = sender
	}
	if cfg.Mailbox.Addr != "" {
		mc := mailbox.Config{Address: cfg.Mailbox.Addr, TLS: mailbox.TLSMode(cfg.Mailbox.TLS), Username: cfg.Mailbox.User,
			Password: cfg.Mailbox.Password, Folder: cfg.Mailbox.Folder, ProcessedFolder: cfg.Mailbox.ProcessedFolder,
			PollInterval: cfg.Mailbox.PollInterval, MaxMessageBytes: report.MaxEmailBytes}
		if cfg.Mailbox.OAuthTokenURL != "" {
			cc := clientcredentials.Config{ClientID: cfg.Mailbox.OAuthClientID, ClientSecret: cfg.Mailbox.OAuthClientSecret,
				TokenURL: cfg.Mailbox.OAuthTokenURL, Scopes: []string{cfg.Mailbox.OAuthScope}}
			mc.Token = func(ctx context.Context) (string, error) {
				t, err := cc.Token(ctx)
				if err != nil {
					return "", err
				}
				return t.AccessToken, nil
			}
		}
		p, err := mailbox.New(mc, a.mailboxHandler(cfg.Mailbox.OrgCode), a.Logger)
		if err != nil {
			return fmt.Errorf("reporting mailbox settings: %w", err)
		}
		a.Mailbox = p
	}
	return nil
}

// mailboxHandler files each message from the reporting mailbox as a report
// of the mailbox's organisation. The organisation is looked up for every
// message, so the mailbox may be configured before the organisation exists.
func (a *App) mailboxHandler(orgCode string) mailbox.Handler {
	return func(ctx context.Context, m mailbox.Message) error {
		o, err := a.Orgs.OrganisationByCode(ctx, orgCode)
		if err != nil {
			return err
		}
		sc := o.System("Reporting mailbox")
		raw := m.Raw
		if m.TooLarge {
			raw = m.Header
		}
		_, err = a.Journey.Receive(ctx, sc, report.Incoming{Source: report.FromMailbox, Key: m.Key(), Email: raw, TooLarge: m.TooLarge,
			ReporterAddress: report.SenderAddress(raw), ReplyMessageID: m.MessageID})
		if vigil.CodeOf(err) == vigil.Invalid {
			// Nothing in it can ever be a report (an empty message): let it
			// move on, rather than fail on every poll for ever.
			a.Logger.Warn("reporting mailbox message is not a report", "key", m.Key(), "err", err)
			return nil
		}
		return err
	}
}

// runReportWorkers files received reports, polls the reporting mailbox,
// sends feedback e-mails and clears away unsent drafts, until ctx ends.
func (a *App) runReportWorkers(ctx context.Context) {
	go a.Journey.Filer.Run(ctx)
	a.sweepUnfiled(ctx, 0) // what a crash left behind, before anything new
	if a.Mailbox != nil {
		go func() {
			if err := a.Mailbox.Run(ctx); err != nil {
				a.Logger.Error("reporting mailbox stopped", "err", err)
			}
		}()
	}
	repeat(ctx, 30*time.Second, false, func() {
		a.sweepUnfiled(ctx, report.UnfiledAfter)
		now := store.Now()
		if a.Feedback != nil {
			if _, err := a.Feedback.Flush(ctx, now); err != nil && !errors.Is(err, context.Canceled) {
				a.Logger.Warn("send feedback e-mails", "err", err)
			}
		}
		if _, err := a.Journey.SweepDrafts(ctx, now); err != nil && ctx.Err() == nil {
			a.Logger.Warn("sweep unsent reports", "err", err)
		}
	})
}

// sweepUnfiled files reports that a crash left stored but unfiled.
func (a *App) sweepUnfiled(ctx context.Context, minAge time.Duration) {
	for {
		n, err := a.Journey.Filer.Sweep(ctx, minAge, 100)
		if err != nil && ctx.Err() == nil {
			a.Logger.Warn("file left-over reports", "err", err)
		}
		if n > 0 {
			a.Logger.Info("filed reports left over from before", "reports", n)
		}
		if n < 100 || err != nil {
			return
		}
	}
}
