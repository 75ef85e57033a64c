package mailbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"log"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/mailtest"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
)

// The reporting mailbox the tests poll, on a real IMAP server in memory.
const (
	testUser     = "phishing-reports@northgate.nhs.uk"
	testPassword = "correct horse battery staple"
	testToken    = "eyJ0eXAiOiJKV1QiLCJhbGciOi.valid-token"
)

// receivedAt is the INTERNALDATE the tests give every message.
var receivedAt = time.Date(2026, 10, 6, 8, 15, 0, 0, time.UTC)

type serverOptions struct {
	caps  imap.CapSet // nil means IMAP4rev2 (MOVE, UIDPLUS)
	mechs []string    // SASL mechanisms offered; nil means PLAIN and XOAUTH2
	tls   TLSMode     // "" or TLSNone means plain TCP
}

// testIMAP is go-imap's in-memory server, extended with XOAUTH2 so the token
// path is tested end to end.
type testIMAP struct {
	addr string
	user *imapmemserver.User
	opts serverOptions
	ca   *x509.CertPool

	mu        sync.Mutex
	signInsBy []string // mechanism of each successful sign-in
}

func startIMAP(t *testing.T, opts serverOptions) *testIMAP {
	t.Helper()
	if opts.caps == nil {
		opts.caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	if opts.mechs == nil {
		opts.mechs = []string{sasl.Plain, XOAUTH2}
	}
	ts := &testIMAP{user: imapmemserver.NewUser(testUser, testPassword), opts: opts}
	if err := ts.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem := imapmemserver.New()
	mem.AddUser(ts.user)

	serverOpts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &testSession{server: ts}, nil, nil
		},
		Caps:         opts.caps,
		InsecureAuth: opts.tls == "" || opts.tls == TLSNone,
		Logger:       log.New(io.Discard, "", 0),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opts.tls == TLSImplicit || opts.tls == TLSStartTLS {
		var cert tls.Certificate
		cert, ts.ca = mailtest.SelfSignedCert(t)
		tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}
		if opts.tls == TLSImplicit {
			ln = tls.NewListener(ln, tlsConfig)
		} else {
			serverOpts.TLSConfig = tlsConfig
		}
	}
	srv := imapserver.New(serverOpts)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ts.addr = ln.Addr().String()
	return ts
}

// config is a poller configuration that reaches this server with a password.
func (ts *testIMAP) config() Config {
	c := Config{
		Address:    ts.addr,
		TLS:        TLSNone,
		Username:   testUser,
		Password:   testPassword,
		MinBackoff: time.Millisecond,
		MaxBackoff: 4 * time.Millisecond,
	}
	if ts.ca != nil {
		c.TLS = ts.opts.tls
		c.TLSConfig = &tls.Config{RootCAs: ts.ca}
	}
	return c
}

func (ts *testIMAP) add(t *testing.T, folder string, raw []byte, flags ...imap.Flag) {
	t.Helper()
	_, err := ts.user.Append(folder, bytes.NewReader(raw), &imap.AppendOptions{Time: receivedAt, Flags: flags})
	if err != nil {
		t.Fatalf("append to %s: %v", folder, err)
	}
}

// count returns how many messages a folder holds and how many are unseen.
func (ts *testIMAP) count(t *testing.T, folder string) (all, unseen uint32) {
	t.Helper()
	st, err := ts.user.Status(folder, &imap.StatusOptions{NumMessages: true, NumUnseen: true})
	if err != nil {
		t.Fatalf("status of %s: %v", folder, err)
	}
	return *st.NumMessages, *st.NumUnseen
}

func (ts *testIMAP) signIns() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return slices.Clone(ts.signInsBy)
}

func (ts *testIMAP) signedIn(s *testSession, mech string) {
	s.UserSession = imapmemserver.NewUserSession(ts.user)
	ts.mu.Lock()
	ts.signInsBy = append(ts.signInsBy, mech)
	ts.mu.Unlock()
}

type testSession struct {
	*imapmemserver.UserSession // nil until signed in
	server                     *testIMAP
}

func (s *testSession) Login(username, password string) error {
	if username != testUser || password != testPassword {
		return imapserver.ErrAuthFailed
	}
	s.server.signedIn(s, "LOGIN")
	return nil
}

func (s *testSession) AuthenticateMechanisms() []string { return s.server.opts.mechs }

func (s *testSession) Authenticate(mech string) (sasl.Server, error) {
	if !slices.Contains(s.server.opts.mechs, mech) {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, username, password string) error {
			if identity != "" || username != testUser || password != testPassword {
				return imapserver.ErrAuthFailed
			}
			s.server.signedIn(s, sasl.Plain)
			return nil
		}), nil
	case XOAUTH2:
		return &xoauth2Server{session: s}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
}

// xoauth2Server checks tokens the way Microsoft 365 does: a refused token
// gets a JSON challenge, the client answers with an empty line, then NO.
type xoauth2Server struct {
	session *testSession
	refused bool
}

func (x *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	if x.refused {
		return nil, false, imapserver.ErrAuthFailed
	}
	if response == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	want := "user=" + testUser + "\x01auth=Bearer " + testToken + "\x01\x01"
	if string(response) == want {
		x.session.server.signedIn(x.session, XOAUTH2)
		return nil, true, nil
	}
	x.refused = true
	challenge, _ := json.Marshal(XOAUTH2Error{Status: "401", Schemes: "bearer", Scope: "https://outlook.office.com/IMAP.AccessAsUser.All"})
	return challenge, false, nil
}

// sample is one of the shared sample e-mails.
type sample struct {
	name string
	raw  []byte
}

// samples are the project's sample e-mails.
func samples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	for _, name := range mailtest.SampleNames() {
		out = append(out, sample{name, mailtest.Sample(t, name)})
	}
	if len(out) == 0 {
		t.Fatal("no sample e-mails")
	}
	return out
}

// seedSamples puts every sample in INBOX, in file-name order.
func (ts *testIMAP) seedSamples(t *testing.T) []sample {
	t.Helper()
	all := samples(t)
	for _, s := range all {
		ts.add(t, "INBOX", s.raw)
	}
	return all
}

// collector is a handler that keeps what it is given.
type collector struct {
	mu   sync.Mutex
	got  []Message
	fail func(Message) error // nil accepts everything
}

func (c *collector) handle(_ context.Context, m Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		if err := c.fail(m); err != nil {
			return err
		}
	}
	c.got = append(c.got, m)
	return nil
}

func (c *collector) messages() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.got)
}
