package feedback

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/mailtest"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const (
	relayUser     = "vigil@northgate.nhs.uk"
	relayPassword = "relay secret"
)

// delivery is one message as the SMTP server received it.
type delivery struct {
	From string
	To   []string
	Data []byte
	User string // who signed in, if anyone
}

// testRelay is a real SMTP server, in process, that keeps what it receives.
type testRelay struct {
	addr string
	ca   *x509.CertPool

	mu        sync.Mutex
	delivered []delivery
	// refuse maps a recipient to the reply RCPT TO gets.
	refuse map[string]*smtp.SMTPError
}

func startRelay(t *testing.T, mode TLSMode) *testRelay {
	t.Helper()
	r := &testRelay{refuse: map[string]*smtp.SMTPError{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &relaySession{relay: r}, nil
	}))
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = mode == TLSNone
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode != TLSNone {
		var cert tls.Certificate
		cert, r.ca = mailtest.SelfSignedCert(t)
		tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}
		if mode == TLSImplicit {
			ln = tls.NewListener(ln, tlsConfig)
		} else {
			srv.TLSConfig = tlsConfig
		}
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	r.addr = ln.Addr().String()
	return r
}

func (r *testRelay) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.delivered)
}

type relaySession struct {
	relay *testRelay
	cur   delivery
}

func (s *relaySession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *relaySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != relayUser || password != relayPassword {
			return smtp.ErrAuthFailed
		}
		s.cur.User = username
		return nil
	}), nil
}

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.From = from
	return nil
}

func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.relay.mu.Lock()
	refusal := s.relay.refuse[to]
	s.relay.mu.Unlock()
	if refusal != nil {
		return refusal
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *relaySession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.relay.mu.Lock()
	s.relay.delivered = append(s.relay.delivered, s.cur)
	s.relay.mu.Unlock()
	return nil
}

func (s *relaySession) Reset()        { s.cur = delivery{User: s.cur.User} }
func (s *relaySession) Logout() error { return nil }

// readMail is a received message taken apart the way a mail client does.
type readMail struct {
	Header  mail.Header
	Subject string // decoded
	Parts   []string
	Text    string // decoded, with \n line ends
	HTML    string
}

func parseMail(t *testing.T, raw []byte) readMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("received message does not parse: %v", err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("Subject does not decode: %v", err)
	}
	got := readMail{Header: msg.Header, Subject: subject}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("multipart body: %v", err)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("part %s has Content-Transfer-Encoding %q", p.Header.Get("Content-Type"), cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatalf("part %s: %v", p.Header.Get("Content-Type"), err)
		}
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		ct := p.Header.Get("Content-Type")
		got.Parts = append(got.Parts, ct)
		switch ct {
		case "text/plain; charset=utf-8":
			got.Text = text
		case "text/html; charset=utf-8":
			got.HTML = text
		}
	}
	return got
}
