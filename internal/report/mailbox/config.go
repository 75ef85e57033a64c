package mailbox

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// TLSMode says how the connection to the mail server is protected.
type TLSMode string

const (
	TLSImplicit TLSMode = "implicit" // TLS from the first byte, usually port 993
	TLSStartTLS TLSMode = "starttls" // plain connection upgraded with STARTTLS, usually port 143
	// TLSNone sends the password in clear text, so it is accepted only for a
	// server on this machine, as in tests.
	TLSNone TLSMode = "none"
)

// TokenSource returns a current OAuth 2.0 access token for the mailbox. It is
// called before every sign-in, so it can refresh a token that has expired;
// Microsoft 365 and NHSmail tokens last about an hour.
type TokenSource func(ctx context.Context) (string, error)

// Defaults for the fields of Config left at zero.
const (
	DefaultFolder          = "INBOX"
	DefaultPollInterval    = time.Minute
	DefaultMaxMessageBytes = 25 << 20 // the largest report the issue promises to keep
	DefaultMaxPerPoll      = 50
	DefaultDialTimeout     = 30 * time.Second
	DefaultMinBackoff      = 5 * time.Second
	DefaultMaxBackoff      = 5 * time.Minute
)

// headerLimit caps how much of a too-large message's header is fetched, so a
// hostile header cannot make the record of the refusal itself too large.
const headerLimit = 64 << 10

// Config is how to reach the organisation's reporting mailbox.
type Config struct {
	Address   string      // host:port of the IMAP server
	TLS       TLSMode     // how the connection is protected; empty means TLSImplicit
	TLSConfig *tls.Config // optional, e.g. to trust a private CA; nil uses the system roots

	Username string
	Password string      // used with LOGIN or AUTHENTICATE PLAIN when Token is nil
	Token    TokenSource // when set, sign in with XOAUTH2 (Microsoft 365, NHSmail) instead of the password

	Folder string // where reports arrive; default INBOX
	// ProcessedFolder receives each message once it is handled. When it is
	// empty, handled messages are flagged \Seen and left where they are.
	ProcessedFolder string

	PollInterval    time.Duration // between polls; default one minute
	MaxMessageBytes int64         // larger messages are handed over as a "too large" record; default 25 MiB
	MaxPerPoll      int           // messages handled per poll; the next poll follows at once when there are more
	DialTimeout     time.Duration // for the TCP connection and TLS handshake
	MinBackoff      time.Duration // first wait after a failed poll; doubles up to MaxBackoff
	MaxBackoff      time.Duration
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = TLSImplicit
	}
	if c.Folder == "" {
		c.Folder = DefaultFolder
	}
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if c.MaxPerPoll <= 0 {
		c.MaxPerPoll = DefaultMaxPerPoll
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = DefaultMinBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	return c
}

// validate reports every missing or wrong setting at once, so an
// administrator fixes the configuration in one go.
func (c Config) validate() error {
	fields := map[string]string{}
	host, _, err := net.SplitHostPort(c.Address)
	if err != nil {
		fields["address"] = "must be host:port, for example outlook.office365.com:993"
	}
	switch c.TLS {
	case TLSImplicit, TLSStartTLS:
	case TLSNone:
		if err == nil && !isLoopback(host) {
			fields["tls"] = "none sends the password in clear text, so it is only allowed to this machine; use implicit or starttls"
		}
	default:
		fields["tls"] = "must be implicit, starttls or none"
	}
	if c.Username == "" {
		fields["username"] = "is required"
	}
	if c.Password == "" && c.Token == nil {
		fields["password"] = "is required when no OAuth token source is set"
	}
	if c.ProcessedFolder != "" && c.ProcessedFolder == c.Folder {
		fields["processed_folder"] = "must differ from the folder that is polled"
	}
	if len(fields) > 0 {
		return vigil.InvalidFields("The reporting mailbox settings are incomplete.", fields)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
