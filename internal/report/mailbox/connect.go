package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// session is a signed-in IMAP connection for one poll.
type session struct {
	*imapclient.Client
	// busy is held from handing a message over until it is marked, so that
	// cancelling the poll waits for the mark instead of cutting it off and
	// handing the same message over again on the next start.
	busy        sync.Mutex
	stopClosing func() bool
}

// close ends the session; it is safe to call more than once.
func (s *session) close() {
	s.stopClosing()
	s.Client.Close()
}

// connect opens a signed-in IMAP session. Cancelling ctx closes the
// connection, which unblocks any command waiting on the server.
func (p *Poller) connect(ctx context.Context) (*session, error) {
	c, err := p.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", p.cfg.Address, err)
	}
	s := &session{Client: c}
	s.stopClosing = context.AfterFunc(ctx, func() {
		s.busy.Lock()
		defer s.busy.Unlock()
		c.Close()
	})
	if err := c.WaitGreeting(); err != nil {
		s.close()
		return nil, fmt.Errorf("greeting from %s: %w", p.cfg.Address, err)
	}
	if err := p.signIn(ctx, c); err != nil {
		s.close()
		return nil, fmt.Errorf("sign in to %s as %s: %w", p.cfg.Address, p.cfg.Username, err)
	}
	return s, nil
}

// dial connects and sets up TLS. It dials itself rather than through
// imapclient's Dial functions so that cancelling ctx also stops a slow
// connect or handshake.
func (p *Poller) dial(ctx context.Context) (*imapclient.Client, error) {
	dialer := &net.Dialer{Timeout: p.cfg.DialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", p.cfg.Address)
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{}
	if p.cfg.TLSConfig != nil {
		tlsConfig = p.cfg.TLSConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName, _, _ = net.SplitHostPort(p.cfg.Address)
	}
	opts := &imapclient.Options{TLSConfig: tlsConfig}

	switch p.cfg.TLS {
	case TLSImplicit:
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("TLS: %w", err)
		}
		return imapclient.New(tc, opts), nil
	case TLSStartTLS:
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		defer stop()
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
		return c, nil
	}
	return imapclient.New(conn, opts), nil
}

func (p *Poller) signIn(ctx context.Context, c *imapclient.Client) error {
	if p.cfg.Token != nil {
		token, err := p.cfg.Token(ctx)
		if err != nil {
			return fmt.Errorf("get OAuth token: %w", err)
		}
		return c.Authenticate(NewXOAUTH2Client(p.cfg.Username, token))
	}
	caps := c.Caps()
	if slices.ContainsFunc(caps.AuthMechanisms(), func(m string) bool { return strings.EqualFold(m, sasl.Plain) }) {
		return c.Authenticate(sasl.NewPlainClient("", p.cfg.Username, p.cfg.Password))
	}
	if caps.Has(imap.CapLoginDisabled) {
		return errors.New("the server allows neither LOGIN nor AUTHENTICATE PLAIN on this connection; use TLS")
	}
	return c.Login(p.cfg.Username, p.cfg.Password).Wait()
}
