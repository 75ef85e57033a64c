package feedback

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/vigil-health/vigil/internal/vigil"
)

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

const (
	TLSStartTLS TLSMode = "starttls" // plain connection upgraded with STARTTLS, usually port 587
	TLSImplicit TLSMode = "implicit" // TLS from the first byte, usually port 465
	// TLSNone is for an internal relay that takes mail without TLS. A
	// password is never sent that way except to this machine, as in tests.
	TLSNone TLSMode = "none"
)

// Defaults for the fields of SMTPConfig left at zero.
const (
	DefaultDialTimeout = 10 * time.Second
	DefaultSendTimeout = time.Minute
)

// SMTPConfig is how to reach the organisation's mail relay.
type SMTPConfig struct {
	Address   string      // host:port, e.g. send.nhs.net:587
	TLS       TLSMode     // empty means TLSStartTLS
	TLSConfig *tls.Config // optional, e.g. to trust a private CA

	Username string // optional: with Password, sign in with AUTH PLAIN
	Password string

	// From is the sender, e.g. "Northgate cyber security <cyber.security@northgate.nhs.uk>".
	From string
	// HelloName is the name given in EHLO; empty means the domain of From.
	HelloName string

	DialTimeout time.Duration // for the TCP connection
	Timeout     time.Duration // for a whole Send, from dial to QUIT
}

// SMTPSender sends feedback through an SMTP server. It opens a connection
// per message: feedback is a trickle, not a stream.
type SMTPSender struct {
	cfg  SMTPConfig
	from *mail.Address
}

var _ Sender = (*SMTPSender)(nil)

// NewSMTPSender checks cfg and returns a sender.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = DefaultDialTimeout
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultSendTimeout
	}
	fields := map[string]string{}
	host, _, err := net.SplitHostPort(cfg.Address)
	if err != nil {
		fields["address"] = "must be host:port, for example send.nhs.net:587"
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if cfg.Username != "" && err == nil && !isLoopback(host) {
			fields["tls"] = "none would send the password in clear text; use starttls or implicit, or a relay on this machine"
		}
	default:
		fields["tls"] = "must be starttls, implicit or none"
	}
	if (cfg.Username == "") != (cfg.Password == "") {
		fields["password"] = "username and password go together"
	}
	from, err := parseAddress("from", cfg.From)
	if err != nil {
		fields["from"] = "must be one e-mail address, for example Cyber security <cyber.security@northgate.nhs.uk>"
	}
	if strings.ContainsAny(cfg.HelloName, "\r\n ") {
		fields["hello_name"] = "must be a host name"
	}
	if len(fields) > 0 {
		return nil, vigil.InvalidFields("The feedback e-mail settings are incomplete.", fields)
	}
	if cfg.HelloName == "" {
		cfg.HelloName = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	}
	return &SMTPSender{cfg: cfg, from: from}, nil
}

// Send delivers m. Errors from bad input are vigil.Invalid and nothing is
// sent; use IsPermanent to tell whether trying again could help.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	to, err := parseAddress("to", m.To)
	if err != nil {
		return err
	}
	raw, err := buildMessage(s.from, to, m, time.Now(), newMessageID(s.from))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := s.deliver(ctx, to.Address, raw); err != nil {
		if ctx.Err() != nil {
			// The real cause: the connection was closed because time ran out.
			return fmt.Errorf("send feedback to %s through %s: %w (%w)", to.Address, s.cfg.Address, ctx.Err(), err)
		}
		return fmt.Errorf("send feedback to %s through %s: %w", to.Address, s.cfg.Address, err)
	}
	return nil
}

func (s *SMTPSender) deliver(ctx context.Context, to string, raw []byte) error {
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	// Closing the client unblocks whatever it waits for when ctx ends;
	// go-smtp's own deadlines only bound each command.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	// Beyond the whole-send deadline, so that deadline (ctx) is what fires
	// and the error says so.
	c.CommandTimeout, c.SubmissionTimeout = 2*s.cfg.Timeout, 2*s.cfg.Timeout

	if err := c.Hello(s.cfg.HelloName); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server does not offer AUTH; check the TLS setting")
		}
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.Username, s.cfg.Password)); err != nil {
			return fmt.Errorf("sign in as %s: %w", s.cfg.Username, err)
		}
	}
	if err := c.SendMail(s.from.Address, []string{to}, bytes.NewReader(raw)); err != nil {
		return err
	}
	return c.Quit()
}

func (s *SMTPSender) dial(ctx context.Context) (*smtp.Client, error) {
	dialer := &net.Dialer{Timeout: s.cfg.DialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", s.cfg.Address)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	tlsConfig := s.tlsConfig()
	switch s.cfg.TLS {
	case TLSImplicit:
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("TLS: %w", err)
		}
		return smtp.NewClient(tc), nil
	case TLSStartTLS:
		// The greeting and STARTTLS run before the caller can watch ctx.
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		defer stop()
		c, err := smtp.NewClientStartTLS(conn, tlsConfig)
		if err != nil {
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
		return c, nil
	}
	return smtp.NewClient(conn), nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	c := &tls.Config{}
	if s.cfg.TLSConfig != nil {
		c = s.cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName, _, _ = net.SplitHostPort(s.cfg.Address)
	}
	return c
}

// IsPermanent reports whether a Send error will happen again however often
// it is retried: a refused input, or an SMTP 5xx reply such as "no such
// user". Connection failures and 4xx replies are worth a retry.
func IsPermanent(err error) bool {
	if vigil.CodeOf(err) == vigil.Invalid {
		return true
	}
	var smtpErr *smtp.SMTPError
	return errors.As(err, &smtpErr) && smtpErr.Code >= 500 && smtpErr.Code < 600
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
